package pipeline

import (
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/net/html"

	"gen/generator/output"
)

// The fixture site testdata/site.txtar: three sections, entries 2020–2023,
// a bundle with an attachment, events, a January report on the year before,
// a slug, two entries on one day ordered by weight, a draft, and .md links
// (one with a #fragment, one pointing nowhere).
const (
	reportPath = "content/reports/2022/2022年度述职报告.md"
	reportURL  = "reports/2022/2022年度述职报告/index.html"
	bundleURL  = "activities/2022/2022-07-01-重温入党誓词/index.html"
	bundlePDF  = "activities/2022/2022-07-01-重温入党誓词/签到表.pdf"
	slugURL    = "activities/2022/loudao/index.html"
	treesURL   = "activities/2023/2023年植树活动/index.html"
	readingURL = "activities/2021/2021-05-04-青年读书会/index.html"
	report21   = "reports/2021/2021年支部工作总结/index.html"
	noticeURL  = "notices/2023/关于开展主题党日的通知/index.html"
)

// draftWords are in the draft's title, body, tag and unit and nowhere else.
var draftWords = []string{"尚未定稿的秘密草稿", "紫色长颈鹿", "草稿专用标签", "草稿专用支部", "未完成的草稿"}

// fixture builds the fixture site once per test.
type fixture struct {
	t   *testing.T
	res *Result
	mem *output.Mem
}

func buildFixture(t *testing.T, drafts bool, change func(s map[string]string)) *fixture {
	t.Helper()
	site := readTxtar(t, "site.txtar")
	if change != nil {
		files := map[string]string{}
		for name, f := range site {
			files[name] = string(f.Data)
		}
		change(files)
		site = fstest.MapFS{}
		for name, s := range files {
			site[name] = &fstest.MapFile{Data: []byte(s), Mode: 0o644}
		}
	}
	res, mem := buildMem(t, site, drafts)
	return &fixture{t: t, res: res, mem: mem}
}

// doc parses an output page.
func (f *fixture) doc(name string) *html.Node {
	f.t.Helper()
	return parseHTML(f.t, page(f.t, f.mem, name))
}

// links returns the site paths the matching links of a page point to.
func (f *fixture) links(pageURL string, n *html.Node, query string) []string {
	f.t.Helper()
	var out []string
	for _, a := range sel(n, query) {
		p, err := target(pageURL, attr(a, "href"))
		if err != nil {
			f.t.Fatalf("%s: bad href %q: %v", pageURL, attr(a, "href"), err)
		}
		out = append(out, p)
	}
	return out
}

func eq[T any](t *testing.T, what string, got, want T) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s:\n got %#v\nwant %#v", what, got, want)
	}
}

func TestSitePages(t *testing.T) {
	f := buildFixture(t, false, nil)
	var pages []string
	for _, n := range f.mem.Names() {
		if strings.HasSuffix(n, ".html") {
			pages = append(pages, n)
		}
	}
	want := []string{"404.html", "index.html", "search/index.html",
		"reports/index.html", "activities/index.html", "notices/index.html",
		"reports/2020/index.html", "reports/2021/index.html", "reports/2022/index.html",
		"activities/2021/index.html", "activities/2022/index.html", "activities/2023/index.html", "notices/2023/index.html",
		"reports/2020/2020年支部工作总结/index.html", report21, reportURL,
		readingURL, bundleURL, slugURL, treesURL, noticeURL,
		"years/index.html", "timeline/index.html"}
	for _, y := range []int{2020, 2021, 2022, 2023} {
		want = append(want, fmt.Sprintf("years/%d/index.html", y), fmt.Sprintf("timeline/%d/index.html", y), fmt.Sprintf("years/%d/汇编/index.html", y))
	}
	for _, sy := range []string{"reports/2020", "reports/2021", "reports/2022", "activities/2021", "activities/2022", "activities/2023", "notices/2023"} {
		want = append(want, sy+"/汇编/index.html")
	}
	for _, term := range []string{"工作总结", "组织建设", "述职报告", "读书会", "主题党日", "志愿服务"} {
		want = append(want, "tags/"+term+"/index.html")
	}
	for _, term := range []string{"第一支部", "第二支部", "街道党工委"} {
		want = append(want, "units/"+term+"/index.html")
	}
	want = append(want, "tags/index.html", "units/index.html")
	sort.Strings(want)
	eq(t, "HTML pages", pages, want)
	if f.res.Pages != len(want) {
		t.Errorf("Result.Pages = %d, want %d", f.res.Pages, len(want))
	}
	if b, ok := f.mem.Get(bundlePDF); !ok || !strings.HasPrefix(string(b), "%PDF-1.4 这是测试用的假附件") {
		t.Errorf("attachment %s not copied with its bytes (got %q)", bundlePDF, b)
	}
}

