package search

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"hash/fnv"
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

func sum64(b []byte) uint64 {
	h := fnv.New64a()
	h.Write(b)
	return h.Sum64()
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
	groups := int(max(1, ix.total.Load()/groupBudget))
	for g := 0; g < groups; g++ {
		want := make([]bool, ix.shards)
		for k := g * ix.shards / groups; k < (g+1)*ix.shards/groups; k++ {
			want[k] = true
		}
		if _, err := ix.writeShards(w, want, true); err != nil {
			return 0, err
		}
	}
	ids := make([]int, len(ix.ids))
	for i := range ids {
		ids[i] = i
	}
	if ix.lz == nil {
		ix.lz = ix.makeLZ()
	}
	if err := ix.writeDict(w); err != nil {
		return 0, err
	}
	if _, err := ix.writeDocs(w, ids); err != nil {
		return 0, err
	}
	if _, err := ix.writeManifest(w, true); err != nil {
		return 0, err
	}
	ix.pending, ix.dirtyDocs = nil, nil
	return ix.shards + len(ix.ids) + 2, nil
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

// writeShards writes the wanted shards, those whose content changed unless
// all is set, and returns the names written.
func (ix *Index) writeShards(w output.Writer, want []bool, all bool) ([]string, error) {
	lists := ix.collect(want)
	written := make([]bool, ix.shards)
	errs := make([]error, ix.shards)
	parallel.For(context.Background(), ix.shards, func(k int) {
		if lists[k] == nil {
			return
		}
		b := encodeShard(k, lists[k])
		lists[k] = nil
		s := sum64(b)
		if !all && s == ix.shardSum[k] {
			return
		}
		ix.shardSum[k] = s
		written[k] = true
		errs[k] = w.WriteFile(shardFile(k), b)
	})
	var names []string
	for k, ok := range written {
		if errs[k] != nil {
			return nil, errs[k]
		}
		if ok {
			names = append(names, shardFile(k))
		}
	}
	return names, nil
}

func encodeShard(k int, s shardLists) []byte {
	keys, lists := s.encode()
	n := 2
	for i := range keys {
		n += len(keys[i]) + len(lists[i]) + 8
	}
	b := make([]byte, 0, n)
	b = append(b, '{')
	for i := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSON(b, keys[i])
		b = append(b, ':', '"')
		b = append(b, lists[i]...)
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
	m := ix.manifestValue()
	h := fnv.New64a()
	for _, s := range ix.shardSum {
		fmt.Fprint(h, s, ",")
	}
	for _, s := range ix.docSum {
		fmt.Fprint(h, s, ",")
	}
	h.Write([]byte(string(ix.lz.dict) + string(ix.lz.table)))
	h.Write(appendJSON(nil, m))
	m.Version = strconv.FormatUint(h.Sum64(), 36)
	b := script("m", 0, appendJSON(nil, m))
	s := sum64(b)
	if !all && s == ix.manifest {
		return false, nil
	}
	ix.manifest = s
	return true, w.WriteFile(ManifestFile, b)
}
