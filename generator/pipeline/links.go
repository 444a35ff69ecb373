package pipeline

import (
	"io/fs"
	"net/url"
	"path"
	"strings"

	"gen/generator/diag"
	"gen/generator/site"
)

// linker rewrites relative links written in Markdown. A link to another
// entry's .md file becomes a link to that entry's page; a link to a file of
// content/ (a bundle's attachment, an image beside the entry) becomes a link
// to where that file is copied. Either is relative to the page it appears
// on. A link that points to nothing is left as written and reported.
type linker struct {
	site    *site.Site
	files   map[string]string // content path → output path, for non-Markdown files
	content fs.FS             // content/, to tell a missing file from one that makes no page
}

func newLinker(s *site.Site, content fs.FS) *linker {
	l := &linker{site: s, files: map[string]string{}, content: content}
	for _, e := range s.Entries {
		for _, a := range e.Attachments {
			l.files[a.Path] = e.Dir() + "/" + a.Name
		}
	}
	for _, f := range s.Files {
		l.files[f.Path] = f.Path
	}
	return l
}

// brokenLink marks a warning about a Markdown link as gen check's rule
// "link", which gen check reports itself, with what the link misses.
func brokenLink(e *diag.Error) *diag.Error {
	e.Rule = "link"
	return e
}

// resolve rewrites dest, written in the content file src (shown in
// warnings), for the page at pageURL.
func (l *linker) resolve(src, pageURL, dest string, line int, warn func(error)) string {
	raw, frag, hasFrag := strings.Cut(dest, "#")
	raw, _, _ = strings.Cut(raw, "?")
	p, err := url.PathUnescape(raw)
	if err != nil {
		p = raw
	}
	p = strings.ReplaceAll(p, "\\", "/")
	target := path.Join(path.Dir(src), p)
	if strings.HasPrefix(target, "../") || target == ".." {
		warn(brokenLink(diag.Errorf(src, line, "link %q points outside content/", dest)))
		return dest
	}
	out, ok := l.target(target, strings.HasSuffix(p, "/"))
	if !ok {
		if _, err := fs.Stat(l.content, target); err == nil && strings.HasSuffix(target, ".md") {
			warn(brokenLink(diag.Errorf(src, line, "link %q points to content/%s, which makes no page (a draft?)", dest, target)))
		} else {
			warn(brokenLink(diag.Errorf(src, line, "link %q points to nothing: there is no content/%s", dest, target)))
		}
		return dest
	}
	href := site.Rel(pageURL, out)
	if hasFrag {
		href += "#" + frag
	}
	return href
}

// contentPath is the content path a relative destination written in src
// names ("" when it leads outside content/).
func (l *linker) contentPath(src, dest string) string {
	raw, _, _ := strings.Cut(dest, "#")
	raw, _, _ = strings.Cut(raw, "?")
	p, err := url.PathUnescape(raw)
	if err != nil {
		p = raw
	}
	target := path.Join(path.Dir(src), strings.ReplaceAll(p, "\\", "/"))
	if strings.HasPrefix(target, "../") || target == ".." {
		return ""
	}
	return target
}

// target finds the output path for a content path.
func (l *linker) target(p string, dir bool) (string, bool) {
	if out, ok := l.files[p]; ok && !dir {
		return out, true
	}
	candidates := []string{p}
	if dir || !strings.HasSuffix(p, ".md") {
		candidates = []string{p + "/index.md", p + "/_index.md", p + ".md"}
	}
	for _, c := range candidates {
		if e := l.site.EntryBySource(c); e != nil {
			return e.URL, true
		}
		switch {
		case c == "_index.md":
			return "index.html", true
		case strings.HasSuffix(c, "/_index.md") && strings.Count(c, "/") == 1:
			if sec := l.site.SectionNamed(path.Dir(c)); sec != nil {
				return sec.URL, true
			}
		}
	}
	if p == "." || p == "" {
		return "index.html", true
	}
	if !strings.Contains(p, "/") {
		if sec := l.site.SectionNamed(p); sec != nil {
			return sec.URL, true
		}
	}
	return "", false
}