func TestSiteWarnsAboutDanglingLink(t *testing.T) {
	f := buildFixture(t, false, nil)
	src := string(readTxtar(t, "site.txtar")[reportPath].Data)
	line := lineOf(t, src, "(../2019/考勤办法.md)")
	want := fmt.Sprintf("%s:%d: ", reportPath, line)
	if len(f.res.Warnings) != 1 {
		t.Fatalf("warnings = %q, want exactly one, about the dangling link", f.res.Warnings)
	}
	if w := f.res.Warnings[0].Error(); !strings.HasPrefix(w, want) || !strings.Contains(w, "../2019/考勤办法.md") {
		t.Errorf("warning = %q, want it to start %q and name the link", w, want)
	}
}

// lineOf is the 1-based line of the first occurrence of s in src.
func lineOf(t *testing.T, src, s string) int {
	t.Helper()
	i := strings.Index(src, s)
	if i < 0 {
		t.Fatalf("%q not in the fixture", s)
	}
	return strings.Count(src[:i], "\n") + 1
}

func TestSiteHome(t *testing.T) {
	f := buildFixture(t, false, nil)
	d := f.doc("index.html")
	eq(t, "html lang", attr(one(t, d, "html"), "lang"), "zh-CN")
	eq(t, "title", text(one(t, d, "head title")), "星河街道党建档案")
	if intro := text(one(t, d, "section.intro")); !strings.Contains(intro, "这里收存星河街道各党支部历年的述职总结、活动纪实和通知") {
		t.Errorf("intro = %q, want the text of content/_index.md", intro)
	}
	// newest first; the two 2022-07-01 entries in reverse weight order
	eq(t, "newest entries", texts(sel(d, "section.newest li span.t a")), []string{
		"关于开展六月主题党日的通知", "春季义务植树", "2022年度第一支部书记述职报告", "重温入党誓词",
		"清扫小区楼道", "2021年第一支部工作总结", "五四青年读书会", "2020年第一支部工作总结"})
	eq(t, "newest links", f.links("index.html", d, "section.newest li span.t a")[:3],
		[]string{noticeURL, treesURL, reportURL})
	eq(t, "section counts", texts(sel(d, "ul.counts li")), []string{"述职总结 3", "活动纪实 4", "通知 1"})
	eq(t, "section links", f.links("index.html", d, "ul.counts a"),
		[]string{"reports/index.html", "activities/index.html", "notices/index.html"})
	// the January report counts for 2022, the year it reports on
	eq(t, "years strip", texts(sel(d, "ul.years-strip li")), []string{"2023 2", "2022 3", "2021 2", "2020 1"})
	svg := one(t, d, "svg.chart")
	eq(t, "chart bars", texts(sel(svg, "title")), []string{"2020年: 1", "2021年: 2", "2022年: 3", "2023年: 2"})
	eq(t, "chart links", f.links("index.html", svg, "a"),
		[]string{"years/2020/index.html", "years/2021/index.html", "years/2022/index.html", "years/2023/index.html"})
	// bars are as tall as their counts: 3 entries three times 1
	heights := map[string]float64{}
	for _, a := range sel(svg, "a") {
		h, err := strconv.ParseFloat(attr(one(t, a, "rect"), "height"), 64)
		if err != nil {
			t.Fatalf("bar height: %v", err)
		}
		heights[text(one(t, a, "title"))] = h
	}
	if h1, h3 := heights["2020年: 1"], heights["2022年: 3"]; h1 <= 0 || h3 != 3*h1 {
		t.Errorf("bar heights %v: 2022 (3 entries) should be 3 × 2020 (1 entry)", heights)
	}
}

