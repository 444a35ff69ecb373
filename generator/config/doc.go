package config

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"gen/generator/diag"
)

// Doc is a decoded TOML document (or YAML or JSON front matter, yaml.go and
// json.go) that remembers where each key was written,
// so that every complaint about a value can name its file and line. Both
// config.toml and the front matter of entries are read through it.
//
// Values are decoded into plain maps first and converted by the typed getters
// below, so a wrong type is reported in gen's words with the key's line
// rather than as a reflection error from the decoder.
type Doc struct {
	Path   string         // file name used in messages
	Offset int            // added to TOML line numbers (front matter starts after "+++")
	Map    map[string]any // the decoded top-level table
	src    string
	used   map[string]bool
	// lines, for YAML and JSON (yamljson.go), maps key paths (lineKey) to
	// their file lines; TOML lines are found in src instead.
	lines map[string]int
}

// ParseDoc decodes src. A syntax error is a *diag.Error at its line.
func ParseDoc(path string, src []byte, offset int) (*Doc, error) {
	d := &Doc{Path: path, Offset: offset, src: string(src), used: map[string]bool{}}
	// Decoded into an interface, the parser's own table is handed over;
	// into a map, it would be copied key by key through reflection.
	var v any
	if _, err := toml.Decode(d.src, &v); err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, &diag.Error{Path: path, Line: pe.Position.Line + offset, Msg: "invalid TOML: " + pe.Message, Err: err}
		}
		return nil, &diag.Error{Path: path, Line: offset, Msg: "invalid TOML: " + err.Error(), Err: err}
	}
	d.Map, _ = v.(map[string]any)
	if d.Map == nil {
		d.Map = map[string]any{}
	}
	return d, nil
}

// Line returns the file line where the key path was written, or the first
// line of the document when it cannot be found.
func (d *Doc) Line(path ...string) int {
	if d.lines != nil {
		if l, ok := d.lines[lineKey(path...)]; ok {
			return l
		}
		return d.Offset + 1
	}
	if l := keyLine(d.src, path); l > 0 {
		return l + d.Offset
	}
	return d.Offset + 1
}

// Errorf returns an error at the line of key.
func (d *Doc) Errorf(key string, format string, args ...any) *diag.Error {
	return diag.Errorf(d.Path, d.Line(key), format, args...)
}

// Unused lists the top-level keys no getter asked for, in file order.
func (d *Doc) Unused() []string {
	var out []string
	for k := range d.Map {
		if !d.used[k] {
			out = append(out, k)
		}
	}
	sortByLine(out, func(k string) int { return d.Line(k) })
	return out
}

// Has reports whether key is present, and marks it as used.
func (d *Doc) Has(key string) bool {
	d.used[key] = true
	_, ok := d.Map[key]
	return ok
}

// String returns the string at key; ok is false when the key is absent.
func (d *Doc) String(key string) (s string, ok bool, err error) {
	v, ok := d.get(key)
	if !ok {
		return "", false, nil
	}
	s, isStr := v.(string)
	if !isStr {
		return "", true, d.Errorf(key, "%s must be a string, not %s", key, typeName(v))
	}
	return s, true, nil
}

// Bool returns the boolean at key.
func (d *Doc) Bool(key string) (b bool, ok bool, err error) {
	v, ok := d.get(key)
	if !ok {
		return false, false, nil
	}
	b, isBool := v.(bool)
	if !isBool {
		return false, true, d.Errorf(key, "%s must be true or false, not %s", key, typeName(v))
	}
	return b, true, nil
}

// Int returns the integer at key. A string of digits is not accepted: TOML
// has integers, and "2022" in quotes is usually a typo worth reporting.
func (d *Doc) Int(key string) (n int, ok bool, err error) {
	v, ok := d.get(key)
	if !ok {
		return 0, false, nil
	}
	i, isInt := v.(int64)
	if !isInt {
		return 0, true, d.Errorf(key, "%s must be a whole number, not %s", key, typeName(v))
	}
	return int(i), true, nil
}

// Strings returns the list of strings at key. A single string is accepted as
// a list of one, since `tags = "党建"` is an easy thing to write.
func (d *Doc) Strings(key string) (list []string, ok bool, err error) {
	v, ok := d.get(key)
	if !ok {
		return nil, false, nil
	}
	return d.AsStrings(key, v)
}

