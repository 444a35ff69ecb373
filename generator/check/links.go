package check

import (
	"context"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"gen/generator/diag"
	"gen/generator/markdown"
	"gen/generator/parallel"
	"gen/generator/pipeline"
)

// checkLinks follows every internal href and src of every page of out. It
// runs in two parallel phases, as the build does: scan every page (ids and
// links), then resolve every link against the set of files and the ids of
// the page it names. It returns the issues and the number of pages and
// internal links checked. The links of copies (the years' compilations,
// which print the entries' texts again) are followed and counted, but what
// is wrong with them is reported once, on the entries' own pages.
func checkLinks(ctx context.Context, out *Output, sources map[string]*pipeline.Source, siteFS fs.FS, copies map[string]bool) ([]*diag.Error, int, int, error) {
	names := out.Names()
	set := newOutputSet(names)
	set.site = siteFS
	var htmlNames []string
	for _, n := range names {
		if strings.HasSuffix(n, ".html") || strings.HasSuffix(n, ".htm") {
			htmlNames = append(htmlNames, n)
		}
	}
	scanned := make([]*page, len(htmlNames))
	if err := parallel.For(ctx, len(htmlNames), func(i int) {
		b, _ := out.Generated(htmlNames[i])
		scanned[i] = scanPage(b)
	}); err != nil {
		return nil, 0, 0, err
	}
	for i, n := range htmlNames {
		set.pages[n] = scanned[i]
	}
	type slot struct {
		issues []linkIssue
		links  int
	}
	slots := make([]slot, len(htmlNames))
	if err := parallel.For(ctx, len(htmlNames), func(i int) {
		slots[i].issues, slots[i].links = checkPage(set, htmlNames[i], scanned[i], sources[htmlNames[i]])
	}); err != nil {
		return nil, 0, 0, err
	}
	var issues, copied []linkIssue
	links := 0
	for i, s := range slots {
		links += s.links
		if copies[htmlNames[i]] {
			copied = append(copied, s.issues...)
			continue
		}
		issues = append(issues, s.issues...)
	}
	return collapse(append(issues, ofTemplates(copied, issues)...)), len(htmlNames), links, nil
}

// ofTemplates keeps the issues of copied pages that the theme's templates
// have on other pages too; the rest are in the entries' texts, which are
// reported on the entries' pages.
func ofTemplates(copied, others []linkIssue) []linkIssue {
	groups := map[string]bool{}
	for _, is := range others {
		if is.group != "" {
			groups[is.group] = true
		}
	}
	var out []linkIssue
	for _, is := range copied {
		if groups[is.group] {
			out = append(out, is)
		}
	}
	return out
}

// checkPage checks the links of one page. Broken links that were written
// in Markdown are reported at their source line; the rest come from the
// theme's templates and are reported at the page.
func checkPage(set *outputSet, name string, pg *page, src *pipeline.Source) ([]linkIssue, int) {
	var issues []linkIssue
	links := 0
	m := newMatcher(src)
	for _, h := range pg.links {
		t := set.resolve(name, h)
		if t.kind == external {
			continue
		}
		links++
		if t.kind == ok {
			continue
		}
		if l, found := m.match(h); found {
			issues = append(issues, linkIssue{set.markdownIssue(src.Path, name, l, t), ""})
			continue
		}
		is := &diag.Error{Rule: ruleOf(t), Path: name, Page: name, Msg: message(unescape(h), t)}
		issues = append(issues, linkIssue{is, fmt.Sprint(t.kind, "\x00", t.path, "\x00", t.frag)})
	}
	return issues, links
}

func ruleOf(t target) string {
	if t.kind == noID {
		return "anchor"
	}
	return "link"
}

// message says what a broken link misses.
func message(shown string, t target) string {
	switch t.kind {
	case missing:
		return fmt.Sprintf("link %q → no file %s", shown, t.path)
	case folder:
		return fmt.Sprintf("link %q → %s is a folder: link %s, so it also opens from a file share", shown, t.path+"/", path.Join(t.path, "index.html"))
	case outside:
		return fmt.Sprintf("link %q → goes above the site's top folder", shown)
	case rootPath:
		return fmt.Sprintf("link %q → starts with \"/\": write it relative to the page, so it works under any sub-path and from a file share", shown)
	default:
		return fmt.Sprintf("link %q → no id %q on %s", shown, t.frag, t.path)
	}
}

