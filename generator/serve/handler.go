package serve

import (
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"
)

// Files is what the server serves: a built site in memory.
type Files interface {
	Get(name string) ([]byte, bool)
}

// contentTypes are set explicitly rather than from the OS's MIME table,
// which differs between machines (Windows reads the registry).
var contentTypes = map[string]string{
	".html": "text/html; charset=utf-8",
	".css":  "text/css; charset=utf-8",
	".js":   "text/javascript; charset=utf-8",
	".json": "application/json",
	".svg":  "image/svg+xml",
	".png":  "image/png",
	".jpg":  "image/jpeg",
	".jpeg": "image/jpeg",
	".gif":  "image/gif",
	".webp": "image/webp",
	".ico":  "image/x-icon",
	".pdf":  "application/pdf",
	".txt":  "text/plain; charset=utf-8",
	".md":   "text/plain; charset=utf-8",
	".xml":  "application/xml",
	".doc":  "application/msword",
	".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	".xls":  "application/vnd.ms-excel",
	".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	".ppt":  "application/vnd.ms-powerpoint",
	".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
	".zip":  "application/zip",
	".mp4":  "video/mp4",
	".mp3":  "audio/mpeg",
}

// ContentType returns the Content-Type for a file name.
func ContentType(name string) string {
	ext := strings.ToLower(path.Ext(name))
	if t, ok := contentTypes[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return "application/octet-stream"
}

// Resolve maps a request path to a file name of the site, or "" when the
// path is not one the site can have: ".." segments (also percent-encoded,
// which net/http has decoded by now), backslashes, NUL, and absolute or
// drive-letter paths never reach the file lookup. A folder path gets its
// index.html.
func Resolve(urlPath string) string {
	if !strings.HasPrefix(urlPath, "/") || strings.ContainsAny(urlPath, "\\\x00") {
		return ""
	}
	for _, seg := range strings.Split(urlPath, "/") {
		if seg == ".." || seg == "." || strings.Contains(seg, ":") {
			return ""
		}
	}
	name := strings.TrimPrefix(path.Clean(urlPath), "/")
	if name == "" || strings.HasSuffix(urlPath, "/") {
		name = path.Join(name, "index.html")
	}
	return name
}

// reader is a Files that can unpack a file into a buffer of the caller's
// (output.Mem, whose pages are packed), so that serving a page makes no
// garbage in proportion to its size.
type reader interface {
	Read(name string, buf []byte) (data, grown []byte, ok bool)
}

// Handler serves files with GET and HEAD only. A missing page gets the
// site's 404.html with status 404.
// decorate, if set, may change an HTML page before it is sent: it returns
// the pieces to send in its place; missing is true when the page is the
// 404 page sent for a path that does not exist.
func Handler(files func() Files, decorate func(name string, body []byte, missing bool) [][]byte) http.Handler {
	var bufs sync.Pool // *[]byte: pages are unpacked into them
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		buf, _ := bufs.Get().(*[]byte)
		if buf == nil {
			buf = new([]byte)
		}
		defer bufs.Put(buf)
		site := files()
		get := func(name string) ([]byte, bool) {
			if rd, ok := site.(reader); ok {
				b, grown, ok := rd.Read(name, *buf)
				*buf = grown
				return b, ok
			}
			return site.Get(name)
		}
		name := Resolve(r.URL.Path)
		body, ok := []byte(nil), false
		if name != "" {
			body, ok = get(name)
			if !ok && !strings.HasSuffix(name, ".html") && path.Ext(name) == "" {
				if _, isDir := site.Get(name + "/index.html"); isDir {
					http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
					return
				}
			}
		}
		status := http.StatusOK
		if !ok {
			status = http.StatusNotFound
			name = "404.html"
			if body, ok = get(name); !ok {
				body = []byte("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>404</title></head><body><p>404 page not found</p></body></html>\n")
			}
		}
		pieces := [][]byte{body}
		if decorate != nil && strings.HasSuffix(name, ".html") {
			pieces = decorate(name, body, status == http.StatusNotFound)
		}
		h := w.Header()
		h.Set("Content-Type", ContentType(name))
		h.Set("Cache-Control", "no-store")
		h.Set("X-Content-Type-Options", "nosniff")
		n := 0
		for _, p := range pieces {
			n += len(p)
		}
		h.Set("Content-Length", strconv.Itoa(n))
		w.WriteHeader(status)
		if r.Method == http.MethodGet {
			for _, p := range pieces {
				if _, err := w.Write(p); err != nil {
					return
				}
			}
		}
	})
}