func TestSiteEntry(t *testing.T) {
	f := buildFixture(t, false, nil)
	d := f.doc(bundleURL)
	eq(t, "title", text(one(t, d, "head title")), "重温入党誓词 - 星河街道党建档案")
	eq(t, "h1", text(one(t, d, "article h1")), "重温入党誓词")
	meta := one(t, d, "p.meta")
	eq(t, "date", text(one(t, meta, "time")), "2022年7月1日")
	eq(t, "datetime", attr(one(t, meta, "time"), "datetime"), "2022-07-01")
	eq(t, "meta links", f.links(bundleURL, meta, "a"),
		[]string{"years/2022/index.html", "units/第一支部/index.html", "tags/主题党日/index.html"})
	eq(t, "meta text", text(meta), "2022年7月1日 · 2022年度 · 第一支部 · 主题党日")
	// table of contents: h2 and h3, each pointing at a heading of the body
	toc := sel(d, "nav.toc li")
	eq(t, "toc", texts(toc), []string{"活动经过", "签到情况", "活动体会"})
	eq(t, "toc levels", []string{attr(toc[0], "class"), attr(toc[1], "class"), attr(toc[2], "class")}, []string{"l2", "l3", "l2"})
	for _, href := range f.links(bundleURL, d, "nav.toc a") {
		_, id, _ := strings.Cut(href, "#")
		if len(sel(d, "div.body #"+id)) != 1 {
			t.Errorf("toc link %q: no element with that id in the body", href)
		}
	}
	body := text(one(t, d, "div.body"))
	for _, s := range []string{"七月一日上午，第一支部全体党员来到党群服务中心", "老党员领誓，新党员跟读，声音洪亮。"} {
		if !strings.Contains(body, s) {
			t.Errorf("body lacks %q", s)
		}
	}
	eq(t, "attachments", texts(sel(d, "section.attachments a")), []string{"签到表.pdf"})
	eq(t, "attachment link", f.links(bundleURL, d, "section.attachments a"), []string{bundlePDF})
	eq(t, "link to the attachment in the body", f.links(bundleURL, d, "div.body p a"), []string{bundlePDF})
	// prev/next in the section: weight 1 (清扫) comes before weight 2 on the same day
	eq(t, "prev", texts(sel(d, "nav.prevnext a.prev")), []string{"上一篇清扫小区楼道"})
	eq(t, "prev/next links", f.links(bundleURL, d, "nav.prevnext a"), []string{slugURL, treesURL})
	eq(t, "breadcrumbs", texts(sel(d, "nav.crumbs li")), []string{"首页", "活动纪实", "2022年"})
	eq(t, "breadcrumb links", f.links(bundleURL, d, "nav.crumbs a"),
		[]string{"index.html", "activities/index.html", "activities/2022/index.html"})
	eq(t, "nav marks the section", texts(sel(d, "nav.site-nav a")[1:2]), []string{"活动纪实"})
	if attr(sel(d, "nav.site-nav a")[1], "aria-current") != "page" {
		t.Errorf("the section's link in the navigation is not aria-current")
	}
	// a date taken from the file name
	eq(t, "date from file name", text(one(t, f.doc(readingURL), "p.meta time")), "2021年5月4日")
}