// markdownIssue reports a broken link at the line of the Markdown file
// where it was written, showing it as written. A relative link the build
// could not resolve is left in the page as written, so what it misses is
// named in the content folder, where the writer looks for it.
func (s *outputSet) markdownIssue(srcPath, pageURL string, l markdown.Link, t target) *diag.Error {
	is := &diag.Error{Rule: ruleOf(t), Path: srcPath, Line: l.Line, Page: pageURL}
	raw, _, _ := strings.Cut(l.Dest, "#")
	raw, _, _ = strings.Cut(raw, "?")
	if markdown.IsRelative(l.Dest) && raw != "" && (t.kind == missing || t.kind == folder || t.kind == outside) {
		p := joinPath(parentDir(srcPath), strings.ReplaceAll(unescape(raw), `\`, "/"))
		switch {
		case !strings.HasPrefix(p, "content/"):
			is.Msg = fmt.Sprintf("link %q → goes outside content/", l.Dest)
		case strings.HasSuffix(raw, "/"):
			is.Msg = fmt.Sprintf("link %q → no page for the folder %s/", l.Dest, p)
		case s.site != nil && exists(s.site, p):
			is.Msg = fmt.Sprintf("link %q → %s makes no page (a draft?)", l.Dest, p)
		default:
			is.Msg = fmt.Sprintf("link %q → no file %s", l.Dest, p)
		}
		return is
	}
	is.Msg = message(l.Dest, t)
	return is
}

func exists(fsys fs.FS, p string) bool {
	_, err := fs.Stat(fsys, p)
	return err == nil
}

// matcher finds the Markdown link behind an href of a page. The build
// leaves a link it cannot resolve as written (goldmark percent-encodes it),
// and rewrites one it can resolve, keeping the #fragment; so an href
// matches a link written the same once decoded, or else a rewritten link
// with the same fragment. A link written twice is matched in order.
type matcher struct {
	links []markdown.Link
	used  []bool
}

func newMatcher(src *pipeline.Source) *matcher {
	if src == nil {
		return &matcher{}
	}
	return &matcher{links: src.Links, used: make([]bool, len(src.Links))}
}

func (m *matcher) match(href string) (markdown.Link, bool) {
	h := unescape(href)
	hPath, hFrag, hasFrag := strings.Cut(h, "#")
	best := -1
	try := func(i int) bool {
		if best < 0 {
			best = i
		}
		if !m.used[i] {
			best = i
			return true
		}
		return false
	}
	for i, l := range m.links {
		if unescape(l.Dest) == h && try(i) {
			break
		}
	}
	if best < 0 && hasFrag && hPath != "" {
		for i, l := range m.links {
			p, f, ok := strings.Cut(unescape(l.Dest), "#")
			if ok && p != "" && f == hFrag && try(i) {
				break
			}
		}
	}
	if best < 0 {
		return markdown.Link{}, false
	}
	m.used[best] = true
	return m.links[best], true
}

// linkIssue is a broken link and, for one from the theme's templates, what
// it misses (its kind, path and fragment), which is the same on every page
// that has it.
type linkIssue struct {
	issue *diag.Error
	group string // "" for a link written in Markdown
}

// collapse reports a broken template link once, not once per page: a
// theme's broken link is on every page, and 10,000 copies of one message
// help nobody. Markdown issues are kept as they are. (diag.Group cannot do
// this: the pages differ, and so does the link as written on each.)
func collapse(issues []linkIssue) []*diag.Error {
	var out []*diag.Error
	first := map[string]int{}
	count := map[string]int{}
	for _, is := range issues {
		if is.group == "" {
			out = append(out, is.issue)
			continue
		}
		if _, seen := first[is.group]; !seen {
			first[is.group] = len(out)
			out = append(out, is.issue)
		}
		count[is.group]++
	}
	keys := make([]string, 0, len(count))
	for k := range count {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if n := count[k]; n > 1 {
			i := first[k]
			out[i].Msg += fmt.Sprintf(" (and on %d more pages)", n-1)
		}
	}
	return out
}
