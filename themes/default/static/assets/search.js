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
   * characters of the alphabet '#'…'~' without '\\'. */
  function Reader(s) { this.s = s; this.p = 0; this.pair = -1; this.val = 0; }
  function unalpha(c) { return c > 92 ? c - 36 : c - 35; }
  Reader.prototype.bit = function () {
    var i = (this.p / 13) | 0;
    if (i !== this.pair) {
      this.pair = i;
      this.val = 2 * i + 1 < this.s.length ? unalpha(this.s.charCodeAt(2 * i)) * 91 + unalpha(this.s.charCodeAt(2 * i + 1)) : 0;
    }
    return (this.val >> (12 - this.p++ % 13)) & 1;
  };
  Reader.prototype.bits = function (n) {
    var v = 0;
    while (n-- > 0) v = v * 2 + this.bit();
    return v;
  };
  Reader.prototype.gamma = function () {
    var n = 0;
    while (this.bit() === 0) if (++n > 32) return 0;
    return Math.pow(2, n) + this.bits(n);
  };
  Reader.prototype.rice = function (k) {
    var q = 0;
    while (q < 16 && this.bit() === 1) q++;
    if (q === 16) q += this.gamma() - 1;
    return q * Math.pow(2, k) + this.bits(k);
  };
  Reader.prototype.eg = function (k) {
    return (this.gamma() - 1) * Math.pow(2, k) + this.bits(k);
  };

  /* decodeList returns [{doc, cnt, tc, pos}] of one gram (see search.list.encode). */
  function decodeList(enc, bigram) {
    var r = new Reader(enc), n = r.gamma(), kGap = r.gamma() - 1, kFirst = 0, kDelta = 0;
    if (bigram) { kFirst = r.gamma() - 1; kDelta = r.gamma() - 1; }
    var out = new Array(n), doc = -1;
    for (var i = 0; i < n; i++) {
      doc += r.rice(kGap) + 1;
      var p = { doc: doc, cnt: r.gamma(), tc: r.gamma() - 1, pos: null };
      if (bigram) {
        var at = r.rice(kFirst);
        p.pos = [at];
        for (var j = 1; j < p.cnt; j++) { at += r.rice(kDelta) + 1; p.pos.push(at); }
      }
      out[i] = p;
    }
    return out;
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
      var width = 0;
      while ((1 << width) <= m.sec.length) width++;
      var r = new Reader(m.s);
      m.docSec = new Uint16Array(m.n);
      m.docYear = new Uint16Array(m.n);
      for (var i = 0; i < m.n; i++) m.docSec[i] = r.bits(width);
      for (var j = 0, d = 0; j < m.y.length; j += 2) {
        for (var c = 0; c < m.y[j + 1]; c++) m.docYear[d++] = m.y[j];
      }
      self.m = m;
      return m;
    });
  };

  /* grams lists the grams a term needs: itself when short, else a cover. */
  function cover(t) {
    if (t.length <= 2) return [0];
    var offs = [];
    for (var o = 0; o + 2 <= t.length; o += 2) offs.push(o);
    if (offs[offs.length - 1] !== t.length - 2) offs.push(t.length - 2);
    return offs;
  }

  function gramOf(t, o) { return t.length === 1 ? [t[0]] : [t[o], t[o + 1]]; }

  Index.prototype.list = function (g) {
    var key = String.fromCodePoint.apply(null, g);
    if (this.lists[key]) return this.lists[key];
    var sh = store["g" + shardOf(g, this.m.k)];
    var enc = sh[key];
    this.lists[key] = enc === undefined ? [] : decodeList(enc, g.length === 2);
    return this.lists[key];
  };

  /* term returns a Map doc → {count, title} of the documents containing t. */
  Index.prototype.term = function (t) {
    var out = new Map(), offs = cover(t), i, j, p;
    if (t.length <= 2) {
      var l = this.list(t);
      for (i = 0; i < l.length; i++) out.set(l[i].doc, { count: l[i].cnt, title: l[i].tc > 0 ? 1 : 0 });
      return out;
    }
    var lists = [];
    for (j = 0; j < offs.length; j++) {
      var lj = this.list(gramOf(t, offs[j]));
      if (!lj.length) return out;
      var byDoc = new Map();
      for (i = 0; i < lj.length; i++) byDoc.set(lj[i].doc, lj[i]);
      lists.push(byDoc);
    }
    lists[0].forEach(function (first, doc) {
      var others = [];
      for (j = 1; j < offs.length; j++) {
        var o = lists[j].get(doc);
        if (!o) return;
        others.push(new Set(o.pos));
      }
      var count = 0, title = 0;
      for (i = 0; i < first.pos.length; i++) {
        p = first.pos[i];
        var ok = true;
        for (j = 1; j < offs.length && ok; j++) ok = others[j - 1].has(p + offs[j]);
        if (ok) { count++; if (i < first.tc) title = 1; }
      }
      if (count) out.set(doc, { count: count, title: title });
    });
    return out;
  };

  /* search resolves to the ranked hits [{id, title, count}] of query q. */
  Index.prototype.search = function (q) {
    var self = this, ts = terms(q);
    if (!ts.length) return Promise.resolve([]);
    return this.manifest().then(function (m) {
      var need = {};
      ts.forEach(function (t) {
        cover(t).forEach(function (o) { need[shardOf(gramOf(t, o), m.k)] = true; });
      });
      return Promise.all(Object.keys(need).map(function (k) {
        return load(self.root, "g", k, "search/g/" + k + ".js", m.v);
      }));
    }).then(function () {
      var acc = null;
      ts.forEach(function (t) {
        var hits = self.term(t);
        if (!acc) { acc = hits; return; }
        acc.forEach(function (h, doc) {
          var o = hits.get(doc);
          if (!o) acc.delete(doc);
          else acc.set(doc, { count: h.count + o.count, title: h.title + o.title });
        });
      });
      var out = [], years = self.m.docYear;
      acc.forEach(function (h, doc) { out.push({ id: doc, title: h.title, count: h.count }); });
      out.sort(function (a, b) {
        return (b.title - a.title) || (b.count - a.count) || (years[b.id] - years[a.id]) || (a.id - b.id);
      });
      return out;
    });
  };

  /* doc resolves to a document file's value {t, u, d, n, g, x}. */
  Index.prototype.doc = function (id) {
    var self = this;
    if (!this.lz) {
      this.lz = load(this.root, "z", 0, "search/dict.js", this.m.v).then(function (z) {
        return { table: cps(z.t), dict: cps(z.d), k: z.k };
      });
    }
    return Promise.all([this.lz, load(this.root, "d", id, "search/d/" + id + ".js", this.m.v)]).then(function (r) {
      return JSON.parse(unlz(r[1], r[0]));
    });
  };

  /* ---- Document files: JSON coded by search.lz ---- */

  /* unlz decodes a document file (see search.lz.compress): literals by rank in
   * the table, matches copied from earlier in the document or the dictionary. */
  function unlz(enc, z) {
    var r = new Reader(enc), n = r.gamma() - 1, out = z.dict.slice(), d = out.length;
    while (out.length - d < n) {
      if (r.bit()) {
        var len = r.eg(2) + 3, from = out.length - r.eg(6) - 1;
        if (from < 0) throw new Error("bad document file");
        for (var k = 0; k < len; k++) out.push(out[from + k]);
      } else {
        var rank = r.eg(z.k);
        out.push(rank < z.table.length ? z.table[rank] : r.bits(21));
      }
    }
    var s = "";
    for (var i = d; i < out.length; i += 4096) s += String.fromCodePoint.apply(null, out.slice(i, Math.min(out.length, i + 4096)));
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
