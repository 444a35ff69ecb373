package check

import (
	"context"
	"testing"
	"testing/fstest"
	"time"

	"gen/generator/internal/corpus"
	"gen/themes"
)

// TestSplitArchive checks a generated archive in which every kind of list
// is split by year, by month and into parts of a month (maxListed 20): gen
// check must find nothing wrong in a build gen just made — every link of
// every split list resolves, every #fragment is on its page.
func TestSplitArchive(t *testing.T) {
	fsys := fstest.MapFS{}
	for name, b := range corpus.Splitting(1500, 11, 20) {
		fsys[name] = &fstest.MapFile{Data: b, Mode: 0o644}
	}
	later := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC) // the corpus runs to 2026
	rep, err := Run(context.Background(), Options{Site: fsys, Builtin: themes.FS, Now: later})
	if err != nil {
		t.Fatal(err)
	}
	dupes := 0
	for _, is := range rep.Issues {
		if is.Rule == "title-duplicate" && is.Severity == Warning {
			dupes++ // generated titles repeat by chance; that is the content's, not the lists'
			continue
		}
		t.Errorf("%s [%s]", is, is.Rule)
	}
	if rep.Pages < 3000 || rep.Links < 100000 {
		t.Errorf("checked %d pages and %d links: the archive is larger than that", rep.Pages, rep.Links)
	}
	t.Logf("%d pages, %d links checked; %d generated titles repeat", rep.Pages, rep.Links, dupes)
}
