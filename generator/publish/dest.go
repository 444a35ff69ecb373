package publish

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// CheckDest refuses a destination that would mix the published archive
// with the site it is built from: the site folder itself, a folder inside
// it, or a folder that holds it (a publish removes every file of dest that
// is not in the build). Paths are compared as the file system sees them,
// through symbolic links and, on Windows and macOS, regardless of case.
func CheckDest(site, dest string) error {
	site, err := filepath.Abs(site)
	if err != nil {
		return err
	}
	dest, err = filepath.Abs(dest)
	if err != nil {
		return err
	}
	switch {
	case same(site, dest):
		return fmt.Errorf("%s is the site folder itself: publish to another folder, such as the mounted share", dest)
	case ancestor(site, dest):
		return fmt.Errorf("%s is inside the site folder %s: publish to a folder outside it", dest, site)
	case ancestor(dest, site):
		return fmt.Errorf("%s holds the site folder %s: publishing there would delete the site; publish to a folder of its own", dest, site)
	}
	return nil
}

// ancestor reports whether dir is a folder above p.
func ancestor(dir, p string) bool {
	for q := filepath.Dir(p); ; q = filepath.Dir(q) {
		if same(q, dir) {
			return true
		}
		if filepath.Dir(q) == q {
			return false
		}
	}
}

// same reports whether two absolute paths name one folder: the same file
// when both exist, else equal once symbolic links are resolved.
func same(a, b string) bool {
	ia, errA := os.Stat(a)
	ib, errB := os.Stat(b)
	if errA == nil && errB == nil {
		return os.SameFile(ia, ib)
	}
	ra, rb := resolve(a), resolve(b)
	if runtime.GOOS == "windows" || runtime.GOOS == "darwin" {
		return strings.EqualFold(ra, rb)
	}
	return ra == rb
}

// resolve resolves symbolic links in the part of p that exists.
func resolve(p string) string {
	rest := ""
	for q := p; ; q = filepath.Dir(q) {
		if r, err := filepath.EvalSymlinks(q); err == nil {
			return filepath.Join(r, rest)
		}
		if filepath.Dir(q) == q {
			return p
		}
		rest = filepath.Join(filepath.Base(q), rest)
	}
}
