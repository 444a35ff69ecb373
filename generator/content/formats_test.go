package content

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

// The same entry written in TOML, YAML and JSON — every key gen knows,
// an event, an unknown key — gives the same Entry, and its lines point
// at the same keys.
func TestFormatsSideBySide(t *testing.T) {
	for _, c := range []struct {
		name string
		toml string
		yaml string
		json string
	}{
		{"every key",
			"+++\ntitle = \"2022年述职报告\"\ndate = 2023-01-15\nyear = 2022\ndraft = false\ntags = [\"党建\", \"廉政\"]\nunit = \"机关党委\"\nweight = 2\nslug = \"report\"\nsummary = \"摘要\"\nsource = \"old.docx\"\nrating = 4.5\n\n[[events]]\ndate = 2022-07-01\ntitle = \"入党宣誓\"\nnote = \"赴纪念馆\"\n+++\n正文\n",
			"---\ntitle: 2022年述职报告\ndate: 2023-01-15\nyear: 2022\ndraft: false\ntags: [党建, '廉政']\nunit: 机关党委\nweight: 2\nslug: report\nsummary: \"摘要\"\nsource: old.docx\nrating: 4.5\nevents:\n  - date: 2022-07-01\n    title: 入党宣誓\n    note: 赴纪念馆\n---\n正文\n",
			"{\n\"title\": \"2022年述职报告\",\n\"date\": \"2023-01-15\",\n\"year\": 2022,\n\"draft\": false,\n\"tags\": [\"党建\", \"廉政\"],\n\"unit\": \"机关党委\",\n\"weight\": 2,\n\"slug\": \"report\",\n\"summary\": \"摘要\",\n\"source\": \"old.docx\",\n\"rating\": 4.5,\n\"events\": [\n  {\"date\": \"2022-07-01\", \"title\": \"入党宣誓\", \"note\": \"赴纪念馆\"}\n]\n}\n正文\n"},
		{"keys of other tools",
			"+++\ntitle = \"活动\"\ndate = 2022-07-01T09:30:00+08:00\nlastmod = 2022-08-02\ndescription = \"描述\"\ncategories = [\"主题党日\"]\nauthor = \"张三\"\naliases = [\"/old/a/\", \"b.html\"]\nurl = \"/posts/活动/\"\n+++\n正文\n",
			"---\ntitle: 活动\ndate: 2022-07-01 09:30:00 +0800\nlastmod: 2022-08-02\ndescription: 描述\ncategories: [主题党日]\nauthor: 张三\naliases: [/old/a/, b.html]\nurl: /posts/活动/\n---\n正文\n",
			"{\n\"title\": \"活动\",\n\"date\": \"2022-07-01T09:30:00+08:00\",\n\"lastmod\": \"2022-08-02\",\n\"description\": \"描述\",\n\"categories\": [\"主题党日\"],\n\"author\": \"张三\",\n\"aliases\": [\"/old/a/\", \"b.html\"],\n\"url\": \"/posts/活动/\"\n}\n正文\n"},
	} {
		var entries [3]*Entry
		for i, src := range []string{c.toml, c.yaml, c.json} {
			e, body, err := Parse("reports/2022/述职.md", []byte(src), cfg())
			if err != nil {
				t.Fatalf("%s, format %d: %v", c.name, i, err)
			}
			if string(body) != "正文\n" {
				t.Errorf("%s, format %d: body %q", c.name, i, body)
			}
			e.Meta = 0     // a hash of the front matter as written
			e.BodyLine = 0 // TOML needs a blank line before [[events]]
			entries[i] = e
		}
		for i, name := range []string{"YAML", "JSON"} {
			if !reflect.DeepEqual(entries[0], entries[i+1]) {
				t.Errorf("%s: %s gives\n%+v\nTOML\n%+v", c.name, name, *entries[i+1], *entries[0])
			}
		}
	}
}

