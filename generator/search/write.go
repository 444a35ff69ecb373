package search

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"math/bits"
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
func packFile(p int) string  { return docDir + strconv.Itoa(p) + ".js" }

// packSize is how many documents, by id, share a document file: the files
// are four times fewer, documents compressed together take less room, and
// a result costs a little more to show (with eight, a page of ten results
// can load 40 KB more, and gen serve compresses twice as much per edit).
const packSize = 4

// Sizing: shards of about 20 KB (a rune of text makes about 1.4 bytes of
// lists), built a group of shards at a time, each group's lists collected
// from groupBudget runes of text's worth, so the lists in memory stay
// bounded: about 60 MB at the most (lists, their maps and their votes take
// up to 10 bytes a rune while they are collected). Every group reads all
// the texts again: at 50,000 entries (25 million runes) four groups cost a
// tenth less time than eight.
const (
	shardRunes  = 14 << 10
	groupBudget = 6 << 20
	minShards   = 8
	maxShards   = 4096
)

func shardCount(textRunes int64) int {
	n := 1 << bits.Len64(uint64(textRunes)/shardRunes)
	return min(max(n, minShards), maxShards)
}

// script wraps a JSON value in the call that registers it with search.js;
// key is a number or a JSON string.
func script(kind string, key string, value []byte) []byte {
	b := make([]byte, 0, len(value)+40)
	b = fmt.Appendf(b, "GenSearch.put(%q,%s,", kind, key)
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

// Write writes every index file and returns how many it wrote. Once ctx
// is done it stops within a fraction of a second and returns ctx's error
// (gen build's Ctrl-C).
func (ix *Index) Write(ctx context.Context, w output.Writer) (int, error) {
	if err := ix.unspill(); err != nil {
		return 0, err
	}
	if ix.ids == nil {
		ix.assignIDs()
	}
	if ix.shards == 0 {
		ix.shards = shardCount(ix.total.Load())
	}
	ix.shardSum = make([]uint64, ix.shards)
	ix.docSum = make([]uint64, (len(ix.ids)+packSize-1)/packSize)
	if !ix.fixed {
		ix.big, ix.near = map[gram][2]rune{}, nil
	}
	ix.bigSum, ix.bigSize, ix.bigMan = map[gram]uint64{}, map[gram]int{}, bigManifest{}
	ix.lists, ix.shardLists, ix.man = nil, nil, nil
	if ix.keep {
		ix.newCache()
	}
	if err := ix.eachShardGroup(ctx, w); err != nil {
		return 0, err
	}
	ix.fixed = true
	if w != nil {
		for g := range ix.big { // large lists no document has now (updates keep the layout)
			if _, ok := ix.bigSum[g]; !ok {
				if _, err := ix.writeBig(w, g, "", bigScript(g, "")); err != nil {
					return 0, err
				}
			}
		}
	}
	packs := make([]int, 0, len(ix.docSum))
	for p := range ix.docSum {
		if ix.packLive(p) {
			packs = append(packs, p)
		}
	}
	if ix.lz == nil {
		if ix.lz = ix.makeLZ(ctx); ix.lz == nil {
			return 0, ctx.Err()
		}
	}
	if err := ix.writeDict(w); err != nil {
		return 0, err
	}
	if _, err := ix.writeDocs(ctx, w, packs, true); err != nil {
		return 0, err
	}
	if _, err := ix.writeManifest(w, true); err != nil {
		return 0, err
	}
	ix.pending, ix.pendingBig, ix.dirtyDocs = nil, nil, nil
	return ix.shards + len(ix.big) + len(packs) + 2, nil
}

func (ix *Index) newCache() {
	ix.lists, ix.shardLists = map[gram]*kept{}, make([][]*kept, ix.shards)
}

// eachShardGroup builds the lists of every shard, a group of shards at a
// time, encodes them in parallel, writes the shards and large lists unless w
// is nil and keeps the lists in the update cache when ix.keep is set.
func (ix *Index) eachShardGroup(ctx context.Context, w output.Writer) error {
	groups := int(max(1, ix.total.Load()/groupBudget))
	done := make([]shardDone, ix.shards)
	tk := newTokenizer(ix.runes.table())
	retains := w != nil && retains(w)
	for g := 0; g < groups; g++ {
		lo, hi := g*ix.shards/groups, (g+1)*ix.shards/groups
		lists := ix.collect(ctx, lo, hi, tk)
		if err := ctx.Err(); err != nil {
			return err
		}
		err := parallel.For(ctx, hi-lo, func(i int) {
			k := lo + i
			done[k] = ix.encodeShard(k, lists[k], tk, w, retains)
			lists[k] = nil
		})
		if err != nil {
			return err
		}
		for k := lo; k < hi; k++ {
			d := &done[k]
			if d.err != nil {
				return d.err
			}
			for g, tops := range d.found {
				ix.big[g] = tops
			}
			ix.near = append(ix.near, d.near...)
			for _, b := range d.written {
				ix.bigSum[b.g], ix.bigSize[b.g] = b.sum, b.size
			}
			ix.shardSum[k] = d.sum
			if ix.keep {
				ix.shardLists[k] = d.lists
				for _, l := range d.lists {
					ix.lists[l.g] = l
				}
			}
			done[k] = shardDone{}
		}
	}
	return nil
}

// shardDone is what encoding a shard leaves to remember: the large lists
// found and the files written for them, the checksum of the shard's file,
// its lists for the update cache (with keep) and the first error.
type shardDone struct {
	found   map[gram][2]rune
	near    []nearList
	written []bigWritten
	sum     uint64
	lists   []*kept
	err     error
}

// encodeShard encodes shard k's lists and, unless w is nil, writes its
// file and those of its large lists, each list's bits going straight into
// its file (from reused buffers unless the Writer retains what it gets).
func (ix *Index) encodeShard(k int, lists []gramList, tk *tokenizer, w output.Writer, retains bool) shardDone {
	sc, _ := ix.encoders.Get().(*scratch)
	if sc == nil {
		sc = new(scratch)
	}
	defer ix.encoders.Put(sc)
	var d shardDone
	var emit func(*kept, []byte)
	var shard []byte
	if w != nil {
		shard = shardStart(sc.file(&sc.shard, retains), k)
		emit = func(l *kept, enc []byte) {
			switch {
			case !l.big:
				shard = appendShardList(shard, l.g, enc)
			case d.err == nil:
				b := appendBigScript(sc.file(&sc.big, retains), l.g, enc)
				sc.keep(&sc.big, b, retains)
				d.written = append(d.written, bigWritten{l.g, sum64(b), (len(enc) + 1023) >> 10})
				d.err = w.WriteFile(bigFile(l.g), b)
			}
		}
	}
	d.lists, d.found, d.near = ix.encodeLists(lists, ix.keep, tk, sc, emit)
	if w == nil {
		return d
	}
	shard = shardEnd(shard)
	sc.keep(&sc.shard, shard, retains)
	d.sum = sum64(shard)
	if d.err == nil {
		d.err = w.WriteFile(shardFile(k), shard)
	}
	return d
}

// bigWritten is what writing a large list's file leaves to remember.
type bigWritten struct {
	g    gram
	sum  uint64
	size int // KB, rounded up
}

// appendBigScript appends the file of large list g of enc to b.
func appendBigScript[T string | []byte](b []byte, g gram, enc T) []byte {
	b = append(b, `GenSearch.put("l","`...)
	b = append(b, bigName(g)...)
	b = append(b, `","`...)
	b = append(b, enc...)
	return append(b, "\");\n"...)
}

func bigScript(g gram, enc string) []byte {
	return appendBigScript(make([]byte, 0, len(enc)+48), g, enc)
}

// writeBig writes b, the file of large list g of enc, and reports whether
// it changed.
func (ix *Index) writeBig(w output.Writer, g gram, enc string, b []byte) (bool, error) {
	sum := sum64(b)
	if old, ok := ix.bigSum[g]; ok && old == sum {
		return false, nil
	}
	size := (len(enc) + 1023) >> 10
	if ix.bigSize[g] != size {
		ix.bigSize[g], ix.bigMan.stale = size, true
	}
	ix.bigSum[g] = sum
	return true, w.WriteFile(bigFile(g), b)
}

// A shard's file is shardStart, appendShardList for each of its lists but
// the large ones, in gram order, and shardEnd: script("g", k, {gram:
// "list", …}).
func shardStart(b []byte, k int) []byte {
	b = append(b, `GenSearch.put("g",`...)
	b = strconv.AppendInt(b, int64(k), 10)
	return append(b, ",{"...)
}

func appendShardList[T string | []byte](b []byte, g gram, enc T) []byte {
	if b[len(b)-1] != '{' {
		b = append(b, ',')
	}
	b = appendGram(b, g)
	b = append(b, ':', '"')
	b = append(b, enc...)
	return append(b, '"')
}

func shardEnd(b []byte) []byte { return append(b, "});\n"...) }

// shardFileOf is the file of shard k with lists ls, but the large ones.
func shardFileOf(k int, ls []*kept) []byte {
	n := 32
	for _, l := range ls {
		n += len(l.enc) + 12
	}
	b := shardStart(make([]byte, 0, n), k)
	for _, l := range ls {
		if !l.big {
			b = appendShardList(b, l.g, l.enc)
		}
	}
	return shardEnd(b)
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
	Pack     int         `json:"p"` // documents a document file holds
	Big      string      `json:"b"` // the large lists, four runes each (bigJSON)
	BigSize  []int       `json:"bs"`
	// an index carried over (delta.go): the live documents in rank order
	// as runs of ids (o), or, in fewer bytes, the years and places in the
	// ranking of the delta's documents (z, see rankBits; then y covers
	// the base's ids only); the number of delta shards, which of them and
	// of the recent shards have a file ('1') or not ('0')
	Order      []int  `json:"o,omitempty"`
	Ranks      string `json:"z,omitempty"`
	Delta      int    `json:"e,omitempty"`
	DeltaFiles string `json:"el,omitempty"`
	Recent     string `json:"r,omitempty"`
	// the large lists written whole since the base and the id from which
	// each one's postings are in the delta and recent shards (promote.go)
	Whole string `json:"w,omitempty"`
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
	m := manifestJSON{Docs: len(ix.ids), Shards: ix.shards, Pack: packSize, Sections: [][2]string{}, Years: []int{}}
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
	m.Big, m.BigSize = ix.bigJSON()
	if d := ix.delta; d != nil && d.shards > 0 {
		m.Delta, m.DeltaFiles, m.Recent = d.shards, d.files, d.recent
		m.Whole = ix.wholeBits()
		if z, ok := ix.rankBits(d.base); ok {
			m.Ranks, m.Years = z, ix.yearRuns(d.base)
		} else {
			m.Order = ix.rankRuns()
		}
	}
	m.Version = ix.version(appendJSON(nil, m))
	b := script("m", "0", appendJSON(nil, m))
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
	gs := make([]gram, 0, len(ix.bigSum))
	for g := range ix.bigSum {
		gs = append(gs, g)
	}
	slices.Sort(gs)
	for _, g := range gs {
		v = mix64(v ^ ix.bigSum[g])
	}
	for _, s := range ix.docSum {
		v = mix64(v ^ s)
	}
	if ix.delta != nil {
		for _, s := range ix.delta.sums {
			v = mix64(v ^ s)
		}
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
