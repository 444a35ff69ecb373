/* gen search: full-text search of the archive, offline and from a file share.
 *
 * The index (written by gen/generator/search, whose package comment is the
 * format's specification) is a set of plain scripts that call
 * GenSearch.put(kind, key, value) when loaded through an inserted <script>
 * tag: no fetch, XHR, modules, workers or WebAssembly, so it works over
 * http and from file:// alike. A query loads the manifest, the shards of its
 * grams, then the document files of the page of results shown.
 *
 * A result contains every term of the query as a substring, after folding
 * case and full-width forms exactly as the Go side does (search.Fold): terms
 * of one or two characters are answered from their gram's list, longer ones
 * by checking the positions of a chain of bigrams that covers the term.
 */
(function () {
  "use strict";

  var PAGE = 10;

  /* ---- Normalisation: the same as search.Fold and search.isSpace ---- */

  function fold(c) {
    if (c < 0x80) return c >= 65 && c <= 90 ? c + 32 : c;
    if (c >= 0xff01 && c <= 0xff5e) return fold(c - 0xfee0);
    if (c === 0x3000) return 32;
    if ((c < 0x530 || (c >= 0x1e00 && c < 0x2000)) && c !== 0x130) {
      var s = String.fromCodePoint(c).toLowerCase();
      var l = s.codePointAt(0);
      if (s.length === (l > 0xffff ? 2 : 1)) return l;
    }
    return c;
  }

  function isSpace(c) {
    return c === 32 || (c >= 9 && c <= 13) || c === 0x85 || c === 0xa0 || c === 0x1680 ||
      (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f ||
      c === 0x205f || c === 0x3000 || c === 0xfeff;
  }

  /* codes returns the folded code points of s. */
  function codes(s) {
    var out = [];
    for (var i = 0; i < s.length; i++) {
      var c = s.codePointAt(i);
      if (c > 0xffff) i++;
      out.push(fold(c));
    }
    return out;
  }

  /* terms splits a query into distinct terms, each an array of code points. */
  function terms(q) {
    var cs = codes(q), out = [], seen = {}, cur = [];
    for (var i = 0; i <= cs.length; i++) {
      if (i === cs.length || isSpace(cs[i])) {
        var key = String.fromCodePoint.apply(null, cur);
        if (cur.length && !seen[key]) { seen[key] = true; out.push(cur); }
        cur = [];
      } else cur.push(cs[i]);
    }
    return out;
  }

  /* ---- Loading index scripts ---- */

  var store = {}, pending = {};

  window.GenSearch = {
    put: function (kind, key, value) { store[kind + key] = value; },
    fold: fold,
    loaded: [], // paths of the index files loaded, for tests and measurements
    /* open returns the index under root ("../" from search/index.html) for
     * other pages and tests: .search(q) resolves to ranked hits {id, title,
     * count}, .doc(id) to a document {t, u, d, n, g, x}. */
    open: function (root) { return new Index(root); },
    search: null // set below, for tests: GenSearch.search(q) → Promise of ranked hits
  };

  function load(root, kind, key, path, version) {
    var id = kind + key;
    if (store[id] !== undefined) return Promise.resolve(store[id]);
    if (pending[id]) return pending[id];
    pending[id] = new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = root + path + (version ? "?v=" + version : "");
      window.GenSearch.loaded.push(path);
      s.async = true;
      s.onload = function () {
        s.remove();
        if (store[id] !== undefined) resolve(store[id]);
        else reject(new Error("not an index file: " + path));
      };
      s.onerror = function () { s.remove(); delete pending[id]; reject(new Error("cannot load " + path)); };
      document.head.appendChild(s);
    });
    return pending[id];
  }

  /* ---- The index: manifest, gram lists ---- */

  /* Reader reads the bit streams of search.bitWriter: 13 bits in each two
   * characters of the alphabet '#'…'~' without '\\'. The stream is first
   * packed into 32-bit words; a read looks at the 32 bits from the current
   * position, counting runs of zeros or ones with Math.clz32. */
  function Reader(s) {
    var n = s.length >> 1, w = new Int32Array(((n * 13) >> 5) + 3), acc = 0, nacc = 0, k = 0;
    for (var i = 0, j = 0; i < n; i++, j += 2) {
      var a = s.charCodeAt(j), b = s.charCodeAt(j + 1);
      var v = (a > 92 ? a - 36 : a - 35) * 91 + (b > 92 ? b - 36 : b - 35);
      if (nacc + 13 < 32) { acc = (acc << 13) | v; nacc += 13; continue; }
      var r = nacc + 13 - 32; // bits of v left over
      w[k++] = (acc << (32 - nacc)) | (v >>> r);
      acc = v & ((1 << r) - 1);
      nacc = r;
    }
    if (nacc > 0) w[k] = acc << (32 - nacc);
    this.w = w; this.p = 0;
  }
  /* peek returns the 32 bits from the current position, the first highest. */
  Reader.prototype.peek = function () {
    var i = this.p >>> 5, o = this.p & 31;
    return o === 0 ? this.w[i] : (this.w[i] << o) | (this.w[i + 1] >>> (32 - o));
  };
  Reader.prototype.bits = function (k) {
    if (k === 0) return 0;
    if (k > 24) { var hi = this.bits(k - 16); return hi * 65536 + this.bits(16); }
    var v = this.peek() >>> (32 - k);
    this.p += k;
    return v;
  };
  Reader.prototype.bit = function () { return this.bits(1); };
  /* zeros reads zeros and the one that ends them, and returns how many zeros. */
  Reader.prototype.zeros = function () {
    var x = this.peek();
    if (x === 0) { this.p += 32; return 33; } // never written: a corrupt or exhausted stream
    var z = Math.clz32(x);
    this.p += z + 1;
    return z;
  };
  Reader.prototype.gamma = function () {
    var z = this.zeros();
    return z > 32 ? 0 : Math.pow(2, z) + this.bits(z);
  };
  /* rice reads a Rice code of parameter k (search.bitWriter.rice): up to
   * 16 ones ended by a zero, then k bits; 16 ones go on in gamma. */
  Reader.prototype.rice = function (k) {
    var q = Math.clz32(~this.peek());
    if (q < 16) this.p += q + 1;
    else { this.p += 16; q = 16 + this.gamma() - 1; }
    return k === 0 ? q : q * (k < 30 ? 1 << k : Math.pow(2, k)) + this.bits(k);
  };
  Reader.prototype.eg = function (k) {
    return (this.gamma() - 1) * Math.pow(2, k) + this.bits(k);
  };

  /* decodeList returns the list of one gram (see search.values.encode):
   * per record r its document doc[r], count cnt[r], title count tc[r],
   * and for bigrams positions pos[off[r]] … pos[off[r+1]-1], with flags
   * (bit 1: no top previous neighbour, 2: no top next one) when the list
   * has top neighbours. Without withPos the positions are read, not kept. */
  function decodeList(enc, bigram, withPos) {
    var r = new Reader(enc), n = enc ? r.gamma() : 0, kGap = r.gamma() - 1, kFirst = 0, kDelta = 0, modes = 0;
    if (bigram) { kFirst = r.gamma() - 1; kDelta = r.gamma() - 1; modes = r.bits(4); }
    var l = { n: n, doc: new Int32Array(n), cnt: new Int32Array(n), tc: new Int32Array(n), off: null, pos: null, flags: null };
    var doc = -1, i, j;
    if (!bigram) {
      for (i = 0; i < n; i++) {
        doc += r.rice(kGap) + 1;
        l.doc[i] = doc; l.cnt[i] = r.gamma(); l.tc[i] = r.gamma() - 1;
      }
      return l;
    }
    if (!withPos) {
      for (i = 0; i < n; i++) {
        doc += r.rice(kGap) + 1;
        var c = r.gamma();
        l.doc[i] = doc; l.cnt[i] = c; l.tc[i] = r.gamma() - 1;
        r.rice(kFirst);
        for (j = 1; j < c; j++) r.rice(kDelta);
        for (var dd = 0; dd < 2; dd++) {
          if (((modes >> (2 - 2 * dd)) & 3) !== 2) continue;
          var wd = 32 - Math.clz32(c - 1);
          for (var ee = r.gamma() - 1; ee > 0; ee--) r.bits(wd);
        }
      }
      return l;
    }
    var off = new Int32Array(n + 1), pos = new Int32Array(2 * n + 16), flags = modes ? new Uint8Array(pos.length) : null, np = 0;
    var flagged = [(modes >> 2) === 2, (modes & 3) === 2];
    for (i = 0; i < n; i++) {
      doc += r.rice(kGap) + 1;
      var cnt = r.gamma();
      l.doc[i] = doc; l.cnt[i] = cnt; l.tc[i] = r.gamma() - 1;
      off[i] = np;
      if (np + cnt > pos.length) { // grow
        var size = Math.max(2 * pos.length, np + cnt), p2 = new Int32Array(size);
        p2.set(pos);
        pos = p2;
        if (flags) { var f2 = new Uint8Array(size); f2.set(flags); flags = f2; }
      }
      var at = r.rice(kFirst);
      pos[np++] = at;
      for (j = 1; j < cnt; j++) { at += r.rice(kDelta) + 1; pos[np++] = at; }
      if (flags) {
        var width = 32 - Math.clz32(cnt - 1), base = np - cnt;
        for (var d = 0; d < 2; d++) {
          if (!flagged[d]) continue;
          for (var e = r.gamma() - 1; e > 0; e--) {
            var x = r.bits(width);
            if (x < cnt) flags[base + x] |= 1 << d;
          }
        }
      }
    }
    off[n] = np;
    l.off = off; l.pos = pos; l.flags = flags;
    return l;
  }

  function shardOf(g, n) {
    var h = Math.imul(2166136261 ^ g[0], 16777619) >>> 0;
    if (g.length > 1) h = Math.imul(h ^ g[1], 16777619) >>> 0;
    h = (h ^ (h >>> 16)) >>> 0;
    h = Math.imul(h, 0x45d9f3b) >>> 0;
    h = (h ^ (h >>> 16)) >>> 0;
    return h & (n - 1);
  }

  function Index(root) {
    this.root = root;
    this.m = null;
    this.lists = {};
  }

  Index.prototype.manifest = function () {
    var self = this;
    if (this.m) return Promise.resolve(this.m);
    return load(this.root, "m", 0, "search/manifest.js", String(Date.now())).then(function (m) {
      /* the large lists (search.Index.bigJSON): gram → {tops, size} */
      m.big = {};
      var b = Array.from(m.b || ""), grams = [];
      for (var k = 0; k + 4 <= b.length && k / 4 < m.bs.length; k += 4) {
        var g = b[k + 1] === " " ? b[k] : b[k] + b[k + 1];
        grams.push(g);
        m.big[g] = {
          tops: [b[k + 2] === " " ? 0 : b[k + 2].codePointAt(0), b[k + 3] === " " ? 0 : b[k + 3].codePointAt(0)],
          size: m.bs[k / 4]
        };
      }
      /* the large lists written whole since the base (search.wholeBits):
       * gram → the id from which the delta's postings are not in their files */
      m.from = {};
      if (m.w) {
        var r = new Reader(m.w), c = r.gamma() - 1, lo = r.gamma() - 1, width = r.gamma() - 1, place = -1;
        for (k = 0; k < c; k++) {
          place += r.gamma();
          m.from[grams[place]] = lo + r.bits(width);
        }
      }
      self.m = m;
      self.dict(); // the results will need it: load it with the lists
      return m;
    });
  };

  /* docs sets m.docSec and m.docYear, each document's section and year,
   * from the manifest; search calls it while the lists load. */
  function docs(m) {
    if (m.docSec) return;
    var width = 0;
    while ((1 << width) <= m.sec.length) width++;
    var r = new Reader(m.s);
    m.docSec = new Uint16Array(m.n);
    m.docYear = new Uint16Array(m.n);
    for (var i = 0; i < m.n; i++) m.docSec[i] = r.bits(width);
    for (var j = 0, d = 0; j < m.y.length; j += 2) {
      for (var c = 0; c < m.y[j + 1]; c++) m.docYear[d++] = m.y[j];
    }
    if (m.o) { // an index carried over: the ranking as runs of ids
      m.rank = new Int32Array(m.n);
      for (var o = 0, at = 0; o + 1 < m.o.length; o += 2) {
        for (var id = m.o[o]; id < m.o[o] + m.o[o + 1]; id++) m.rank[id] = at++;
      }
    }
    if (m.z) ranks(m);
  }

  /* ranks reads z (search.rankBits): the delta's documents' years, then,
   * in rank order, each one's place among the base's ids and its id; the
   * base's ids rank in id order, each after the delta's documents placed
   * at it. */
  function ranks(m) {
    var r = new Reader(m.z), base = r.gamma() - 1, nd = r.gamma() - 1, prev = 0, i, u;
    for (i = 0; i < nd; i++) {
      u = r.gamma() - 1;
      prev += (u >>> 1) ^ -(u & 1);
      m.docYear[base + i] = prev;
    }
    var l = r.gamma() - 1, width = 0, at = 0, q = 0;
    while ((1 << width) <= nd) width++;
    m.rank = new Int32Array(m.n);
    for (i = 0; i < l; i++) {
      var place = q + r.gamma() - 1, id = base + r.bits(width);
      for (; q < place && q < base; q++) m.rank[q] = at++;
      if (id < m.n) m.rank[id] = at++;
    }
    for (; q < base; q++) m.rank[q] = at++;
  }

  function gramKey(g) { return String.fromCodePoint.apply(null, g); }

  /* files returns [kind, key, path] of each file holding part of gram g's
   * list: the base's large list or shard, then, for an index carried over
   * from an earlier build (search/delta.go), its delta and recent shards
   * when they have a file. */
  Index.prototype.files = function (g) {
    var out = [], m = this.m, k;
    if (m.big[gramKey(g)]) {
      var name = g.map(function (c) { return c.toString(16); }).join("-");
      out.push(["l", name, "search/l/" + name + ".js"]);
    } else {
      k = shardOf(g, m.k);
      out.push(["g", k, "search/g/" + k + ".js"]);
    }
    if (m.e) {
      k = shardOf(g, m.e);
      if (m.el.charAt(k) === "1") out.push(["e", k, "search/e/" + k + ".js"]);
      k = shardOf(g, m.r.length);
      if (m.r.charAt(k) === "1") out.push(["r", k, "search/r/" + k + ".js"]);
    }
    return out;
  };

  /* list returns gram g's list, with its positions when withPos is set:
   * the parts in the files that hold it, joined (ids rise through them),
   * without removed documents. */
  Index.prototype.list = function (g, withPos) {
    var key = gramKey(g), id = key + (withPos ? "+" : "");
    if (this.lists[id]) return this.lists[id];
    var m = this.m, from = [], parts = this.files(g).map(function (f) {
      var v = store[f[0] + f[1]], enc = f[0] === "l" ? v : v[key];
      from.push(f[0] === "e" || f[0] === "r" ? m.from[key] || 0 : 0);
      return decodeList(enc === undefined ? "" : enc, g.length === 2, withPos);
    });
    this.lists[id] = m.e ? join(parts, from, m.docSec, m.sec.length) : parts[0];
    return this.lists[id];
  };

  /* join joins lists of rising ids, leaving out the documents whose
   * section is gone (removed ones) and, in each part, those below its
   * from (a promoted list's, which its large list holds). */
  function join(parts, from, docSec, gone) {
    var n = 0, np = 0, flagged = false, withPos = !!parts[0].off;
    parts.forEach(function (l) { n += l.n; if (withPos) np += l.off[l.n]; if (l.flags) flagged = true; });
    var out = { n: 0, doc: new Int32Array(n), cnt: new Int32Array(n), tc: new Int32Array(n), off: null, pos: null, flags: null };
    if (withPos) { out.off = new Int32Array(n + 1); out.pos = new Int32Array(np); if (flagged) out.flags = new Uint8Array(np); }
    var p = 0;
    parts.forEach(function (l, pi) {
      for (var i = 0; i < l.n; i++) {
        if (docSec[l.doc[i]] === gone || l.doc[i] < from[pi]) continue;
        var r = out.n++;
        out.doc[r] = l.doc[i]; out.cnt[r] = l.cnt[i]; out.tc[r] = l.tc[i];
        if (!withPos) continue;
        out.off[r] = p;
        for (var j = l.off[i]; j < l.off[i + 1]; j++, p++) {
          out.pos[p] = l.pos[j];
          if (out.flags && l.flags) out.flags[p] = l.flags[j];
        }
      }
    });
    if (withPos) out.off[out.n] = p;
    return out;
  }

  /* plan chooses the windows of a term of three runes or more, as
   * search.plan does: [{o, prev, next}], by offset. */
  var SMALL_COST = 20;
  function plan(t, big) {
    var n = t.length, ws = [], i, x;
    for (var o = 0; o + 2 <= n; o++) {
      var w = { o: o, prev: false, next: false, cost: SMALL_COST }, b = big[gramKey([t[o], t[o + 1]])];
      if (b) {
        w.cost = Math.max(b.size, 1);
        w.prev = o > 0 && b.tops[0] === t[o - 1];
        w.next = o + 2 < n && b.tops[1] === t[o + 2];
      }
      w.from = w.prev ? o - 1 : o;
      w.to = w.next ? o + 3 : o + 2;
      ws.push(w);
    }
    var order = ws.slice().sort(function (a, b) { return (a.to - b.to) || (a.o - b.o); });
    var best = [0], from = [null];
    for (x = 1; x <= n; x++) { best.push(-1); from.push(null); }
    for (i = 0; i < order.length; i++) {
      var v = order[i];
      for (x = v.from; x < v.to; x++) {
        if (best[x] >= 0 && (best[v.to] < 0 || best[x] + v.cost < best[v.to])) {
          best[v.to] = best[x] + v.cost;
          from[v.to] = { w: v, x: x };
        }
      }
    }
    var out = [];
    for (x = n; x > 0; x = from[x].x) out.push(from[x].w);
    return out.sort(function (a, b) { return a.o - b.o; });
  }

  /* grams lists the grams whose lists a term needs. */
  function grams(t, big) {
    if (t.length <= 2) return [t];
    return plan(t, big).map(function (w) { return [t[w.o], t[w.o + 1]]; });
  }

  /* usable reports whether position i of list l has what window w needs. */
  function usable(l, i, w) {
    return !l.flags || ((!w.prev || !(l.flags[i] & 1)) && (!w.next || !(l.flags[i] & 2)));
  }

  /* term returns the documents containing t, by id: {n, doc, count, title},
   * typed arrays of n: how often t occurs in each, and whether in its title. */
  Index.prototype.term = function (t) {
    var i, j;
    if (t.length <= 2) {
      var l = this.list(t, false), title = new Uint8Array(l.n);
      for (i = 0; i < l.n; i++) title[i] = l.tc[i] > 0 ? 1 : 0;
      return { n: l.n, doc: l.doc, count: l.cnt, title: title };
    }
    var ws = plan(t, this.m.big), ls = [], at = [], lead = 0;
    for (j = 0; j < ws.length; j++) {
      ls.push(this.list([t[ws[j].o], t[ws[j].o + 1]], true));
      at.push(0);
      if (ls[j].n < ls[lead].n) lead = j;
    }
    // The list with the fewest documents leads; the others are walked
    // along by document. Any window tells whether a match is in the title:
    // a match never spans the title's end.
    var first = ls[lead], w0 = ws[lead], out = { n: 0, doc: new Int32Array(first.n), count: new Int32Array(first.n), title: new Uint8Array(first.n) };
    var recs = new Int32Array(ls.length);
    next: for (var r = 0; r < first.n; r++) {
      var doc = first.doc[r];
      for (j = 0; j < ls.length; j++) {
        if (j === lead) continue;
        var lj = ls[j];
        while (at[j] < lj.n && lj.doc[at[j]] < doc) at[j]++;
        if (at[j] === lj.n) break next;
        if (lj.doc[at[j]] !== doc) continue next;
        recs[j] = at[j];
      }
      var count = 0, inTitle = 0;
      for (i = first.off[r]; i < first.off[r + 1]; i++) {
        if (!usable(first, i, w0)) continue;
        var start = first.pos[i] - w0.o, ok = true;
        for (j = 0; j < ls.length && ok; j++) {
          if (j === lead) continue;
          var L = ls[j], want = start + ws[j].o, lo = L.off[recs[j]], hi = L.off[recs[j] + 1];
          while (lo < hi) { var mid = (lo + hi) >> 1; if (L.pos[mid] < want) lo = mid + 1; else hi = mid; }
          ok = lo < L.off[recs[j] + 1] && L.pos[lo] === want && usable(L, lo, ws[j]);
        }
        if (ok) { count++; if (i - first.off[r] < first.tc[r]) inTitle = 1; }
      }
      if (count) { out.doc[out.n] = doc; out.count[out.n] = count; out.title[out.n] = inTitle; out.n++; }
    }
    return out;
  };

  /* both keeps the documents of a and b, both by id, adding their counts
   * and titles. */
  function both(a, b) {
    var m = Math.min(a.n, b.n), out = { n: 0, doc: new Int32Array(m), count: new Int32Array(m), title: new Uint8Array(m) };
    for (var i = 0, j = 0; i < a.n && j < b.n;) {
      if (a.doc[i] < b.doc[j]) i++;
      else if (a.doc[i] > b.doc[j]) j++;
      else {
        out.doc[out.n] = a.doc[i]; out.count[out.n] = a.count[i] + b.count[j]; out.title[out.n] = a.title[i] + b.title[j];
        out.n++; i++; j++;
      }
    }
    return out;
  }

  /* search resolves to the ranked hits [{id, title, count}] of query q. */
  Index.prototype.search = function (q) {
    var self = this, ts = terms(q);
    if (!ts.length) return Promise.resolve([]);
    return this.manifest().then(function (m) {
      var need = {};
      ts.forEach(function (t) {
        grams(t, m.big).forEach(function (g) { self.files(g).forEach(function (f) { need[f[0] + f[1]] = f; }); });
      });
      var loaded = Promise.all(Object.keys(need).map(function (k) {
        var f = need[k];
        return load(self.root, f[0], f[1], f[2], m.v);
      }));
      docs(m); // while they load
      return loaded;
    }).then(function () {
      var acc = null;
      ts.forEach(function (t) { acc = acc ? both(acc, self.term(t)) : self.term(t); });
      var out = new Array(acc.n), years = self.m.docYear, rank = self.m.rank;
      for (var i = 0; i < acc.n; i++) out[i] = { id: acc.doc[i], title: acc.title[i], count: acc.count[i] };
      out.sort(function (a, b) {
        return (b.title - a.title) || (b.count - a.count) ||
          (rank ? rank[a.id] - rank[b.id] : (years[b.id] - years[a.id]) || (a.id - b.id));
      });
      return out;
    });
  };

  /* dict resolves to the lz coder of document files. */
  Index.prototype.dict = function () {
    if (!this.lz) {
      this.lz = load(this.root, "z", 0, "search/dict.js", this.m.v).then(function (z) {
        return { table: cps(z.t), dict: Int32Array.from(cps(z.d)), k: z.k };
      });
      this.lz.catch(function () {}); // reported by doc
    }
    return this.lz;
  };

  /* doc resolves to a document's entry {t, u, d, n, g, x}. A few
   * documents (m.p), by id, share a file: a JSON array compressed as one
   * text. */
  Index.prototype.doc = function (id) {
    var size = this.m.p, p = Math.floor(id / size);
    if (!this.packs) this.packs = {};
    if (!this.packs[p]) {
      this.packs[p] = Promise.all([this.dict(), load(this.root, "d", p, "search/d/" + p + ".js", this.m.v)]).then(function (r) {
        return JSON.parse(unlz(r[1], r[0]));
      });
    }
    return this.packs[p].then(function (pack) {
      if (!pack[id % size]) throw new Error("no document " + id);
      return pack[id % size];
    });
  };

  /* ---- Document files: JSON coded by search.lz ---- */

  /* unlz decodes a document file (see search.lz.compress): literals by rank in
   * the table, matches copied from earlier in the document or the dictionary. */
  function unlz(enc, z) {
    var r = new Reader(enc), n = r.gamma() - 1, d = z.dict.length, end = d + n;
    var out = new Int32Array(end), o = d;
    out.set(z.dict);
    while (o < end) {
      if (r.bit()) {
        var len = r.eg(2) + 3, from = o - r.eg(6) - 1;
        if (from < 0 || o + len > end) throw new Error("bad document file");
        for (var k = 0; k < len; k++) out[o++] = out[from + k];
      } else {
        var rank = r.eg(z.k);
        out[o++] = rank < z.table.length ? z.table[rank] : r.bits(21);
      }
    }
    var s = "";
    for (var i = d; i < end; i += 4096) s += String.fromCodePoint.apply(null, out.subarray(i, Math.min(end, i + 4096)));
    return s;
  }


  function cps(s) {
    return Array.from(s, function (c) { return c.codePointAt(0); });
  }

  /* ---- Showing results ---- */

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  /* marked appends s to parent with every occurrence of the terms in <mark>.
   * Folding keeps one code point per code point, so ranges found in the
   * folded text are ranges of the original. */
  function marked(parent, s, ts) {
    var chars = Array.from(s), cs = chars.map(function (c) { return fold(c.codePointAt(0)); });
    var on = new Uint8Array(chars.length);
    ts.forEach(function (t) {
      for (var i = 0; i + t.length <= cs.length; i++) {
        var k = 0;
        while (k < t.length && cs[i + k] === t[k]) k++;
        if (k === t.length) for (k = 0; k < t.length; k++) on[i + k] = 1;
      }
    });
    for (var a = 0; a < chars.length;) {
      var b = a;
      while (b < chars.length && on[b] === on[a]) b++;
      var text = chars.slice(a, b).join("");
      parent.appendChild(on[a] ? el("mark", "", text) : document.createTextNode(text));
      a = b;
    }
    return parent;
  }

  /* snippet cuts the body around the first occurrence of a term. */
  function snippet(x, ts) {
    var chars = Array.from(x.replace(/\s+/g, " ")), cs = chars.map(function (c) { return fold(c.codePointAt(0)); });
    var at = -1;
    for (var i = 0; i < cs.length && at < 0; i++) {
      for (var j = 0; j < ts.length; j++) {
        var t = ts[j], k = 0;
        while (k < t.length && cs[i + k] === t[k]) k++;
        if (k === t.length) { at = i; break; }
      }
    }
    var from = Math.max(0, at - 40), to = Math.min(chars.length, Math.max(at, 0) + 90);
    return (from > 0 ? "…" : "") + chars.slice(from, to).join("") + (to < chars.length ? "…" : "");
  }

  function formatDate(d, zh) {
    if (!d) return "";
    var p = d.split("-").map(Number);
    if (zh) return p[0] + "年" + p[1] + "月" + p[2] + "日";
    var months = ["January", "February", "March", "April", "May", "June", "July", "August",
      "September", "October", "November", "December"];
    return p[2] + " " + months[p[1] - 1] + " " + p[0];
  }

  function href(root, url) {
    return root + url.split("/").map(encodeURIComponent).join("/");
  }

  function format(s, a, b) {
    return s.replace("%d", a).replace("%d", b).replace("%s", a);
  }

  /* ---- The page ---- */

  function App(box) {
    this.box = box;
    this.root = box.getAttribute("data-root") || "";
    this.zh = /^zh/i.test(document.documentElement.lang);
    this.index = new Index(this.root);
    this.form = box.querySelector("form");
    this.input = box.querySelector("input[name=q]");
    this.sec = box.querySelector("select[name=s]");
    this.year = box.querySelector("select[name=y]");
    this.status = box.querySelector(".search-status");
    this.list = box.querySelector(".search-results");
    this.pager = box.querySelector(".search-pager");
    this.seq = 0;
    this.hits = [];
    this.terms = [];
    this.page = 1;
    this.title = document.title;
  }

  App.prototype.label = function (key) { return this.box.getAttribute("data-l-" + key) || key; };

  App.prototype.start = function () {
    var self = this, params = new URLSearchParams(location.search);
    var q = params.get("q") || "";
    this.input.value = q;
    document.querySelectorAll(".search-box input[name=q]").forEach(function (i) { i.value = q; });
    this.wanted = { s: params.get("s") || "", y: params.get("y") || "", p: Number(params.get("p")) || 1 };
    this.form.addEventListener("submit", function (e) { e.preventDefault(); self.run(self.input.value, {}); });
    document.querySelectorAll(".search-box").forEach(function (f) {
      f.addEventListener("submit", function (e) {
        e.preventDefault();
        var v = f.querySelector("input[name=q]").value;
        self.input.value = v;
        self.run(v, {});
        self.input.focus();
      });
    });
    [this.sec, this.year].forEach(function (s) {
      // focus stays on the select: arrow keys change it one option at a time
      s.addEventListener("change", function () { self.page = 1; self.show(false); });
    });
    if (q.trim()) this.run(q, this.wanted);
    else this.input.focus();
  };

  /* run searches for q and shows the results; keep holds filters and page to restore. */
  App.prototype.run = function (q, keep) {
    var self = this, seq = ++this.seq;
    document.querySelectorAll(".search-box input[name=q]").forEach(function (i) { i.value = q; });
    this.q = q.trim();
    this.terms = terms(q);
    this.status.textContent = this.terms.length ? this.label("loading") : "";
    if (!this.terms.length) { this.hits = []; this.show(false); return Promise.resolve(); }
    return this.index.search(q).then(function (hits) {
      if (seq !== self.seq) return;
      self.hits = hits;
      self.fillFilters(keep.s || "", keep.y || "");
      self.page = keep.p || 1;
      self.show(false);
    }, function (err) {
      if (seq !== self.seq) return;
      self.status.textContent = self.label("failed");
      if (window.console) console.warn(err);
    });
  };

  App.prototype.fillFilters = function (s, y) {
    var m = this.index.m, secs = {}, years = {};
    this.hits.forEach(function (h) {
      secs[m.docSec[h.id]] = (secs[m.docSec[h.id]] || 0) + 1;
      years[m.docYear[h.id]] = (years[m.docYear[h.id]] || 0) + 1;
    });
    var fill = function (select, all, keys, name, chosen) {
      select.textContent = "";
      select.appendChild(el("option", "", all)).value = "";
      keys.forEach(function (k) {
        var o = select.appendChild(el("option", "", name(k.key) + " (" + k.n + ")"));
        o.value = String(k.value);
      });
      select.value = chosen;
      if (select.value !== chosen) select.value = "";
      select.disabled = keys.length < 1;
    };
    var secKeys = Object.keys(secs).map(Number).sort(function (a, b) { return a - b; }).map(function (i) {
      return { key: i, value: m.sec[i][0], n: secs[i] };
    });
    var yearKeys = Object.keys(years).map(Number).sort(function (a, b) { return b - a; }).map(function (yv) {
      return { key: yv, value: yv, n: years[yv] };
    });
    var zh = this.zh;
    fill(this.sec, this.label("allSections"), secKeys, function (i) { return m.sec[i][1] || m.sec[i][0]; }, s);
    fill(this.year, this.label("allYears"), yearKeys, function (yv) { return zh ? yv + "年" : String(yv); }, String(y));
  };

  /* filtered is the hits that pass the section and year filters. */
  App.prototype.filtered = function () {
    var m = this.index.m, s = this.sec.value, y = Number(this.year.value);
    if (!m) return [];
    return this.hits.filter(function (h) {
      return (!s || m.sec[m.docSec[h.id]][0] === s) && (!y || m.docYear[h.id] === y);
    });
  };

  App.prototype.remember = function () {
    var p = new URLSearchParams();
    if (this.q) p.set("q", this.q);
    if (this.sec.value) p.set("s", this.sec.value);
    if (this.year.value) p.set("y", this.year.value);
    if (this.page > 1) p.set("p", String(this.page));
    var url = location.pathname + (p.toString() ? "?" + p.toString() : "");
    try { history.replaceState(null, "", url); } catch (e) { /* some file:// setups refuse; the search still works */ }
    document.title = (this.q ? this.q + " - " : "") + this.title;
  };

  /* show renders the current page of results; focus moves to the status when asked. */
  App.prototype.show = function (focus) {
    var self = this, hits = this.filtered(), pages = Math.max(1, Math.ceil(hits.length / PAGE));
    this.page = Math.min(Math.max(1, this.page), pages);
    this.remember();
    this.list.textContent = "";
    this.pager.textContent = "";
    if (!this.terms.length) { this.status.textContent = ""; this.sec.disabled = this.year.disabled = true; return; }
    this.status.textContent = hits.length === 1 ? this.label("countOne") :
      hits.length ? format(this.label("count"), hits.length) : format(this.label("none"), this.q);
    if (focus) this.status.focus();
    var shown = hits.slice((this.page - 1) * PAGE, this.page * PAGE), seq = this.seq;
    var items = shown.map(function () { return self.list.appendChild(el("li", "search-result loading")); });
    var left = shown.length;
    shown.forEach(function (h, i) {
      self.index.doc(h.id).then(function (d) {
        if (seq === self.seq) self.item(items[i], d, h);
      }, function () { items[i].textContent = self.label("failed"); }).then(function () {
        if (--left === 0 && window.performance && performance.mark) performance.mark("gen-search-shown");
      });
    });
    if (pages > 1) this.renderPager(pages);
  };

  App.prototype.item = function (li, d, h) {
    var m = this.index.m;
    li.className = "search-result";
    var a = marked(el("a"), d.t, this.terms);
    a.href = href(this.root, d.u);
    li.appendChild(el("h2", "t")).appendChild(a);
    var meta = li.appendChild(el("p", "m"));
    var parts = [];
    if (d.d) {
      var time = el("time", "", formatDate(d.d, this.zh));
      time.dateTime = d.d;
      parts.push(time);
    }
    var sec = m.sec[m.docSec[h.id]];
    if (sec) parts.push(el("span", "sec", sec[1] || sec[0]));
    (d.n || []).forEach(function (u) { parts.push(el("span", "unit", u)); });
    parts.forEach(function (p, i) {
      if (i) meta.appendChild(el("span", "sep", " · "));
      meta.appendChild(p);
    });
    marked(li.appendChild(el("p", "x")), snippet(d.x || "", this.terms), this.terms);
    if (d.g && d.g.length) {
      var tags = li.appendChild(el("p", "tags"));
      d.g.forEach(function (g) { marked(tags.appendChild(el("span", "tag")), g, this.terms); }, this);
    }
  };

  App.prototype.renderPager = function (pages) {
    var self = this;
    var go = function (p) {
      return function (e) {
        e.preventDefault();
        self.page = p;
        self.show(true);
      };
    };
    var button = function (text, p, disabled) {
      var b = el("button", "", text);
      b.type = "button";
      b.disabled = disabled;
      b.addEventListener("click", go(p));
      return b;
    };
    this.pager.appendChild(button(this.label("prev"), this.page - 1, this.page <= 1));
    var from = Math.max(1, Math.min(this.page - 4, pages - 8)), to = Math.min(pages, from + 8);
    for (var p = from; p <= to; p++) {
      var b = button(String(p), p, false);
      if (p === this.page) { b.className = "current"; b.setAttribute("aria-current", "page"); }
      this.pager.appendChild(b);
    }
    this.pager.appendChild(el("span", "of", format(this.label("pageOf"), this.page, pages)));
    this.pager.appendChild(button(this.label("next"), this.page + 1, this.page >= pages));
  };

  function main() {
    var box = document.getElementById("search");
    if (!box) return;
    box.classList.add("ready");
    var app = new App(box);
    window.GenSearch.search = function (q) { return app.index.search(q); };
    window.GenSearch.app = app;
    app.start();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", main);
  else main();
})();
