package pipeline

import (
	"html"
	"strings"

	"gen/generator/site"
)

// writeAliases writes a small page at each entry's old address (front
// matter aliases, as Hugo makes them): a meta refresh and a plain link,
// both relative, so it works from a web server, from file:// and from a
// file share, and gen check follows the link like any other. A quick
// rebuild (texts changed, no front matter) keeps the ones it has.
func (r *run) writeAliases() error {
	if r.plan.scope == scopeTexts {
		return nil
	}
	r.warn(prefixed(r.site.AliasWarnings)...)
	for _, a := range r.site.Aliases {
		if err := r.opts.Out.WriteFile(a.URL, aliasPage(a, r.cfg.Lang())); err != nil {
			return err
		}
		r.res.Pages++
	}
	return nil
}

// aliasPage is the redirect page of a.
func aliasPage(a *site.Alias, lang string) []byte {
	href := html.EscapeString(site.Rel(a.URL, a.Entry.URL))
	title := html.EscapeString(a.Entry.Title)
	moved, htmlLang := "本页已移至", "zh-CN"
	if lang == "en" {
		moved, htmlLang = "This page has moved to", "en"
	}
	var b strings.Builder
	b.WriteString("<!DOCTYPE html>\n<html lang=\"" + htmlLang + "\">\n<head>\n<meta charset=\"utf-8\">\n")
	b.WriteString("<title>" + title + "</title>\n")
	b.WriteString("<meta name=\"robots\" content=\"noindex\">\n")
	b.WriteString("<link rel=\"canonical\" href=\"" + href + "\">\n")
	b.WriteString("<meta http-equiv=\"refresh\" content=\"0; url=" + href + "\">\n")
	b.WriteString("</head>\n<body>\n<p>" + moved + " <a href=\"" + href + "\">" + title + "</a></p>\n</body>\n</html>\n")
	return []byte(b.String())
}
