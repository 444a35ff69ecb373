package pipeline

// The keys of what a Session takes over: a page, a body or a search entry
// is taken over from the previous build when its key is the same (plan.go
// says when a key is looked at at all).

import (
	"hash/maphash"

	"gen/generator/site"
)

// navKey covers what every page shows: the configuration, the templates and
// the navigation (sections and taxonomies with their titles).
func (r *run) navKey() uint64 {
	var h maphash.Hash
	h.SetSeed(r.keep.seed)
	h.WriteString(r.keep.cfgSrc)
	writeInt(&h, r.keep.themeGen)
	for _, s := range r.site.Sections {
		h.WriteString(s.Name + "\x00" + s.Title + "\x00")
	}
	for _, t := range r.site.Taxonomies {
		h.WriteString(t.Key + "\x00" + t.Label + "\x00")
	}
	return h.Sum64()
}

func writeInt(h *maphash.Hash, n int) {
	var b [8]byte
	for i := range b {
		b[i] = byte(n >> (8 * i))
	}
	h.Write(b[:])
}

// searchKey stands for what the search index holds of an entry: its file,
// its place and its section's title.
func (r *run) searchKey(e *site.Entry) uint64 {
	var h maphash.Hash
	h.SetSeed(r.keep.seed)
	listKey(&h, e)
	h.WriteString(e.Sec.Title)
	return h.Sum64()
}

// listKey stands for how an entry looks in a list: everything shown there
// (title, date, unit, summary, events) comes from its file and its path.
func listKey(h *maphash.Hash, e *site.Entry) {
	h.WriteString(e.Path)
	writeInt(h, int(e.Hash))
	writeInt(h, len(e.Photos)) // a row counts them
}

// entryPageKey is the key of an entry's page.
func (r *run) entryPageKey(e *site.Entry, b *body) uint64 {
	if r.keep == nil {
		return 0
	}
	var h maphash.Hash
	h.SetSeed(r.keep.seed)
	writeInt(&h, int(r.keep.navKey))
	listKey(&h, e)
	writeInt(&h, int(b.htmlHash))
	for _, n := range []*site.Entry{e.Prev, e.Next} {
		if n != nil {
			h.WriteString(n.URL + "\x00" + n.Title + "\x00")
		}
		h.WriteByte(1)
	}
	for _, a := range e.Attachments {
		h.WriteString(a.Name)
		writeInt(&h, int(a.Size))
	}
	photosKey(&h, e)
	return h.Sum64()
}

// photosKey stands for what pages show of an entry's photos: the gallery,
// the pictures' sizes and links, the count in list rows.
func photosKey(h *maphash.Hash, e *site.Entry) {
	writeInt(h, len(e.Photos))
	for _, p := range e.Photos {
		h.WriteString(p.Name + "\x00" + p.Display.URL + "\x00" + p.Thumb.URL + "\x00" + p.Original + "\x00")
		writeInt(h, p.Display.Width<<32|p.Display.Height)
		writeInt(h, p.Thumb.Width<<32|p.Thumb.Height)
		writeInt(h, int(p.Size))
	}
}

// summaryKey stands for the archive-wide counts the overview pages show:
// sections, years with their months, taxonomy terms.
func (r *run) summaryKeyOf() uint64 {
	var h maphash.Hash
	h.SetSeed(r.keep.seed)
	for _, s := range r.site.Sections {
		h.WriteString(s.Name)
		writeInt(&h, len(s.Entries))
		for _, c := range s.Years {
			writeInt(&h, c.Key)
			writeInt(&h, c.Count)
		}
	}
	for _, y := range r.site.Years {
		writeInt(&h, y.Year)
		writeInt(&h, len(y.Entries))
		writeInt(&h, len(y.Events))
		for _, m := range y.Months {
			writeInt(&h, m)
		}
	}
	for _, t := range r.site.Taxonomies {
		h.WriteString(t.Key)
		for _, term := range t.Terms {
			h.WriteString(term.Name)
			writeInt(&h, len(term.Entries))
		}
	}
	return h.Sum64()
}

// listPageKey is the key of a list page; cacheable is false for the 404
// and search pages (cheap, and showing nothing that changes).
func (r *run) listPageKey(p *site.Page) (key uint64, cacheable bool) {
	if r.keep == nil {
		return 0, false
	}
	var h maphash.Hash
	h.SetSeed(r.keep.seed)
	writeInt(&h, int(r.keep.navKey))
	h.WriteString(p.Kind + "\x00" + p.URL + "\x00")
	switch p.Kind {
	case site.KindSectionYear, site.KindYear, site.KindTimelineYear, site.KindTerm:
	case site.KindHome, site.KindSection, site.KindYears, site.KindTimeline, site.KindTaxonomy:
		// overview pages show archive-wide counts, the newest entries, an intro
		writeInt(&h, int(r.summaryKey))
		var newestOf []*site.Entry
		switch p.Kind {
		case site.KindHome:
			newestOf = newest(r.site.Entries, 10)
			writeInt(&h, int(r.keep.hashString(string(r.intros[r.site.Home.IntroPath]))))
		case site.KindSection:
			newestOf = newest(p.Section.Entries, 20)
			writeInt(&h, int(r.keep.hashString(string(r.intros[p.Section.IntroPath]))))
		}
		for _, e := range newestOf {
			listKey(&h, e)
		}
		return h.Sum64(), true
	default:
		return 0, false
	}
	if p.Pager != nil {
		writeInt(&h, p.Pager.Number)
		writeInt(&h, len(p.Pager.Pages))
	}
	if p.Year != nil { // neighbouring years are linked from timeline pages
		for _, y := range r.site.Years {
			writeInt(&h, y.Year)
		}
	}
	for _, g := range p.Groups {
		h.WriteString(g.Title + "\x00" + g.ID + "\x00" + g.URL + "\x00")
		writeInt(&h, g.Key)
		writeInt(&h, g.Total)
		for _, it := range g.Items {
			if it.Event != nil {
				h.WriteByte('e')
				listKey(&h, it.Event.Entry)
				h.WriteString(it.Event.Title)
				continue
			}
			listKey(&h, it.Entry)
		}
	}
	return h.Sum64(), true
}