func TestSiteReportOnPreviousYear(t *testing.T) {
	f := buildFixture(t, false, nil)
	d := f.doc(reportURL)
	meta := one(t, d, "p.meta")
	eq(t, "date", text(one(t, meta, "time")), "2023年1月12日")
	eq(t, "year link", f.links(reportURL, meta, "a")[0], "years/2022/index.html")
	if !strings.Contains(text(meta), "2022年度") {
		t.Errorf("meta %q does not give the report's year 2022", text(meta))
	}
	eq(t, "breadcrumbs", f.links(reportURL, d, "nav.crumbs a"),
		[]string{"index.html", "reports/index.html", "reports/2022/index.html"})
	eq(t, "toc", texts(sel(d, "nav.toc li")), []string{"一、履职情况", "（一）抓理论学习", "（二）抓队伍建设", "二、存在不足"})
	// .md links become page links: with a #fragment, and to an entry with a slug
	got := f.links(reportURL, d, "div.body a")
	eq(t, "rewritten links", got[:2], []string{bundleURL + "#活动经过", slugURL})
	if len(sel(f.doc(bundleURL), "#活动经过")) != 1 {
		t.Errorf("the fragment #活动经过 names no element of %s", bundleURL)
	}
	// the soft break after "。" is dropped between two Chinese lines
	if src := page(t, f.mem, reportURL); !strings.Contains(src, "。夏天还组织了") {
		t.Errorf("the line break after 。 was kept: %q", between(src, "宣誓", "楼道清扫"))
	}
	eq(t, "prev/next", f.links(reportURL, d, "nav.prevnext a"), []string{report21})
	eq(t, "no next", len(sel(d, "nav.prevnext a.next")), 0)
	// the slug replaces the file name in the URL
	if _, ok := f.mem.Get("activities/2022/清扫小区楼道/index.html"); ok {
		t.Errorf("the entry with slug = \"loudao\" was also written under its file name")
	}
}

func TestSiteSections(t *testing.T) {
	f := buildFixture(t, false, nil)
	d := f.doc("activities/index.html")
	eq(t, "h1", text(one(t, d, "h1")), "活动纪实 4 条")
	eq(t, "intro", text(one(t, d, "div.intro")), "主题党日、志愿服务和读书会的记录。")
	eq(t, "years", texts(sel(d, "ul.years-strip li")), []string{"2023 1", "2022 2", "2021 1"})
	eq(t, "year links", f.links("activities/index.html", d, "ul.years-strip a"),
		[]string{"activities/2023/index.html", "activities/2022/index.html", "activities/2021/index.html"})
	eq(t, "newest", texts(sel(d, "ul.entries span.t a")), []string{"春季义务植树", "重温入党誓词", "清扫小区楼道", "五四青年读书会"})

	sy := f.doc("activities/2022/index.html")
	eq(t, "section-year h1", text(one(t, sy, "h1")), "活动纪实 · 2022年")
	eq(t, "section-year entries by date, then weight", f.links("activities/2022/index.html", sy, "ul.entries span.t a"),
		[]string{slugURL, bundleURL})
	eq(t, "section-year dates", texts(sel(sy, "ul.entries span.d")), []string{"07-01", "07-01"})
	eq(t, "section-year breadcrumbs", texts(sel(sy, "nav.crumbs li")), []string{"首页", "活动纪实"})
	// a report dated in the next January is listed under the year it reports on, with its full date
	ry := f.doc("reports/2022/index.html")
	eq(t, "reports 2022", texts(sel(ry, "ul.entries li span")), []string{
		"2023-01-12", "2022年度第一支部书记述职报告 第一支部", "第一支部", "现将本人一年来抓支部党建的情况报告如下，请大家评议。"})
}

func TestSiteYears(t *testing.T) {
	f := buildFixture(t, false, nil)
	d := f.doc("years/2022/index.html")
	eq(t, "h1", text(one(t, d, "h1")), "2022年 3 条")
	eq(t, "groups", texts(sel(d, "section.group h2")), []string{"述职总结 1 条", "活动纪实 2 条"})
	eq(t, "group links", f.links("years/2022/index.html", d, "section.group h2 a"),
		[]string{"reports/2022/index.html", "activities/2022/index.html"})
	eq(t, "entries", f.links("years/2022/index.html", d, "section.group span.t a"), []string{reportURL, slugURL, bundleURL})

	idx := f.doc("years/index.html")
	eq(t, "years table head", texts(sel(idx, "thead th")), []string{"年度", "述职总结", "活动纪实", "通知", "合计"})
	var rows []string
	for _, tr := range sel(idx, "tbody tr") {
		var cells []string
		for c := tr.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode {
				cells = append(cells, text(c))
			}
		}
		rows = append(rows, strings.Join(cells, " "))
	}
	eq(t, "years table", rows, []string{"2023年 – 1 1 2", "2022年 1 2 – 3", "2021年 1 1 – 2", "2020年 1 – – 1"})
	eq(t, "2022 row links", f.links("years/index.html", sel(idx, "tbody tr")[1], "a"),
		[]string{"years/2022/index.html", "reports/2022/index.html", "activities/2022/index.html"})
}