// The keys of other tools mean what their users expect.
func TestToolKeys(t *testing.T) {
	src := "---\ntitle: 活动\ndate: 2022-07-01\nlastmod: 2022-08-02 10:00:00 +0800\ndescription: 描述\ncategories: [主题党日, 主题党日]\nauthors: [张三, 李四]\naliases: [/old/a/, b.html, ../c]\npermalink: /2022/07/活动.html\nmood: 好\n---\n正文\n"
	e, _, err := Parse("activities/2022/活动.md", []byte(src), cfg())
	if err != nil {
		t.Fatal(err)
	}
	if e.Summary != "描述" || !e.HasUpdate() || e.Lastmod.Format("2006-01-02 15:04") != "2022-08-02 10:00" {
		t.Errorf("summary %q, lastmod %v (%t)", e.Summary, e.Lastmod, e.HasUpdate())
	}
	if got := e.TermsOf("categories"); !reflect.DeepEqual(got, []string{"主题党日"}) {
		t.Errorf("categories = %q", got)
	}
	if got := e.TermsOf("authors"); !reflect.DeepEqual(got, []string{"张三", "李四"}) {
		t.Errorf("authors = %q", got)
	}
	// relative aliases are from the entry's folder, as Hugo has them; the
	// permalink's .html address becomes an alias of the page's folder
	wantAliases := []string{"old/a/index.html", "activities/2022/b.html", "activities/c/index.html", "2022/07/活动.html"}
	if !reflect.DeepEqual(e.Aliases, wantAliases) || e.URL != "2022/07/活动/index.html" {
		t.Errorf("aliases %q, URL %q; want %q, 2022/07/活动/index.html", e.Aliases, e.URL, wantAliases)
	}
	if e.Params["mood"] != "好" || len(e.Params) != 1 {
		t.Errorf("Params = %v, want the unknown key mood only", e.Params)
	}
	// a summary wins over description; a lastmod before the date is no update
	e, _, err = Parse("a/2022/b.md", []byte("---\ntitle: t\ndate: 2022-07-01\nlastmod: 2022-07-01T20:00:00+08:00\nsummary: 摘要\ndescription: 描述\n---\n"), cfg())
	if err != nil || e.Summary != "摘要" || e.HasUpdate() {
		t.Errorf("summary %q, update %t, err %v", e.Summary, e.HasUpdate(), err)
	}
}

// Addresses that are not plain paths inside the site are errors at their
// line, as a bad slug is.
func TestToolKeysRefuse(t *testing.T) {
	for _, c := range []struct{ fm, want string }{
		{"url: https://example.com/a/", "x.md:3: url \"https://example.com/a/\" is not an address inside the site"},
		{"url: /a/../../b/", "x.md:3: url"},
		{"permalink: /:year/:title/", "x.md:3: permalink"},
		{"aliases: [/ok/, 'a?b']", "x.md:3: alias \"a?b\""},
		{"aliases: [/a /]", "x.md:3: alias"},
		{"lastmod: 昨天", "x.md:3: lastmod: cannot read"},
		{"categories: {a: 1}", "x.md:3: categories must be a list of strings"},
	} {
		_, _, err := Parse("x.md", []byte("---\ntitle: t\n"+c.fm+"\ndate: 2022-01-01\n---\n"), cfg())
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want %q", c.fm, err, c.want)
		}
	}
}

