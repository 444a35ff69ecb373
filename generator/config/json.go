package config

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strconv"

	"gen/generator/diag"
)

// ParseJSON decodes JSON front matter: one object, as Hugo reads it at the
// top of a file. offset is added to src's line numbers. Whole numbers are
// int64 and others float64, as TOML's; see yaml.go for the rest.
func ParseJSON(path string, src []byte, offset int) (*Doc, error) {
	d := &Doc{Path: path, Offset: offset, src: string(src), used: map[string]bool{}, lines: map[string]int{}}
	dec := json.NewDecoder(bytes.NewReader(src))
	dec.UseNumber()
	r := &jsonReader{dec: dec, src: src, d: d, budget: maxValues}
	tok, err := dec.Token()
	if err != nil {
		return nil, r.fail(err)
	}
	if tok != json.Delim('{') {
		return nil, diag.Errorf(path, offset+1, "invalid JSON front matter: it must be an object { \"title\": … }")
	}
	m, err := r.object([]string{}, 0)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, diag.Errorf(path, r.line(), "invalid JSON: more after the object's closing }")
	}
	d.Map = m
	return d, nil
}

type jsonReader struct {
	dec    *json.Decoder
	src    []byte
	d      *Doc
	budget int
}

// line is the file line the decoder has read up to.
func (r *jsonReader) line() int {
	off := min(int(r.dec.InputOffset()), len(r.src))
	return bytes.Count(r.src[:off], []byte("\n")) + 1 + r.d.Offset
}

// nextLine is the line of the next token: past white space and , or :.
func (r *jsonReader) nextLine() int {
	off := min(int(r.dec.InputOffset()), len(r.src))
	for off < len(r.src) && bytes.IndexByte([]byte(" \t\r\n,:"), r.src[off]) >= 0 {
		off++
	}
	return bytes.Count(r.src[:off], []byte("\n")) + 1 + r.d.Offset
}

func (r *jsonReader) fail(err error) error {
	line := r.line()
	var se *json.SyntaxError
	if errors.As(err, &se) {
		off := min(int(se.Offset), len(r.src))
		line = bytes.Count(r.src[:off], []byte("\n")) + 1 + r.d.Offset
	}
	msg := err.Error()
	if err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF) {
		msg = "the object is not closed"
	}
	return &diag.Error{Path: r.d.Path, Line: line, Msg: "invalid JSON: " + msg, Err: err}
}

// object reads the members of an object whose { was read.
func (r *jsonReader) object(path []string, depth int) (map[string]any, error) {
	m := map[string]any{}
	for r.dec.More() {
		tok, err := r.dec.Token()
		if err != nil {
			return nil, r.fail(err)
		}
		key, _ := tok.(string)
		sub := append(append([]string{}, path...), key)
		r.d.lines[lineKey(sub...)] = r.line()
		v, err := r.value(sub, depth+1)
		if err != nil {
			return nil, err
		}
		if v != nil {
			m[key] = v
		}
	}
	if _, err := r.dec.Token(); err != nil { // }
		return nil, r.fail(err)
	}
	return m, nil
}

func (r *jsonReader) value(path []string, depth int) (any, error) {
	r.budget--
	if r.budget < 0 || depth > maxDepth {
		return nil, diag.Errorf(r.d.Path, r.line(), "invalid JSON: more than %d values, or nested more than %d deep", maxValues, maxDepth)
	}
	tok, err := r.dec.Token()
	if err != nil {
		return nil, r.fail(err)
	}
	switch t := tok.(type) {
	case json.Delim:
		if t == '{' {
			return r.object(path, depth)
		}
		list := []any{}
		for i := 0; r.dec.More(); i++ {
			sub := append(append([]string{}, path...), "#"+strconv.Itoa(i))
			r.d.lines[lineKey(sub...)] = r.nextLine()
			v, err := r.value(sub, depth+1)
			if err != nil {
				return nil, err
			}
			list = append(list, v)
		}
		if _, err := r.dec.Token(); err != nil { // ]
			return nil, r.fail(err)
		}
		return list, nil
	case json.Number:
		if i, err := t.Int64(); err == nil {
			return i, nil
		}
		f, _ := t.Float64()
		return f, nil
	}
	return tok, nil // string, bool, nil
}
