package render

import (
	"bytes"
	"fmt"
	"html/template"
	"strings"
	"sync"

	"gen/generator/site"
)

// partialCache holds partials rendered by partialCached during one build:
// the entries belong to one *site.Site and are dropped when a page of
// another build (gen serve reuses the Renderer) asks.
type partialCache struct {
	mu   sync.Mutex
	site *site.Site
	m    map[string]template.HTML
}

func (c *partialCache) get(s *site.Site, key string) (template.HTML, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.site != s {
		c.site, c.m = s, map[string]template.HTML{}
	}
	h, ok := c.m[key]
	return h, ok
}

func (c *partialCache) put(s *site.Site, key string, h template.HTML) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.site == s {
		c.m[key] = h
	}
}

// partialCached renders the partial name with d, or returns what it rendered
// before for the same key in this build.
func (r *Renderer) partialCached(name string, d *Data, key ...any) (template.HTML, error) {
	k := name + "\x00" + fmt.Sprint(key...)
	if h, ok := r.cached.get(d.Site, k); ok {
		return h, nil
	}
	set := r.sets[d.Kind]
	var b bytes.Buffer
	if err := set.ExecuteTemplate(&b, name, d); err != nil {
		return "", err
	}
	h := template.HTML(b.String())
	r.cached.put(d.Site, k, h)
	return h, nil
}

// navCurrent is the navigation item a page belongs to: its section, the
// timeline, the years, or its taxonomy.
func navCurrent(d *Data) string {
	switch {
	case d.Section != nil:
		return "section:" + d.Section.Name
	case d.Taxonomy != nil:
		return "taxonomy:" + d.Taxonomy.Key
	case strings.HasPrefix(d.Kind, "timeline"):
		return "timeline"
	case d.Kind == site.KindYears || d.Kind == site.KindYear:
		return "years"
	}
	return ""
}