// What real YAML and JSON files contain, and their mistakes: each error
// names the file and the line, counted from the file's first line.
func TestYAMLAndJSONFiles(t *testing.T) {
	sh, _ := time.LoadLocation("Asia/Shanghai")
	ok := []struct{ name, src, title, date string }{
		{"flow list and quoted date", "---\ntitle: 'Cloud'\ntags: ['Cloud', 'CAP']\ndate: '2008-05-10'\n---\n", "Cloud", "2008-05-10 00:00 +0800"},
		{"datetime with zone", "---\ntitle: a\ndate: 2019-03-26T08:47:11+01:00\n---\n", "a", "2019-03-26 15:47 +0800"},
		{"unquoted date is in the site's zone", "---\ntitle: a\ndate: 2022-07-01\n---\n", "a", "2022-07-01 00:00 +0800"},
		{"Hexo datetime", "---\ntitle: a\ndate: 2016-05-01 10:00:00\n---\n", "a", "2016-05-01 10:00 +0800"},
		{"closing line with spaces, blank line before", "---\ntitle: a\ndate: 2022-07-01\n\n---   \n正文", "a", "2022-07-01 00:00 +0800"},
		{"CRLF and BOM", "\xEF\xBB\xBF---\r\ntitle: a\r\ndate: 2022-07-01\r\n---\r\n", "a", "2022-07-01 00:00 +0800"},
		{"anchors, aliases, merge", "---\nbase: &b {title: a}\n<<: *b\ndate: 2022-07-01\ntags: &t [x]\nunit: *t\n---\n", "a", "2022-07-01 00:00 +0800"},
		{"null is left out", "---\ntitle: a\nsummary: ~\nslug:\ndate: 2022-07-01\n---\n", "a", "2022-07-01 00:00 +0800"},
		{"JSON", "{\n  \"title\": \"a\",\n  \"date\": \"2022-07-01\"\n}\n", "a", "2022-07-01 00:00 +0800"},
	}
	for _, c := range ok {
		e, _, err := Parse("x.md", []byte(c.src), cfg())
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if e.Title != c.title || e.Date.In(sh).Format("2006-01-02 15:04 -0700") != c.date {
			t.Errorf("%s: title %q date %v, want %q %s", c.name, e.Title, e.Date, c.title, c.date)
		}
	}
	bad := []struct{ name, src, want string }{
		{"never closed", "---\ntitle: a\n\n正文\n", "x.md:1: front matter opened with --- is never closed"},
		{"tab indentation", "---\ntitle: a\ntags:\n\t- x\n---\n", "x.md:4: invalid YAML: a tab in the indentation"},
		{"syntax", "---\ntitle: a\ndate: [2022\n---\n", "x.md:3: invalid YAML"},
		{"syntax, block", "---\ntitle: a\ndate: 2022-07-01\n- x\n---\n", "x.md:4: invalid YAML"},
		{"not a mapping", "---\n- a\n- b\n---\n", "x.md:2: invalid YAML front matter: it must be keys and values"},
		{"wrong type at its line", "---\ntitle: a\ndate: 2022-07-01\nweight: heavy\n---\n", "x.md:4: weight must be a whole number"},
		{"nested key line", "---\ntitle: a\ndate: 2022-07-01\nevents:\n  - title: x\n  - date: 2022-07-01\n---\n", "x.md:5: events[1] has no date\nx.md:6: events[2] has no title"},
		{"JSON syntax", "{\n\"title\": \"a\",\n\"date\": 2022-07-01\n}\n", "x.md:3: invalid JSON"},
		{"JSON type at its line", "{\n\"title\": \"a\",\n\"date\": \"2022-07-01\",\n\"tags\": [1]\n}\n", "x.md:4: tags must be a list of strings"},
		{"JSON never closed", "{\n\"title\": \"a\"\n", "x.md:1: JSON front matter opened with { is never closed"},
	}
	for _, c := range bad {
		_, _, err := Parse("x.md", []byte(c.src), cfg())
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%s: error %v, want %q", c.name, err, c.want)
		}
	}
}

// A billion-laughs document: nine levels of ten aliases each would be a
// billion values. The alias budget stops it as an error at a line, after
// at most maxValues values, without the memory (a test that ran it to the
// end would not finish).
func TestYAMLBillionLaughs(t *testing.T) {
	var b strings.Builder
	b.WriteString("---\ntitle: a\ndate: 2022-07-01\nl0: &l0 [lol]\n")
	for i := 1; i <= 9; i++ {
		ref := strings.TrimSuffix(strings.Repeat("*l"+string(rune('0'+i-1))+", ", 10), ", ")
		b.WriteString("l" + string(rune('0'+i)) + ": &l" + string(rune('0'+i)) + " [" + ref + "]\n")
	}
	b.WriteString("---\n")
	_, _, err := Parse("x.md", []byte(b.String()), cfg())
	if err == nil || !strings.Contains(err.Error(), "aliases expand to more than") {
		t.Fatalf("error %v, want the alias budget's", err)
	}
}
