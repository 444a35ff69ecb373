package config

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"gen/generator/diag"
)

// YAML and JSON front matter (as Hugo, Hexo, Jekyll and MkDocs write it)
// decode into the same kind of map as TOML — string, int64, float64, bool,
// []any, map[string]any — so one reader of front matter serves all three.
// Dates stay strings (YAML's unquoted 2022-07-01 included): the reader of
// dates parses them in the site's time zone, as it does TOML's local dates.
// Nulls are left out, as if the key were not written. Each key's line is
// kept in Doc.lines, since keyLine reads TOML only.

// maxValues bounds how many values a YAML document may expand into through
// its aliases. yaml.v3 guards its own decoding into Go values against a
// "billion laughs" document, but decoding into yaml.Node (which gen needs
// for lines) leaves the aliases unexpanded: expanding them here, each alias
// costs its whole value again, so the budget is what keeps a few hundred
// bytes of anchors from making billions of values.
const maxValues = 100_000

// maxDepth bounds how deeply values nest.
const maxDepth = 64

// lineKey is the key of Doc.lines for a key path; "#n" stands for the n-th
// item of a list.
func lineKey(path ...string) string { return strings.Join(path, "\x00") }

// parserMessages are the errors of yaml.v3's parser (parserc.go).
var parserMessages = map[string]bool{
	"did not find expected ',' or ']'": true, "did not find expected ',' or '}'": true,
	"did not find expected '-' indicator": true, "did not find expected <document start>": true,
	"did not find expected <stream-start>": true, "did not find expected key": true,
	"did not find expected node content": true, "found duplicate %TAG directive": true,
	"found duplicate %YAML directive": true, "found incompatible YAML document": true,
	"found undefined tag handle": true,
}

var reYAMLLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// ParseYAML decodes YAML front matter. offset is added to src's line
// numbers (the front matter starts after "---").
func ParseYAML(path string, src []byte, offset int) (*Doc, error) {
	// YAML breaks lines at a lone CR too; gen counts LF (entries are
	// normalized to LF before they get here)
	src = bytes.ReplaceAll(bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n")), []byte("\r"), []byte("\n"))
	d := &Doc{Path: path, Offset: offset, src: string(src), used: map[string]bool{}, lines: map[string]int{}, Map: map[string]any{}}
	var root yaml.Node
	if err := yaml.Unmarshal(src, &root); err != nil {
		return nil, yamlError(path, src, offset, err)
	}
	if len(root.Content) == 0 {
		return d, nil // empty, or only comments
	}
	top := root.Content[0]
	if top.Kind == yaml.ScalarNode && top.ShortTag() == "!!null" {
		return d, nil
	}
	if top.Kind != yaml.MappingNode {
		return nil, diag.Errorf(path, top.Line+offset, "invalid YAML front matter: it must be keys and values (title: …), not %s", yamlKind(top))
	}
	c := &yamlConv{d: d, budget: maxValues}
	m, err := c.mapping(top, nil, 0, true)
	if err != nil {
		return nil, err
	}
	d.Map = m
	return d, nil
}

func yamlKind(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		return "a single value"
	}
	return "an alias"
}

// yamlError turns a yaml.v3 error into one at its file line. A tab in the
// indentation, which YAML forbids and editors make easily, gets a message
// of its own.
func yamlError(path string, src []byte, offset int, err error) error {
	line, msg := 0, strings.TrimPrefix(err.Error(), "yaml: ")
	if m := reYAMLLine.FindStringSubmatch(err.Error()); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = m[2]
		// yaml.v3 counts lines from 0 in its parser's errors, from 1 in
		// its scanner's; the parser's messages are these.
		if parserMessages[msg] {
			line++
		}
	}
	for i, l := range bytes.Split(src, []byte("\n")) {
		indent := l[:len(l)-len(bytes.TrimLeft(l, " \t"))]
		if bytes.IndexByte(indent, '\t') >= 0 && (line == 0 || i+1 <= line) {
			return &diag.Error{Path: path, Line: i + 1 + offset, Msg: "invalid YAML: a tab in the indentation (YAML allows only spaces there; replace the tab with spaces)", Err: err}
		}
	}
	line = min(max(line, 1), bytes.Count(src, []byte("\n"))+1)
	return &diag.Error{Path: path, Line: line + offset, Msg: "invalid YAML: " + msg, Err: err}
}

