package publish

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"time"
)

// ManifestName is the manifest file a publish keeps in dest.
const ManifestName = ".gen-manifest.json"

// manifestFormat names the manifest's format.
const manifestFormat = "gen-publish-manifest/1"

// Manifest records every file a publish left in dest, with its size and
// SHA-256, so the next publish compares hashes without reading dest:
//
//	{
//	  "format": "gen-publish-manifest/1",
//	  "published": "2025-06-01T08:00:00Z",
//	  "files": {"index.html": {"size": 5120, "sha256": "9f86d0…"}, …}
//	}
//
// It only ever lists files whose content in dest is known to be what it
// says (see Publish), so trusting it never skips a file that needs copying.
type Manifest struct {
	Format    string           `json:"format"`
	Published time.Time        `json:"published"`
	Files     map[string]Entry `json:"files"`
}

// Entry is one file of a Manifest.
type Entry struct {
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// readManifest reads dest's manifest; found is false when there is none.
func readManifest(dest string) (m *Manifest, found bool, err error) {
	p := filepath.Join(dest, ManifestName)
	b, err := os.ReadFile(p)
	if errors.Is(err, fs.ErrNotExist) {
		return &Manifest{Files: map[string]Entry{}}, false, nil
	}
	if err != nil {
		return nil, true, err
	}
	m = &Manifest{}
	if err := json.Unmarshal(b, m); err != nil || m.Format != manifestFormat {
		return nil, true, fmt.Errorf("%s is damaged or not gen's (%w): delete it and publish with --force, which reads every file of the folder once", p, err)
	}
	if m.Files == nil {
		m.Files = map[string]Entry{}
	}
	return m, true, nil
}

// encode returns the manifest as JSON, one file a line, names sorted, so
// a manifest that says the same is the same bytes and a person can read
// it.
func (m *Manifest) encode() []byte {
	str := func(s string) []byte {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		_ = enc.Encode(s)
		return bytes.TrimSuffix(buf.Bytes(), []byte{'\n'})
	}
	names := make([]string, 0, len(m.Files))
	for n := range m.Files {
		names = append(names, n)
	}
	sort.Strings(names)
	var b bytes.Buffer
	fmt.Fprintf(&b, "{\n  \"format\": %s,\n  \"published\": %s,\n  \"files\": {", str(manifestFormat), str(m.Published.UTC().Format(time.RFC3339Nano)))
	for i, n := range names {
		if i > 0 {
			b.WriteByte(',')
		}
		e := m.Files[n]
		fmt.Fprintf(&b, "\n    %s: {\"size\": %d, \"sha256\": %s}", str(n), e.Size, str(e.SHA256))
	}
	b.WriteString("\n  }\n}\n")
	return b.Bytes()
}
