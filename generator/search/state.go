package search

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// The cache folder (Options of Write): what a later build, in another
// process, needs to carry this index over instead of writing a new one —
// state.json and a copy of every file it carries (the base's shards and
// large lists, the delta shards, dict.js), under their names in the
// output. state.json lists each copy with its checksum; Load reads and
// checks every one, so a copy that is missing, edited or from another
// build makes the whole state unusable, and the index is written fresh.
const stateFile = "state.json"

// stateFormat changes whenever the files or the state change meaning: a
// state of another format is never used.
const stateFormat = 3

// state is what state.json holds.
type state struct {
	Format   int             `json:"format"`
	Key      string          `json:"key"`    // the site's (Options.Key)
	Shards   int             `json:"shards"` // of the base
	Big      string          `json:"big"`    // the base's large lists (manifest "b")
	BigSize  []int           `json:"bigSize"`
	Base     int             `json:"base"`               // ids below it are the base's
	Docs     []stateDoc      `json:"docs"`               // by id
	Delta    int             `json:"delta"`              // delta shards
	Absorbed []int           `json:"absorbed"`           // by delta shard: the ids below it are in its file
	Files    []string        `json:"files"`              // name and checksum of each copy: "name sum"
	Near     []stateNear     `json:"near,omitempty"`     // the base's near-large lists (promote.go)
	Promoted []statePromoted `json:"promoted,omitempty"` // the lists promoted to large since
}

// stateDoc is a document of a state: its URL and docHash, "" for an id no
// document has.
type stateDoc struct {
	URL  string `json:"u,omitempty"`
	Hash string `json:"h,omitempty"`
}

// docHash is a checksum of everything the index keeps of d: a document
// whose hash is the one a state remembers is the same document.
func docHash(d *Doc) uint64 {
	var b []byte
	for _, s := range []string{d.URL, d.Title, d.Section, d.SectionTitle, d.Text} {
		b = append(strconv.AppendInt(b, int64(len(s)), 10), s...)
	}
	b = strconv.AppendInt(b, int64(d.Year), 10)
	b = append(b, d.Date.UTC().Format(time.RFC3339Nano)...)
	for _, f := range [][]string{d.Units, d.Tags} {
		b = append(strconv.AppendInt(b, int64(len(f)), 10), '|')
		for _, s := range f {
			b = append(strconv.AppendInt(b, int64(len(s)), 10), s...)
		}
	}
	return sum64(b)
}

func hashString(h uint64) string { return strconv.FormatUint(h, 36) }

// loaded is a state read from a cache folder with its copies checked.
type loaded struct {
	st    state
	dir   string
	files map[string]uint64 // the copies' checksums
}

// loadState reads and checks the state in dir. Its error says why the
// state cannot be used (for the note under -v).
func loadState(dir, key string) (*loaded, error) {
	b, err := os.ReadFile(filepath.Join(dir, stateFile))
	if errors.Is(err, os.ErrNotExist) {
		return nil, errors.New("no previous index")
	}
	if err != nil {
		return nil, err
	}
	var st state
	if err := json.Unmarshal(b, &st); err != nil {
		return nil, fmt.Errorf("%s: %w", stateFile, err)
	}
	switch {
	case st.Format != stateFormat:
		return nil, fmt.Errorf("%s is of format %d, not %d", stateFile, st.Format, stateFormat)
	case st.Key != key:
		return nil, fmt.Errorf("%s is of another site (%q)", stateFile, st.Key)
	case st.Shards < 1 || st.Delta < 1 || len(st.Absorbed) != st.Delta || st.Base > len(st.Docs):
		return nil, fmt.Errorf("%s is damaged", stateFile)
	}
	l := &loaded{st: st, dir: dir, files: map[string]uint64{}}
	for _, f := range st.Files {
		name, sum, ok := strings.Cut(f, " ")
		v, err := strconv.ParseUint(sum, 36, 64)
		if !ok || err != nil || !strings.HasPrefix(name, "search/") || strings.Contains(name, "..") {
			return nil, fmt.Errorf("%s is damaged", stateFile)
		}
		b, err := l.read(name)
		if err != nil {
			return nil, err
		}
		if sum64(b) != v {
			return nil, fmt.Errorf("%s was changed since it was written", name)
		}
		l.files[name] = v
	}
	if _, ok := l.files[DictFile]; !ok {
		return nil, fmt.Errorf("%s is damaged", stateFile)
	}
	return l, nil
}

func (l *loaded) read(name string) ([]byte, error) {
	return os.ReadFile(filepath.Join(l.dir, filepath.FromSlash(name)))
}

// cacheWriter writes the files a state carries into the cache folder too,
// from many goroutines while a fresh index is written.
type cacheWriter struct {
	dir string
	mu  sync.Mutex
	err error // the first failure: the state is then not saved
}

func (c *cacheWriter) failed() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.err != nil
}

func (c *cacheWriter) fail(err error) {
	c.mu.Lock()
	if c.err == nil {
		c.err = err
	}
	c.mu.Unlock()
}

func carried(name string) bool {
	return name == DictFile || strings.HasPrefix(name, shardDir) || strings.HasPrefix(name, bigDir) || strings.HasPrefix(name, deltaDir)
}

func (c *cacheWriter) put(name string, b []byte) {
	if c == nil || !carried(name) || c.failed() {
		return
	}
	p := filepath.Join(c.dir, filepath.FromSlash(name))
	err := os.MkdirAll(filepath.Dir(p), 0o755)
	if err == nil {
		err = os.WriteFile(p, b, 0o644)
	}
	if err != nil {
		c.fail(err)
	}
}

func (c *cacheWriter) remove(name string) {
	if c != nil && c.err == nil {
		if err := os.Remove(filepath.Join(c.dir, filepath.FromSlash(name))); err != nil && !errors.Is(err, os.ErrNotExist) {
			c.err = err
		}
	}
}

// save writes st as the state of the cache folder, last, once every copy
// it lists is in place.
func (c *cacheWriter) save(st *state) error {
	if c.err != nil {
		return c.err
	}
	b, err := json.Marshal(st)
	if err != nil {
		return err
	}
	tmp := filepath.Join(c.dir, stateFile+".tmp")
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, filepath.Join(c.dir, stateFile))
}

// forget removes the state, so that a build stopped while the copies
// change leaves none that would be used.
func (c *cacheWriter) forget() error {
	if err := os.Remove(filepath.Join(c.dir, stateFile)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return nil
}
