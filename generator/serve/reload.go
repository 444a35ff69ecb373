package serve

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// maxListed is how many changed files a reload message names; beyond it the
// message says "everything changed" and every open page reloads.
const maxListed = 2000

type message struct {
	Type    string   `json:"type"` // "hello", "reload" or "error"
	Build   int      `json:"build"`
	Changed []string `json:"changed,omitempty"`
	All     bool     `json:"all,omitempty"`
	Removed []string `json:"removed,omitempty"`
	Errors  []string `json:"errors,omitempty"`
}

func reloadMessage(build int, changed, removed []string) []byte {
	m := message{Type: "reload", Build: build, Changed: changed, Removed: removed}
	if changed == nil || len(changed) > maxListed {
		m.Changed, m.All = nil, true
	}
	if len(removed) > maxListed {
		m.Removed, m.All = nil, true
	}
	return encode(m)
}

func errorMessage(build int, errs []string) []byte {
	return encode(message{Type: "error", Build: build, Errors: errs})
}

func encode(m message) []byte {
	b, _ := json.Marshal(m)
	return b
}

func (s *Server) broadcast(msg []byte) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	for c := range s.clients {
		select {
		case c <- msg:
		default: // a client that does not read is not waited for; it reconnects and gets a hello
		}
	}
}

func (s *Server) closeClients() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for c := range s.clients {
		close(c)
		delete(s.clients, c)
	}
}

// events is the server-sent event stream a served page listens to. It
// starts with a hello naming the current build and its errors, so a page
// that missed a build while reconnecting catches up.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	if _, ok := w.(http.Flusher); !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	c := make(chan []byte, 8)
	s.mu.Lock()
	s.clients[c] = true
	hello := encode(message{Type: "hello", Build: s.build, Errors: s.errs})
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		if s.clients[c] {
			delete(s.clients, c)
		}
		s.mu.Unlock()
	}()
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	// A client that stops reading (a laptop asleep, a stuck tab) is dropped
	// once a write has waited this long, instead of holding a goroutine and
	// the kernel's send buffer for ever; a live page reconnects by itself.
	rc := http.NewResponseController(w)
	write := func(format string, args ...any) bool {
		rc.SetWriteDeadline(time.Now().Add(s.writeTimeout))
		_, err := fmt.Fprintf(w, format, args...)
		if err == nil {
			err = rc.Flush()
		}
		return err == nil
	}
	send := func(msg []byte) bool { return write("data: %s\n\n", msg) }
	if !send(hello) {
		return
	}
	ping := time.NewTicker(20 * time.Second)
	defer ping.Stop()
	for {
		select {
		case msg, open := <-c:
			if !open || !send(msg) {
				return
			}
		case <-ping.C:
			if !write(": ping\n\n") {
				return
			}
		case <-r.Context().Done():
			return
		}
	}
}

// inject adds the live-reload script to a served page, just before </body>.
func (s *Server) inject(_ string, body []byte, missing bool) [][]byte {
	s.mu.RLock()
	build := s.build
	s.mu.RUnlock()
	script := []byte("<script>var genBuild=" + strconv.Itoa(build) + ",genMissing=" + strconv.FormatBool(missing) + ";" + liveScript + "</script>\n")
	i := bytes.LastIndex(body, []byte("</body>"))
	if i < 0 {
		i = len(body)
	}
	if missing {
		// the 404 page links relative to the site root, where it lives; sent
		// for a deeper path, it needs a base to find its style sheet
		if h := bytes.Index(body, []byte("<head>")); h >= 0 && h < i {
			h += len("<head>")
			return [][]byte{body[:h], []byte(`<base href="/">`), body[h:i], script, body[i:]}
		}
	}
	return [][]byte{body[:i], script, body[i:]}
}

// liveScript runs in every page gen serve returns. It listens for builds:
// reloads the page when its own file changed (keeping the scroll position),
// goes to the nearest existing page when its file is gone (also when the
// page was reloaded just as its file went: then it was served the 404 page),
// and shows build errors over the page until a build succeeds.
const liveScript = `(function () {
  var here = decodeURIComponent(location.pathname).replace(/^\//, "");
  if (here === "" || /\/$/.test(here)) here += "index.html";
  function nearest() {
    fetch("/__gen/nearest?path=" + encodeURIComponent(here)).then(function (r) { return r.text(); })
      .then(function (p) { location.replace("/" + p.split("/").map(encodeURIComponent).join("/")); });
  }
  if (genMissing && sessionStorage.getItem("gen-was:" + here)) { nearest(); return; }
  sessionStorage.setItem("gen-was:" + here, "1");
  var key = "gen-scroll:" + here;
  var saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    var y = +saved;
    window.scrollTo(0, y);
    window.addEventListener("load", function () { window.scrollTo(0, y); });
  }
  function reload() {
    sessionStorage.setItem(key, String(window.scrollY));
    location.reload();
  }
  function overlay(errors) {
    var box = document.getElementById("gen-error");
    if (!errors || !errors.length) { if (box) box.remove(); return; }
    if (!box) {
      box = document.createElement("div");
      box.id = "gen-error";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;z-index:2147483647;left:0;right:0;top:0;max-height:60vh;overflow:auto;" +
        "background:#fff5f5;color:#5c0a0a;border-bottom:3px solid #a61b1b;box-shadow:0 2px 12px rgba(0,0,0,.25);" +
        "padding:12px 16px;font:14px/1.6 ui-monospace,Consolas,monospace;white-space:pre-wrap";
      document.body.appendChild(box);
    }
    box.textContent = "gen: build failed — the page below is the last good build\n\n" + errors.join("\n");
  }
  var es = new EventSource("/__gen/events");
  es.onmessage = function (ev) {
    var m = JSON.parse(ev.data);
    if (m.type === "error") { overlay(m.errors); return; }
    if (m.type === "hello") {
      if (m.errors && m.errors.length) overlay(m.errors);
      else if (m.build !== genBuild) reload();
      return;
    }
    if (m.removed && m.removed.indexOf(here) >= 0) { nearest(); return; }
    if (m.all || (m.changed && m.changed.indexOf(here) >= 0)) { reload(); return; }
    genBuild = m.build;
    overlay(null);
  };
})();`