func TestSiteTimeline(t *testing.T) {
	f := buildFixture(t, false, nil)
	d := f.doc("timeline/index.html")
	eq(t, "years", texts(sel(d, "h2.year-mark")), []string{"2023年 2 条", "2022年 3 条 · 2 大事记", "2021年 2 条", "2020年 1 条"})
	y2022 := sel(d, "ol.timeline-overview")[0]
	months := sel(y2022, "ol.months")[1]
	eq(t, "2022 months with something", texts(sel(months, "a")), []string{"7月 3", "10月 1", "12月 1"})
	eq(t, "2022 month links", f.links("timeline/index.html", months, "a"), []string{
		"timeline/2022/index.html#m07", "timeline/2022/index.html#m10", "timeline/2022/index.html#m12"})
	eq(t, "empty months", len(sel(months, "li.empty")), 9)

	ty := f.doc("timeline/2022/index.html")
	eq(t, "h1", text(one(t, ty, "h1")), "时间线 · 2022年")
	var ids []string
	for _, g := range sel(ty, "section.group") {
		ids = append(ids, attr(g, "id"))
	}
	eq(t, "month groups", ids, []string{"m07", "m10", "m12"})
	july := one(t, ty, "section#m07")
	eq(t, "july: the event first, then entries by weight", texts(sel(july, "li span.t")), []string{
		"事件 新党员面向党旗宣誓——在街道党群服务中心", "清扫小区楼道 第二支部", "重温入党誓词 第一支部"})
	eq(t, "event links back to its entry", f.links("timeline/2022/index.html", july, "li.event a"), []string{reportURL})
	eq(t, "october event", texts(sel(one(t, ty, "section#m10"), "li.event span.t")), []string{"事件 集中收看大会开幕直播"})
	eq(t, "december: the report written in January", f.links("timeline/2022/index.html", one(t, ty, "section#m12"), "li.entry a"), []string{reportURL})
	eq(t, "neighbour years", f.links("timeline/2022/index.html", one(t, ty, "p.see-also"), "a"), []string{
		"timeline/2021/index.html", "years/2022/index.html", "timeline/2023/index.html"})
}

func TestSiteTaxonomies(t *testing.T) {
	f := buildFixture(t, false, nil)
	tags := f.doc("tags/index.html")
	eq(t, "tags", texts(sel(tags, "ul.terms li")), []string{"工作总结 2", "志愿服务 2", "组织建设 2", "主题党日 1", "读书会 1", "述职报告 1"})
	eq(t, "tag link", f.links("tags/index.html", tags, "ul.terms a")[2], "tags/组织建设/index.html")
	term := f.doc("tags/组织建设/index.html")
	eq(t, "term h1", text(one(t, term, "h1")), "组织建设 2 条")
	eq(t, "term by year, newest year first", texts(sel(term, "section.group h2")), []string{"2022年 1 条", "2021年 1 条"})
	eq(t, "term entries", f.links("tags/组织建设/index.html", term, "span.t a"), []string{reportURL, report21})
	eq(t, "term breadcrumbs", texts(sel(term, "nav.crumbs li")), []string{"首页", "标签"})

	units := f.doc("units/index.html")
	eq(t, "units", texts(sel(units, "ul.terms li")), []string{"第一支部 4", "第二支部 3", "街道党工委 1"})
	u := f.doc("units/第二支部/index.html")
	eq(t, "unit entries", f.links("units/第二支部/index.html", u, "span.t a"), []string{treesURL, slugURL, readingURL})
}

func TestSiteSearchAnd404(t *testing.T) {
	f := buildFixture(t, false, nil)
	eq(t, "search h1", text(one(t, f.doc("search/index.html"), "main h1")), "搜索")
	for _, name := range f.mem.Names() {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		d := f.doc(name)
		form := sel(d, "form.search-box")
		if len(form) != 1 || len(sel(form[0], "input")) == 0 || attr(sel(form[0], "input")[0], "name") != "q" {
			t.Errorf("%s: no search box with an input named q", name)
			continue
		}
		if got, _ := target(name, attr(form[0], "action")); got != "search/index.html" {
			t.Errorf("%s: search box goes to %q", name, got)
		}
	}
	nf := f.doc("404.html")
	eq(t, "404 h1", text(one(t, nf, "main h1")), "页面不存在")
	eq(t, "404 home link", f.links("404.html", one(t, nf, "main"), "p a"), []string{"index.html"})
}

