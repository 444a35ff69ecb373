package content

import (
	"sort"
	"strings"

	"gen/generator/config"
	"gen/generator/diag"
)

// readFigures reads the [figures] table: name = number. A value that is not
// a number is an error at its line; whether the site tracks the name is for
// gen check to say (a typo must not start a new series silently, but it must
// not stop the build either).
func (e *Entry) readFigures(doc *config.Doc) error {
	m, ok, err := doc.Table("figures")
	if !ok || err != nil {
		return err
	}
	names := make([]string, 0, len(m))
	for k := range m {
		names = append(names, k)
	}
	sort.Slice(names, func(i, j int) bool {
		li, lj := doc.Line("figures", names[i]), doc.Line("figures", names[j])
		if li != lj {
			return li < lj
		}
		return names[i] < names[j]
	})
	var errs diag.List
	for _, k := range names {
		line := doc.Line("figures", k)
		var v float64
		switch n := m[k].(type) {
		case int64:
			v = float64(n)
		case float64:
			v = n
		default:
			errs = append(errs, diag.Errorf(doc.Path, line, "figures.%s must be a number, not %s (write \"%s\" = 31)", k, describe(m[k]), k))
			continue
		}
		e.Figures = append(e.Figures, FigureValue{Name: strings.TrimSpace(k), Value: v, Line: line})
	}
	return errs.Err()
}

func describe(v any) string {
	switch v := v.(type) {
	case string:
		return "the text \"" + v + "\""
	case bool:
		return "true or false"
	case []any:
		return "a list"
	case map[string]any:
		return "a table"
	}
	return "a date"
}
