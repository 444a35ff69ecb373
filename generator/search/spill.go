package search

import (
	"bufio"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"sync"
)

// Spilling the texts. Between Add and Write an index keeps every entry's
// searchable text — at 50,000 entries 37 MB, a quarter of what a one-shot
// build keeps live while it renders the list pages and compilations, and
// the memory limit follows what is live. Spill makes Add append each text
// to a file instead; the first Write reads them back in one piece, when
// the rest of the build has let go of its model.
type spill struct {
	mu   sync.Mutex
	f    *os.File
	w    *bufio.Writer
	size int64
	sum  uint32 // CRC-32 of what was written: a file changed meanwhile is not read as texts
	err  error
}

// Spill makes Add keep texts in a new file in dir until the first Write
// (or Discard) removes it. Before the first Add only.
func (ix *Index) Spill(dir string) error {
	f, err := os.CreateTemp(dir, "gen-search-texts-*.tmp")
	if err != nil {
		return err
	}
	ix.spill = &spill{f: f, w: bufio.NewWriterSize(f, 256<<10)}
	return nil
}

// put appends b to the file and returns where it starts.
func (sp *spill) put(b []byte) int64 {
	sp.mu.Lock()
	defer sp.mu.Unlock()
	at := sp.size
	if sp.err == nil {
		_, sp.err = sp.w.Write(b)
	}
	sp.size += int64(len(b))
	sp.sum = crc32.Update(sp.sum, crc32.IEEETable, b)
	return at
}

// unspill reads the texts back into the slots, and removes the file.
func (ix *Index) unspill() error {
	sp := ix.spill
	if sp == nil {
		return nil
	}
	ix.spill = nil
	defer os.Remove(sp.f.Name())
	defer sp.f.Close()
	err := sp.err
	if err == nil {
		err = sp.w.Flush()
	}
	all := make([]byte, sp.size)
	if err == nil {
		_, err = io.ReadFull(io.NewSectionReader(sp.f, 0, sp.size), all)
	}
	if err == nil {
		if info, e := sp.f.Stat(); e != nil || info.Size() != sp.size || crc32.ChecksumIEEE(all) != sp.sum {
			err = errors.New("changed while the build ran")
		}
	}
	if err != nil {
		return fmt.Errorf("search index: the texts kept in %s: %w", sp.f.Name(), err)
	}
	for i := range ix.slots {
		s := &ix.slots[i]
		if s.spilled {
			s.text, s.spilled = all[s.at:s.at+int64(s.size):s.at+int64(s.size)], false
		}
	}
	return nil
}

// Discard removes the file of spilled texts of an index that is not to be
// written.
func (ix *Index) Discard() {
	if sp := ix.spill; sp != nil {
		ix.spill = nil
		sp.f.Close()
		os.Remove(sp.f.Name())
	}
}
