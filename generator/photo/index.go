package photo

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// The index, CacheDir/index, remembers what each original was when it
// was last read — (name, size, modification time) → the SHA-256 of its
// bytes and its Info — so that a rebuild finds its cache entries from a
// Stat alone instead of reading and hashing every original:
//
//	gen-photo-index 1\n
//	<hex SHA-256 of the rest>\n
//	{"activities/2024/植树/现场3.jpg":{"s":4718592,"m":<mtime ns>,"h":"<sha256>","i":{…}},…}
//
// A file whose size or modification time differs is read again. A file
// modified within 2 s of being hashed is never indexed (and one whose
// modification time is within 2 s of now never trusted): file systems
// that keep mtimes to the second or two (FAT, SMB shares) could give a
// second edit within the same tick the same size and time — the "racy
// git" rule, also rsync's. A file without a modification time (embed.FS,
// fstest.MapFS by default) is always read. A damaged or unreadable index
// is ignored, as if there were none, and rewritten. Like the cache, the
// index is written to a temporary file and renamed into place.
const indexMagic = "gen-photo-index 1\n"

// racyWindow is how close to the time it is hashed a file's mtime may be
// before it is not trusted.
const racyWindow = 2 * time.Second

type indexEntry struct {
	Size  int64  `json:"s"`
	MTime int64  `json:"m"` // UnixNano
	Sum   string `json:"h"` // hex SHA-256 of the original's bytes
	Info  Info   `json:"i"`
}

// index is the loaded index: entries as read, and the ones this
// Processor looked up or added (which SaveIndex keeps).
type index struct {
	path    string
	once    sync.Once
	mu      sync.Mutex
	old     map[string]indexEntry
	seen    map[string]indexEntry
	added   bool // an entry was added or replaced: the file is out of date
	damaged bool // the file as loaded was damaged (and is not rewritten yet)
	found   bool // damaged, as loaded (for Stats)
}

func newIndex(cacheDir string) *index {
	if cacheDir == "" {
		return nil
	}
	return &index{path: filepath.Join(cacheDir, "index"), seen: map[string]indexEntry{}}
}

func (x *index) load() {
	x.once.Do(func() {
		b, err := os.ReadFile(x.path)
		if err != nil {
			return // none yet (or unreadable): start empty
		}
		old, damaged := parseIndex(b)
		x.mu.Lock()
		x.old, x.damaged, x.found = old, damaged, damaged
		x.mu.Unlock()
	})
}

// parseIndex returns the entries of an index file, or nil and true when
// it is damaged.
func parseIndex(b []byte) (map[string]indexEntry, bool) {
	if !bytes.HasPrefix(b, []byte(indexMagic)) {
		return nil, true
	}
	b = b[len(indexMagic):]
	nl := bytes.IndexByte(b, '\n')
	if nl < 0 {
		return nil, true
	}
	sum := sha256.Sum256(b[nl+1:])
	var m map[string]indexEntry
	if string(b[:nl]) != hex.EncodeToString(sum[:]) || json.Unmarshal(b[nl+1:], &m) != nil {
		return nil, true
	}
	return m, false
}

// trusted says whether st's mtime is far enough before now.
func trusted(st fs.FileInfo, now time.Time) bool {
	mt := st.ModTime()
	return !mt.IsZero() && now.Sub(mt) > racyWindow
}

// get returns the entry for name if st still matches it.
func (x *index) get(name string, st fs.FileInfo, now time.Time) (indexEntry, bool) {
	if x == nil || !trusted(st, now) {
		return indexEntry{}, false
	}
	x.load()
	x.mu.Lock()
	defer x.mu.Unlock()
	e, ok := x.seen[name]
	if !ok {
		e, ok = x.old[name]
	}
	if !ok || e.Size != st.Size() || e.MTime != st.ModTime().UnixNano() {
		return indexEntry{}, false
	}
	x.seen[name] = e
	return e, true
}

// put records name's sum and info as read at now from a file that Stat
// said was st.
func (x *index) put(name string, st fs.FileInfo, sum string, info Info, now time.Time) {
	if x == nil || !trusted(st, now) {
		return
	}
	x.load()
	x.mu.Lock()
	defer x.mu.Unlock()
	x.seen[name] = indexEntry{Size: st.Size(), MTime: st.ModTime().UnixNano(), Sum: sum, Info: info}
	x.added = true
}

// save writes the index when it changed: the entries this Processor saw,
// and, unless prune, the others too.
func (x *index) save(prune bool) error {
	if x == nil {
		return nil
	}
	x.load()
	x.mu.Lock()
	m := make(map[string]indexEntry, len(x.seen))
	if !prune {
		for k, e := range x.old {
			m[k] = e
		}
	}
	for k, e := range x.seen {
		m[k] = e
	}
	changed := x.added || x.damaged || len(m) != len(x.old)
	x.mu.Unlock()
	if !changed {
		return nil
	}
	body, err := json.Marshal(m)
	if err != nil {
		return err
	}
	sum := sha256.Sum256(body)
	err = writeAtomic(x.path, []byte(indexMagic), []byte(hex.EncodeToString(sum[:])+"\n"), body)
	if err == nil {
		x.mu.Lock()
		x.old, x.added, x.damaged = m, false, false
		x.mu.Unlock()
	}
	return err
}

// SaveIndex writes the index of originals (see the package comment) so
// that the next run finds its cache entries without reading them. Batch
// saves it when it ends; call it after a series of Make. It keeps every
// entry it had; Batch, once it has seen every name it was given, keeps
// only those, so that deleted and renamed photos drop out.
func (p *Processor) SaveIndex() error { return p.idx.save(false) }

// writeAtomic writes the parts to name through a temporary file in the
// same folder and a rename, so that a reader sees the whole file or none.
func writeAtomic(name string, parts ...[]byte) error {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(name), ".tmp-*")
	if err != nil {
		return err
	}
	for _, b := range parts {
		if err == nil {
			_, err = f.Write(b)
		}
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), name)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}
