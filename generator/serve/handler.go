package serve

import (
	"mime"
	"net/http"
	"path"
	"strings"
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

// Handler serves files with GET and HEAD only. A missing page gets the
// site's 404.html with status 404.
// decorate, if set, may change an HTML page before it is sent; missing is
// true when the page is the 404 page sent for a path that does not exist.
func Handler(files func() Files, decorate func(name string, body []byte, missing bool) []byte) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		site := files()
		name := Resolve(r.URL.Path)
		body, ok := []byte(nil), false
		if name != "" {
			body, ok = site.Get(name)
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
			if body, ok = site.Get(name); !ok {
				body = []byte("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>404</title></head><body><p>404 page not found</p></body></html>\n")
			}
		}
		if decorate != nil && strings.HasSuffix(name, ".html") {
			body = decorate(name, body, status == http.StatusNotFound)
		}
		h := w.Header()
		h.Set("Content-Type", ContentType(name))
		h.Set("Cache-Control", "no-store")
		h.Set("X-Content-Type-Options", "nosniff")
		w.WriteHeader(status)
		if r.Method == http.MethodGet {
			_, _ = w.Write(body)
		}
	})
}
