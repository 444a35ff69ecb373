package search

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"math/bits"
	"runtime"
	"slices"
	"strconv"

	"gen/generator/output"
	"gen/generator/parallel"
)

// File names of the index, relative to the output root.
const (
	ManifestFile = "search/manifest.js"
	DictFile     = "search/dict.js"
	shardDir     = "search/g/"
	docDir       = "search/d/"
)

func shardFile(k int) string { return shardDir + strconv.Itoa(k) + ".js" }
func docFile(id int) string  { return docDir + strconv.Itoa(id) + ".js" }

// Sizing: shards of about shardTarget bytes, built groupBudget bytes of
// compact text at a time so the lists in memory stay small (each byte of
// compact text becomes about three bytes of lists while they are collected).
const (
	shardTarget = 20 << 10
	groupBudget = 8 << 20
	minShards   = 8
	maxShards   = 4096
)

func shardCount(textBytes int64) int {
	n := 1 << bits.Len64(uint64(textBytes)/shardTarget)
	return min(max(n, minShards), maxShards)
}

// script wraps a JSON value in the call that registers it with search.js.
func script(kind string, key int, value []byte) []byte {
	b := make([]byte, 0, len(value)+40)
	b = fmt.Appendf(b, "GenSearch.put(%q,%d,", kind, key)
	b = append(b, value...)
	return append(b, ");\n"...)
}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// sum64 is a checksum of a file, to tell whether it changed and to make the
// manifest's version: CRC-32C and CRC-32, which processors compute at many
// GB/s (gen serve sums every shard a change of positions rewrites).
func sum64(b []byte) uint64 {
	return uint64(crc32.Checksum(b, castagnoli))<<32 | uint64(crc32.ChecksumIEEE(b))
}

// Write writes every index file and returns how many it wrote.
func (ix *Index) Write(w output.Writer) (int, error) {
	if ix.ids == nil {
		ix.assignIDs()
	}
	if ix.shards == 0 {
		ix.shards = shardCount(ix.total.Load())
	}
	ix.shardSum = make([]uint64, ix.shards)
	ix.docSum = make([]uint64, len(ix.ids))
	ix.lists, ix.shardLists, ix.man = nil, nil, nil
	if ix.keep {
		ix.newCache()
	}
	if err := ix.eachShardGroup(w); err != nil {
		return 0, err
	}
	ids := make([]int, 0, len(ix.ids))
	for id, s := range ix.ids {
		if s >= 0 {
			ids = append(ids, id)
		}
	}
	if ix.lz == nil {
		ix.lz = ix.makeLZ()
	}
	if err := ix.writeDict(w); err != nil {
		return 0, err
	}
	if _, err := ix.writeDocs(w, ids, true); err != nil {
		return 0, err
	}
	if _, err := ix.writeManifest(w, true); err != nil {
		return 0, err
	}
	ix.pending, ix.dirtyDocs = nil, nil
	return ix.shards + len(ids) + 2, nil
}

// collect builds the lists of every shard k with want[k]. Each of
// GOMAXPROCS goroutines reads every document and keeps the grams of its own
// share of the shards, so the lists are built in parallel without locks.
func (ix *Index) collect(want []bool) []shardLists {
	out := make([]shardLists, ix.shards)
	for k, ok := range want {
		if ok {
			out[k] = shardLists{}
		}
	}
	tk := newTokenizer(ix.runes.table())
	workers := runtime.GOMAXPROCS(0)
	parallel.For(context.Background(), workers, func(wk int) {
		mine := make([]shardLists, ix.shards)
		for k := wk; k < ix.shards; k += workers {
			mine[k] = out[k]
		}
		var buf []uint32
		for id, s := range ix.ids {
			if s < 0 {
				continue
			}
			buf = tk.grams(&ix.slots[s], buf, ix.shards, func(g gram, k int, p int32, inTitle bool) {
				if m := mine[k]; m != nil {
					m.add(g, int32(id), p, inTitle)
				}
			})
		}
	})
	return out
}

func (ix *Index) newCache() {
	ix.lists, ix.shardLists = map[gram]*kept{}, make([][]*kept, ix.shards)
}