// yamlConv turns yaml.Nodes into plain values, within a budget of values.
type yamlConv struct {
	d      *Doc
	budget int
}

func (c *yamlConv) errorf(n *yaml.Node, format string, args ...any) error {
	return diag.Errorf(c.d.Path, n.Line+c.d.Offset, format, args...)
}

// value converts n; path is where it is (nil inside an alias, whose lines
// are those of the anchor, not of the key that uses it).
func (c *yamlConv) value(n *yaml.Node, path []string, depth int) (any, error) {
	c.budget--
	if c.budget < 0 {
		return nil, c.errorf(n, "invalid YAML: its aliases expand to more than %d values", maxValues)
	}
	if depth > maxDepth {
		return nil, c.errorf(n, "invalid YAML: values nested more than %d deep", maxDepth)
	}
	switch n.Kind {
	case yaml.AliasNode:
		if n.Alias == nil {
			return nil, c.errorf(n, "invalid YAML: unknown alias *%s", n.Value)
		}
		return c.value(n.Alias, nil, depth+1)
	case yaml.MappingNode:
		return c.mapping(n, path, depth, path != nil)
	case yaml.SequenceNode:
		list := make([]any, 0, len(n.Content))
		for i, item := range n.Content {
			var sub []string
			if path != nil {
				sub = append(append([]string{}, path...), "#"+strconv.Itoa(i))
				c.d.lines[lineKey(sub...)] = item.Line + c.d.Offset
			}
			v, err := c.value(item, sub, depth+1)
			if err != nil {
				return nil, err
			}
			list = append(list, v)
		}
		return list, nil
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil, nil
		}
		return c.value(n.Content[0], path, depth+1)
	}
	return c.scalar(n)
}

// mapping converts a mapping node; lines says whether to record its keys'
// lines under path.
func (c *yamlConv) mapping(n *yaml.Node, path []string, depth int, lines bool) (map[string]any, error) {
	m := make(map[string]any, len(n.Content)/2)
	var merges []*yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind == yaml.ScalarNode && k.ShortTag() == "!!merge" {
			merges = append(merges, v)
			continue
		}
		if k.Kind != yaml.ScalarNode {
			return nil, c.errorf(k, "invalid YAML: a key must be a name, not %s", yamlKind(k))
		}
		var sub []string
		if lines {
			sub = append(append([]string{}, path...), k.Value)
			c.d.lines[lineKey(sub...)] = k.Line + c.d.Offset
		}
		x, err := c.value(v, sub, depth+1)
		if err != nil {
			return nil, err
		}
		if x != nil {
			m[k.Value] = x
		}
	}
	// << merges keys the mapping does not set itself (YAML merge keys).
	for _, mv := range merges {
		x, err := c.value(mv, nil, depth+1)
		if err != nil {
			return nil, err
		}
		list, isList := x.([]any)
		if !isList {
			list = []any{x}
		}
		for _, one := range list {
			om, isMap := one.(map[string]any)
			if !isMap {
				return nil, c.errorf(mv, "invalid YAML: << must merge a mapping")
			}
			for k, v := range om {
				if _, set := m[k]; !set {
					m[k] = v
				}
			}
		}
	}
	return m, nil
}

func (c *yamlConv) scalar(n *yaml.Node) (any, error) {
	switch n.ShortTag() {
	case "!!null":
		return nil, nil
	case "!!bool":
		var b bool
		if err := n.Decode(&b); err == nil {
			return b, nil
		}
	case "!!int":
		var i int64
		if err := n.Decode(&i); err == nil {
			return i, nil
		}
		var f float64
		if err := n.Decode(&f); err == nil {
			return f, nil
		}
	case "!!float":
		var f float64
		if err := n.Decode(&f); err == nil {
			return f, nil
		}
	}
	return n.Value, nil // strings, timestamps (read as dates later), binary, custom tags
}
