// Package search builds the full-text search index of an archive: plain
// script files that search.js (themes/default/static/assets) loads through
// inserted <script> tags — no fetch, XHR, modules, workers or WebAssembly —
// so the same search works over http, from file:// and from a Windows
// share. A query loads only the shards its terms need, then the files of
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
// longer term of n runes takes the bigrams at offsets 0, 2, 4 … and n-2,
// which cover every rune, and keeps the documents where all of them occur at
// p, p+2 … p+n-2 for some p: that is exactly the term at p. A match is in
// the title when p is one of the first bigram's title positions.
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
//	              y: runs of years over document ids [year, count, …]}
//	g/<k>.js      kind "g": {gram: list, …}, the grams whose hash (FNV-1a
//	              over the code points, mixed; search.js has the same) falls in
//	              shard k; k is a power of two chosen so shards are ~20 KB
//	d/<id>.js     kind "d": one document's Entry as JSON, lz-compressed (lz.go)
//	dict.js       kind "z": the lz coder's rune table, dictionary and order
//
// A list is a bit stream (bits.go: 13 bits in two characters of '#'…'~'
// without '\'): gamma(documents), gamma(kGap+1), for bigrams
// gamma(kFirst+1) and gamma(kDelta+1); then per document rice(id gap - 1,
// kGap) (the first gap counts from -1), gamma(count), gamma(title count +
// 1) and, for bigrams, rice(first position, kFirst) and rice(gap - 1,
// kDelta) for each further position. Script URLs carry ?v=version, so a
// browser never mixes files of two builds.
//
// # Building and updating
//
// New(n), then Add(i, doc) for each slot, from many goroutines, then
// Write(w). Between Add and Write the index keeps each document's
// metadata and its text in compact form (runes numbered by first use, as
// uvarints: about 1.4 bytes a Chinese character), never the Doc's strings.
// Write builds the lists shard group by shard group, so the lists in memory
// at once stay near 8 MB of text's worth, and encodes them in parallel.
//
// For gen serve, after a Write: Put(doc) adds a document or replaces the
// one with the same URL, Remove(url) takes one out, and WriteChanged(w)
// writes the files whose bytes changed — shards, the documents' files, the
// manifest — and returns their names and the names of files to delete. Ids
// of existing documents never change, so no other file does. An update
// costs what changed, not the archive: Put tokenises the document's old and
// new text and changes only the lists whose record of it differs, in place
// in their bit streams, and a changed shard is the join of its lists'
// strings (kept.go). That takes the update cache — each list as encoded
// and, for long lists, their Rice statistics and skip entries: 14 MB for
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