// eachShardGroup builds the lists of every shard, a group of shards at a
// time, encodes them in parallel, writes the shards unless w is nil and
// keeps the lists in the update cache when ix.keep is set.
func (ix *Index) eachShardGroup(w output.Writer) error {
	groups := int(max(1, ix.total.Load()/groupBudget))
	errs := make([]error, ix.shards)
	for g := 0; g < groups; g++ {
		want := make([]bool, ix.shards)
		for k := g * ix.shards / groups; k < (g+1)*ix.shards/groups; k++ {
			want[k] = true
		}
		lists := ix.collect(want)
		parallel.For(context.Background(), ix.shards, func(k int) {
			if lists[k] == nil {
				return
			}
			ls := lists[k].encode(ix.keep)
			lists[k] = nil
			if ix.keep {
				ix.shardLists[k] = ls
			}
			if w != nil {
				b := encodeShard(k, ls)
				ix.shardSum[k] = sum64(b)
				errs[k] = w.WriteFile(shardFile(k), b)
			}
		})
		for k, ok := range want {
			if errs[k] != nil {
				return errs[k]
			}
			if ok && ix.keep {
				for _, l := range ix.shardLists[k] {
					ix.lists[l.g] = l
				}
			}
		}
	}
	return nil
}

// encodeShard is the file of shard k with lists ls.
func encodeShard(k int, ls []*kept) []byte {
	n := 2
	for _, l := range ls {
		n += len(l.key) + len(l.enc) + 4
	}
	b := make([]byte, 0, n)
	b = append(b, '{')
	for i, l := range ls {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, l.key...)
		b = append(b, ':', '"')
		b = append(b, l.enc...)
		b = append(b, '"')
	}
	b = append(b, '}')
	return script("g", k, b)
}

// appendJSON appends v as JSON with <, > and & escaped (\u003c …). The files
// are scripts loaded by src, where "</script>" is harmless, but escaping
// costs almost nothing and keeps them safe should anyone inline one.
func appendJSON(b []byte, v any) []byte {
	buf := bytes.NewBuffer(b)
	e := json.NewEncoder(buf)
	if err := e.Encode(v); err != nil {
		panic(err) // strings and the types of this package always marshal
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

// manifestJSON is what search.js loads first: how many documents and
// shards, the sections, and each document's section and year.
type manifestJSON struct {
	Version  string      `json:"v"`
	Docs     int         `json:"n"`
	Shards   int         `json:"k"`
	Sections [][2]string `json:"sec"`
	Section  string      `json:"s"` // per document, the section's index in bits (len(Sections) when removed)
	Years    []int       `json:"y"` // runs over document ids: year, count, year, count …
}

func (ix *Index) manifestValue() manifestJSON {
	titles := map[string]string{}
	for _, s := range ix.ids {
		if s >= 0 {
			d := &ix.slots[s].doc
			if _, ok := titles[d.Section]; !ok || titles[d.Section] == "" {
				titles[d.Section] = d.SectionTitle
			}
		}
	}
	names := make([]string, 0, len(titles))
	for n := range titles {
		names = append(names, n)
	}
	slices.Sort(names)
	index := map[string]uint32{}
	m := manifestJSON{Docs: len(ix.ids), Shards: ix.shards, Sections: [][2]string{}, Years: []int{}}
	for i, n := range names {
		index[n] = uint32(i)
		m.Sections = append(m.Sections, [2]string{n, titles[n]})
	}
	width := uint(bits.Len(uint(len(names))))
	var bw bitWriter
	for _, s := range ix.ids {
		year, sec := 0, uint32(len(names))
		if s >= 0 {
			year, sec = ix.slots[s].doc.Year, index[ix.slots[s].doc.Section]
		}
		bw.bits(sec, width)
		if n := len(m.Years); n > 0 && m.Years[n-2] == year {
			m.Years[n-1]++
		} else {
			m.Years = append(m.Years, year, 1)
		}
	}
	m.Section = bw.String()
	return m
}

// writeManifest writes the manifest, unless it did not change and all is
// not set; it reports whether it wrote.
func (ix *Index) writeManifest(w output.Writer, all bool) (bool, error) {
	if ix.man == nil {
		m := ix.manifestValue()
		ix.man = &m
	}
	m := *ix.man
	m.Version = ix.version(appendJSON(nil, m))
	b := script("m", 0, appendJSON(nil, m))
	s := sum64(b)
	if !all && s == ix.manifest {
		return false, nil
	}
	ix.manifest = s
	return true, w.WriteFile(ManifestFile, b)
}

// version is a hash of every file of the index but the manifest, and of
// the manifest's value, so it changes whenever a file does.
func (ix *Index) version(manifest []byte) string {
	v := mix64(sum64(manifest) ^ ix.dictSum)
	for _, s := range ix.shardSum {
		v = mix64(v ^ s)
	}
	for _, s := range ix.docSum {
		v = mix64(v ^ s)
	}
	return strconv.FormatUint(v, 36)
}

// mix64 is the finaliser of MurmurHash3.
func mix64(x uint64) uint64 {
	x ^= x >> 33
	x *= 0xff51afd7ed558ccd
	x ^= x >> 33
	x *= 0xc4ceb9fe1a85ec53
	x ^= x >> 33
	return x
}