func TestSiteDrafts(t *testing.T) {
	f := buildFixture(t, false, nil)
	for _, name := range f.mem.Names() {
		b, _ := f.mem.Get(name)
		for _, w := range draftWords {
			if strings.Contains(name, w) || strings.Contains(string(b), w) {
				t.Errorf("%s: contains %q from the draft", name, w)
			}
		}
	}
	withDrafts := buildFixture(t, true, nil)
	d := withDrafts.doc("activities/2023/未完成的草稿/index.html")
	eq(t, "draft h1", text(one(t, d, "article h1")), "尚未定稿的秘密草稿")
	if !strings.Contains(text(one(t, d, "div.body")), "紫色长颈鹿") {
		t.Errorf("the draft's body is missing with --drafts")
	}
	eq(t, "section counts with drafts", texts(sel(withDrafts.doc("index.html"), "ul.counts li")), []string{"述职总结 3", "活动纪实 5", "通知 1"})
	for _, p := range []string{"tags/草稿专用标签/index.html", "units/草稿专用支部/index.html"} {
		if _, ok := withDrafts.mem.Get(p); !ok {
			t.Errorf("with --drafts, %s is missing", p)
		}
	}
}

func TestSiteEnglish(t *testing.T) {
	f := buildFixture(t, false, func(s map[string]string) {
		s["config.toml"] = strings.Replace(s["config.toml"], `languageCode = "zh-CN"`, `languageCode = "en"`, 1)
	})
	home := f.doc("index.html")
	eq(t, "html lang", attr(one(t, home, "html"), "lang"), "en")
	eq(t, "navigation", texts(sel(home, "nav.site-nav a"))[3:], []string{"Timeline", "Years", "Tags", "Units"})
	eq(t, "search button", text(one(t, home, "form.search-box button")), "Search")
	e := f.doc(bundleURL)
	eq(t, "English date", text(one(t, e, "p.meta time")), "1 July 2022")
	eq(t, "English date of the report", text(one(t, f.doc(reportURL), "p.meta time")), "12 January 2023")
	eq(t, "breadcrumbs", texts(sel(e, "nav.crumbs li")), []string{"Home", "活动纪实", "2022"})
	eq(t, "prev label", texts(sel(e, "nav.prevnext a span")), []string{"Previous", "Next"})
	eq(t, "timeline h1", text(one(t, f.doc("timeline/2022/index.html"), "main h1")), "Timeline · 2022")
	eq(t, "404", text(one(t, f.doc("404.html"), "main h1")), "Page not found")
	// no Chinese UI label or date is left on any page (the fixture's own
	// text contains none of these)
	for _, name := range f.mem.Names() {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		src := page(t, f.mem, name)
		for _, zh := range []string{"首页", "时间线", "上一篇", "下一篇", "目录", "最新条目", "搜索", "跳到正文", "当前位置", " 条<", "年度<", ">2022年<", "2022年7月1日", "7月<"} {
			if strings.Contains(src, zh) {
				t.Errorf("%s: Chinese label %q in an English site", name, zh)
			}
		}
	}
}

// TestLinkToDraft links to a draft: the warning says the file is there but
// makes no page, not that there is no such file.
func TestLinkToDraft(t *testing.T) {
	site := parseTxtar(`
-- content/reports/2023/a.md --
+++
title = "甲"
date = 2023-01-02
+++

见[草稿](b.md)和[没有的](c.md)。
-- content/reports/2023/b.md --
+++
title = "乙"
date = 2023-01-03
draft = true
+++

草稿。
`)
	res, _ := buildMem(t, site, false)
	var got []string
	for _, w := range res.Warnings {
		got = append(got, w.Error())
	}
	eq(t, "warnings", got, []string{
		`content/reports/2023/a.md:6: link "b.md" points to content/reports/2023/b.md, which makes no page (a draft?)`,
		`content/reports/2023/a.md:6: link "c.md" points to nothing: there is no content/reports/2023/c.md`,
	})
}
