// Package search builds the full-text search index of an archive: plain
// script files that search.js (themes/default/static/assets) loads through
// inserted <script> tags — no fetch, XHR, modules, workers or WebAssembly —
// so the same search works over http, from file:// and from a Windows
// share. A query loads the manifest, then only the lists its terms need —
// the shards they are in, or a large list's own file — then the files of
// the results on the page shown.
//
// # Semantics
//
// A query is split at spaces into terms; an entry matches when every term
// occurs in its searchable text as a contiguous substring. Both are
// normalised rune by rune with Fold (full-width ASCII to ASCII, Latin,
// Greek and Cyrillic to lower case), which maps one rune to one rune, so
// positions in folded text are positions in the original. The searchable
// text of an entry is its title, each tag, each unit and its body text,
// joined by line breaks (a term never contains one, so no match spans two
// fields); the section's title is not in it (the section filter covers it).
// There is no dictionary and no word splitting: any substring is found, and
// the count is exact.
//
// # Grams and verification
//
// Every rune that is not a space is indexed as a one-rune gram, and every
// pair of adjacent ones as a two-rune gram (bigram), with the documents it
// occurs in, how often, how often in the title, and for bigrams the rune
// positions. A term of one or two runes is answered by its gram's list. A
// longer term is checked against a few of its bigrams' lists — windows —
// that together cover every rune of it: a document has the term at p when
// each window's bigram occurs at p plus its offset. A large bigram list
// (neighbours.go) may also tell its top previous or next neighbour, a rune
// that comes before (after) nearly all its occurrences, and which
// occurrences lack it; a window whose neighbour is the term's rune there
// covers that rune too, counting only the occurrences that have it, so
// 志愿服务 is checked against 愿服 alone when 志 and 务 are its neighbours.
// plan chooses the windows before any list is loaded, from the manifest:
// those covering the term at the least cost, a large list costing its size
// and another the shard it is in (search.js plans alike). The window whose
// list has the fewest documents leads, the others are walked along by
// document. A match is in the title when its occurrence in a window is one
// of that list's title occurrences (the first ones): a match never spans
// the title's end.
//
// # Ranking
//
// More terms in the title first, then more occurrences of the terms, then
// the newer entry (document ids are given newest first: by year, date, URL).
//
// # Files
//
// All under search/ of the output, each one call GenSearch.put(kind, key,
// value) with a JSON value:
//
//	manifest.js   kind "m": {v: version, n: documents, k: shards,
//	              sec: [[folder, title] …], s: each document's section index
//	              as a bit field (len(sec) for a removed document),
//	              y: runs of years over document ids [year, count, …],
//	              p: documents a document file holds (4),
//	              b: the large lists, four runes each — the gram (a space
//	              after a one-rune gram), its top previous and next
//	              neighbours or spaces — in gram order, bs: their sizes in
//	              KB, rounded up}
//	g/<k>.js      kind "g": {gram: list, …}, the grams but the large ones
//	              whose hash (FNV-1a over the code points, mixed; search.js
//	              has the same) falls in shard k; k is a power of two chosen
//	              so shards are ~20 KB
//	l/<name>.js   kind "l", key name: a large list (bigMin bytes or more),
//	              named by its code points in hex joined by "-" (l/613f-670d.js
//	              for 愿服), so a query never loads a large list for a short one
//	d/<k>.js      kind "d": the Entries of documents p·k … p·k+p-1 (null for
//	              a removed one) as a JSON array, compressed as one text with
//	              the lz coder (lz.go)
//	dict.js       kind "z": the lz coder's rune table, dictionary and order
//
// A list is a bit stream (bits.go: 13 bits in two characters of '#'…'~'
// without '\'): gamma(documents), gamma(kGap+1), for bigrams
// gamma(kFirst+1), gamma(kDelta+1) and the modes of the previous and next
// neighbour in two bits each (0 none, 1 every occurrence has the top one,
// 2 flagged); then per document rice(id gap - 1, kGap) (the first gap
// counts from -1), gamma(count), gamma(title count + 1) and, for bigrams,
// rice(first position, kFirst) and rice(gap - 1, kDelta) for each further
// position, then for each flagged direction gamma(e + 1) and the indexes of
// the e occurrences without the top neighbour, each in as many bits as
// count - 1 needs. The layout — shards, which lists are large, their top
// neighbours — is fixed by the first Write. Script URLs carry ?v=version,
// so a browser never mixes files of two builds.
//
// # Building and updating
//
// New(n), then Add(i, doc) for each slot, from many goroutines, then
// Write(w). Between Add and Write the index keeps each document's
// metadata and its text in compact form (runes numbered by first use, as
// uvarints: about 1.4 bytes a Chinese character), never the Doc's strings.
// Write builds the lists shard group by shard group, so the lists in memory
// at once stay near 6M runes of text's worth: each goroutine reads its share
// of the documents once per group (collect.go: a one-rune gram's list found
// by its rune's number, a bigram's in an open-addressing table, never a Go
// map per occurrence), and the lists of each gram are joined in document
// order, without copying, and encoded in parallel, each straight into its
// shard's file. While it collects a bigram's occurrences it takes a
// majority vote on their neighbours, so that finding a large list's top
// neighbours rarely needs to look at the texts again. The files do not
// depend on the number of goroutines.
//
// For gen serve, after a Write: Put(doc) adds a document or replaces the
// one with the same URL, Remove(url) takes one out, and WriteChanged(w)
// writes the files whose bytes changed — shards, large lists, document
// files, the manifest — and returns their names and the names of files to
// delete (a document file whose documents are all removed). Ids
// of existing documents never change, so no other file does. An update
// costs what changed, not the archive: Put tokenises the document's old and
// new text (the old one's postings are remembered when the same document
// was Put last, as gen serve sees while an entry is being written) and
// changes only the lists whose record of it differs, in place in their bit
// streams, and a changed shard is the join of its lists' strings
// (kept.go). That takes the update cache — each list as encoded
// and, for large lists, their Rice statistics and skip entries: 14 MB for
// 10,000 generated entries, about the size of the lists — which Write keeps
// after KeepForUpdates (gen serve calls it; a one-shot build keeps nothing)
// and the first Put builds otherwise. Positions after an edit move, so
// text inserted early in a document changes the lists of all its later
// grams; an edit at the end, or a word replaced by one as long, a handful.
//
// Searcher reads the files and answers queries step for step as search.js
// does, for tests: the brute-force test compares it with strings.Contains
// over generated archives, and the browser test compares search.js with it.
package search
