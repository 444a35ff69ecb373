package site

import (
	"fmt"
	"slices"

	"gen/generator/config"
	"gen/generator/diag"
)

// Hugo makes tags and categories without being told, and Hugo and Jekyll
// sites name their writers in author or authors. So categories and authors
// are taxonomies of every site where an entry has one, with pages of their
// own, unless config.toml declares them (with its own label) or a section
// has that name. They are labelled here, as the theme knows only tags and
// units.
var autoTaxonomies = []struct{ key, zh, en string }{
	{"categories", "分类", "Categories"},
	{"authors", "作者", "Authors"},
}

// taxonomyConfigs is the config's taxonomies and the automatic ones used.
func (s *Site) taxonomyConfigs() []config.Taxonomy {
	list := s.Config.Taxonomies
	for _, a := range autoTaxonomies {
		if s.isTaxonomy(a.key) || s.section[a.key] != nil || !s.anyTerms(a.key) {
			continue
		}
		label := a.zh
		if s.Config.Lang() == "en" {
			label = a.en
		}
		list = append(list[:len(list):len(list)], config.Taxonomy{Key: a.key, Label: label})
	}
	return list
}

func (s *Site) anyTerms(key string) bool {
	for _, e := range s.Entries {
		if len(e.TermsOf(key)) > 0 {
			return true
		}
	}
	return false
}

// Alias is a page at an entry's old address (front matter aliases, or the
// .html address a permalink names) that sends the reader to the entry.
type Alias struct {
	URL   string // output path of the alias page
	Entry *Entry
}

// placeAliases lists every alias that takes no other page's place; one
// that would is a warning (AliasWarnings), and the page keeps its place.
func (s *Site) placeAliases() {
	if !slices.ContainsFunc(s.Entries, func(e *Entry) bool { return len(e.Aliases) > 0 }) {
		return
	}
	taken := map[string]string{}
	for _, p := range s.Pages {
		taken[p.URL] = "the archive's " + p.Kind + " page"
	}
	for _, e := range s.Entries {
		taken[e.URL] = "the page of content/" + e.Path
	}
	for _, e := range s.Entries {
		for _, a := range e.Aliases {
			if owner, ok := taken[a]; ok {
				if owner != "the page of content/"+e.Path {
					w := diag.Errorf(e.Path, e.AliasLine, "alias %s is left out: it is %s", a, owner)
					w.Rule, w.Severity = "alias", diag.SeverityWarning
					s.AliasWarnings = append(s.AliasWarnings, w)
				}
				continue
			}
			taken[a] = fmt.Sprintf("an alias of content/%s", e.Path)
			s.Aliases = append(s.Aliases, &Alias{URL: a, Entry: e})
		}
	}
}

// HasMore reports whether the entry's metadata line shows more than the
// built-in keys: categories, authors, or a later update (lastmod); the
// theme's partials/entry-more.html shows them.
func (e *Entry) HasMore() bool {
	return e.HasUpdate() || len(e.TermsOf("categories")) > 0 || len(e.TermsOf("authors")) > 0
}
