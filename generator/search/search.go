// Package search builds the full-text search index of an archive.
//
// (Being written: see issue 4. The API below is what the build uses.)
package search

import (
	"time"

	"gen/generator/output"
)

// Doc is what the index knows of one entry.
type Doc struct {
	URL          string // page path relative to the site root
	Title        string
	Date         time.Time // zero when the entry has no date
	Year         int
	Section      string // section folder name
	SectionTitle string
	Units        []string
	Tags         []string
	Text         string // the body as plain text
}

// Index collects documents; Add may be called from many goroutines for
// distinct slots.
type Index struct {
	docs []Doc
}

// New returns an index with room for n documents.
func New(n int) *Index { return &Index{docs: make([]Doc, n)} }

// Add puts doc in slot i.
func (ix *Index) Add(i int, doc Doc) { ix.docs[i] = doc }

// Write writes the index files and returns how many it wrote.
func (ix *Index) Write(w output.Writer) (int, error) { return 0, nil }
