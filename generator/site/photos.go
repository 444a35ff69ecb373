package site

import (
	"fmt"
	"net/url"
	"sort"
	"strings"
)

// Photos: an entry's pictures made into display copies and thumbnails by
// the build's photos stage, which fills Entry.Photos (and takes them out of
// Entry.Attachments) and then calls AddPhotoPages for the year pages of
// photos. Until then the model has none.

// KindYearPhotos is a year's page of photos (years/<year>/photos/).
const KindYearPhotos = "year-photos"

// Photo is one of an entry's pictures.
type Photo struct {
	Entry    *Entry
	Name     string // the original's file name: "现场3.jpg"
	Path     string // its content path
	Original string // site URL of the original; "" when the site leaves originals out
	Size     int64  // of the original
	Display  Picture
	Thumb    Picture
}

// Picture is a derived image: where it is and its size.
type Picture struct {
	URL           string
	Width, Height int
}

// Link is where a photo links to: the original, else its display copy.
func (p *Photo) Link() string {
	if p.Original != "" {
		return p.Original
	}
	return p.Display.URL
}

// PhotoGroup is a month's photos on a year's page of photos.
type PhotoGroup struct {
	Month  int
	ID     string
	Photos []*Photo
}

// AddPhotoPages adds the page of each year whose entries have photos, with
// the photos by month (an entry's photos under the entry's month), and
// sets Year.PhotosURL. The build calls it once the photos are known.
func (s *Site) AddPhotoPages() {
	for _, y := range s.Years {
		byMonth := map[int][]*Photo{}
		for _, e := range y.Entries {
			m := MonthOf(e, y.Year)
			byMonth[m] = append(byMonth[m], e.Photos...)
		}
		if len(byMonth) == 0 {
			continue
		}
		var groups []*PhotoGroup
		for m := 1; m <= 12; m++ {
			if len(byMonth[m]) > 0 {
				groups = append(groups, &PhotoGroup{Month: m, ID: fmt.Sprintf("m%02d", m), Photos: byMonth[m]})
			}
		}
		y.PhotosURL = fmt.Sprintf("years/%d/photos/index.html", y.Year)
		s.Pages = append(s.Pages, &Page{Kind: KindYearPhotos, URL: y.PhotosURL, Year: y, PhotoGroups: groups})
	}
}

// SortPhotos puts photos in file-name order.
func SortPhotos(list []*Photo) {
	sort.SliceStable(list, func(i, j int) bool { return list[i].Name < list[j].Name })
}

// RelShort returns target as the shortest href relative to the page at
// from: "现场1-1600.jpg" for a picture in the page's own folder, not a
// climb to the root and back down.
func RelShort(from, target string) string {
	fromDir := strings.Split(from, "/")
	fromDir = fromDir[:len(fromDir)-1]
	to := strings.Split(target, "/")
	i := 0
	for i < len(fromDir) && i < len(to)-1 && fromDir[i] == to[i] {
		i++
	}
	var b strings.Builder
	b.WriteString(strings.Repeat("../", len(fromDir)-i))
	for j, seg := range to[i:] {
		if j > 0 {
			b.WriteByte('/')
		}
		b.WriteString(url.PathEscape(seg))
	}
	return b.String()
}