// AsStrings converts v (the value of key) to a list of strings.
func (d *Doc) AsStrings(key string, v any) ([]string, bool, error) {
	switch v := v.(type) {
	case string:
		return []string{v}, true, nil
	case []any:
		out := make([]string, 0, len(v))
		for _, x := range v {
			s, ok := x.(string)
			if !ok {
				return nil, true, d.Errorf(key, "%s must be a list of strings; it contains %s", key, typeName(x))
			}
			out = append(out, s)
		}
		return out, true, nil
	}
	return nil, true, d.Errorf(key, "%s must be a list of strings, not %s", key, typeName(v))
}

// Table returns the table at key.
func (d *Doc) Table(key string) (m map[string]any, ok bool, err error) {
	v, ok := d.get(key)
	if !ok {
		return nil, false, nil
	}
	m, isMap := v.(map[string]any)
	if !isMap {
		return nil, true, d.Errorf(key, "%s must be a table ([%s]), not %s", key, key, typeName(v))
	}
	return m, true, nil
}

// Tables returns the array of tables at key ([[key]] sections).
func (d *Doc) Tables(key string) (list []map[string]any, ok bool, err error) {
	v, ok := d.get(key)
	if !ok {
		return nil, false, nil
	}
	switch v := v.(type) {
	case []map[string]any:
		return v, true, nil
	case []any:
		out := make([]map[string]any, 0, len(v))
		for _, x := range v {
			m, isMap := x.(map[string]any)
			if !isMap {
				return nil, true, d.Errorf(key, "%s must be written as [[%s]] tables", key, key)
			}
			out = append(out, m)
		}
		return out, true, nil
	}
	return nil, true, d.Errorf(key, "%s must be written as [[%s]] tables, not %s", key, key, typeName(v))
}

// TableLine returns the line of the n-th (0-based) [[key]] header.
func (d *Doc) TableLine(key string, n int) int {
	if d.lines != nil {
		if l, ok := d.lines[lineKey(key, "#"+strconv.Itoa(n))]; ok {
			return l
		}
		return d.Line(key)
	}
	if l := headerLine(d.src, key, n); l > 0 {
		return l + d.Offset
	}
	return d.Line(key)
}

// Raw returns the value at key, marking it used.
func (d *Doc) Raw(key string) (any, bool) { return d.get(key) }

func (d *Doc) get(key string) (any, bool) {
	d.used[key] = true
	v, ok := d.Map[key]
	return v, ok
}

// typeName names a decoded TOML value's type in user terms.
func typeName(v any) string {
	switch v := v.(type) {
	case string:
		return fmt.Sprintf("the string %q", v)
	case int64:
		return fmt.Sprintf("the number %d", v)
	case float64:
		return fmt.Sprintf("the number %g", v)
	case bool:
		return fmt.Sprintf("%t", v)
	case time.Time:
		return "a date"
	case []any, []map[string]any:
		return "a list"
	case map[string]any:
		return "a table"
	case nil:
		return "nothing (null)"
	}
	return fmt.Sprintf("%T", v)
}

// keyLine finds the 1-based line in src where the dotted key path is set:
// either "name = …" inside the table path[:len-1], or a [table] header.
// It understands headers, [[array]] headers, dotted keys and quoted keys,
// which is all TOML lets a key be written as.
func keyLine(src string, path []string) int {
	if len(path) == 0 {
		return 0
	}
	var table []string
	for i, line := range strings.Split(src, "\n") {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "[") {
			table = splitKey(strings.Trim(t[:closing(t)], "[] \t"))
			if equalKeys(table, path) {
				return i + 1
			}
			continue
		}
		eq := strings.IndexByte(t, '=')
		if eq <= 0 || strings.HasPrefix(t, "#") {
			continue
		}
		full := append(append([]string{}, table...), splitKey(t[:eq])...)
		if len(full) >= len(path) && equalKeys(full[:len(path)], path) {
			return i + 1
		}
	}
	return 0
}

// headerLine finds the n-th "[[key]]" header.
func headerLine(src, key string, n int) int {
	for i, line := range strings.Split(src, "\n") {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "[[") && equalKeys(splitKey(strings.Trim(t[:closing(t)], "[] \t")), []string{key}) {
			if n == 0 {
				return i + 1
			}
			n--
		}
	}
	return 0
}

// closing returns the index just past a header's closing bracket(s), so a
// trailing comment is ignored.
func closing(t string) int {
	if i := strings.LastIndex(t, "]"); i >= 0 {
		return i + 1
	}
	return len(t)
}

func splitKey(s string) []string {
	var parts []string
	for _, p := range strings.Split(s, ".") {
		p = strings.TrimSpace(p)
		p = strings.Trim(p, `"'`)
		parts = append(parts, p)
	}
	return parts
}

func equalKeys(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
