package check

import (
	"fmt"
	"sort"
	"strings"

	"gen/generator/diag"
)

// prefixes lists every file and folder of the output once, sorted, each
// with the first file under it (or itself), so a problem with a folder
// name is reported at a file that makes it.
func prefixes(names []string) (list []string, firstFile map[string]string) {
	firstFile = map[string]string{}
	for _, n := range names {
		for p := n; p != ""; p = parentDir(p) {
			if _, seen := firstFile[p]; seen {
				break
			}
			firstFile[p] = n
		}
	}
	list = make([]string, 0, len(firstFile))
	for p := range firstFile {
		list = append(list, p)
	}
	sort.Strings(list)
	return list, firstFile
}

// where is the site file to report an output path at: where it came from
// when known, else the output path itself (a theme file, a list page).
func where(origin map[string]string, file string) string {
	if o, ok := origin[file]; ok {
		return o
	}
	return file
}

// caseCollisions reports output files and folders whose paths differ only
// in letter case: on a Windows share (and on macOS) they are one file, so
// one would overwrite the other. A collision is reported once, at the
// outermost folder where the spellings part.
func caseCollisions(names []string, origin map[string]string) []*diag.Error {
	list, firstFile := prefixes(names)
	groups := map[string][]string{}
	for _, p := range list {
		k := strings.ToLower(p)
		groups[k] = append(groups[k], p)
	}
	var issues []*diag.Error
	for _, p := range list {
		ref := ""
		for _, q := range groups[strings.ToLower(p)] {
			if q == p {
				break
			}
			if parentDir(q) == parentDir(p) { // else their folders part, and are reported
				ref = q
				break
			}
		}
		if ref == "" {
			continue
		}
		what := "file"
		if firstFile[p] != p {
			what = "folder"
		}
		issues = append(issues, &diag.Error{Rule: "case-collision", Path: where(origin, firstFile[p]),
			Msg: fmt.Sprintf("output %s %s differs from %s only in letter case: on a Windows share they are one %s", what, p, ref, what)})
	}
	return issues
}

// windowsNames reports output names that cannot be written to a Windows
// share: characters Windows forbids, names it reserves for devices (also
// with an extension: "con.txt"), and names ending in a dot or a space
// (Windows drops them, so the link no longer finds the file). Each bad
// name is reported once, at its outermost folder.
func windowsNames(names []string, origin map[string]string) []*diag.Error {
	list, firstFile := prefixes(names)
	bad := map[string]bool{}
	var issues []*diag.Error
	for _, p := range list {
		if bad[parentDir(p)] {
			bad[p] = true
			continue
		}
		base := p[strings.LastIndexByte(p, '/')+1:]
		why := windowsProblem(base)
		if why == "" {
			continue
		}
		bad[p] = true
		issues = append(issues, &diag.Error{Rule: "windows-name", Path: where(origin, firstFile[p]),
			Msg: fmt.Sprintf("output name %s %s", p, why)})
	}
	return issues
}

// windowsProblem says what is wrong with one file name on Windows, or "".
func windowsProblem(name string) string {
	for _, r := range name {
		switch {
		case r < 0x20 || r == 0x7f:
			return fmt.Sprintf("has the control character U+%04X, which Windows forbids in file names", r)
		case strings.ContainsRune(`<>:"|?*\`, r):
			return fmt.Sprintf("has %q, which Windows forbids in file names", string(r))
		}
	}
	if strings.HasSuffix(name, ".") || strings.HasSuffix(name, " ") {
		return "ends in a dot or a space, which Windows drops from file names"
	}
	stem, _, _ := strings.Cut(name, ".")
	stem = strings.TrimRight(stem, " ")
	if reservedName(stem) {
		return fmt.Sprintf("is reserved on Windows (%s is a device name, with any extension)", strings.ToUpper(stem))
	}
	return ""
}

func reservedName(stem string) bool {
	u := strings.ToUpper(stem)
	switch u {
	case "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$":
		return true
	}
	if len(u) == 4 && (strings.HasPrefix(u, "COM") || strings.HasPrefix(u, "LPT")) {
		c := u[3]
		return c >= '1' && c <= '9'
	}
	// COM¹ … LPT³ with superscript digits are reserved too
	if strings.HasPrefix(u, "COM") || strings.HasPrefix(u, "LPT") {
		switch u[3:] {
		case "¹", "²", "³":
			return true
		}
	}
	return false
}
