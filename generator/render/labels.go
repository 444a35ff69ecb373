package render

import (
	"fmt"
	"time"

	"github.com/BurntSushi/toml"

	"gen/generator/diag"
)

// labels are the theme's UI words in the site's language, from
// i18n/<lang>.toml of each layer (upper layers win key by key).
type labels map[string]string

func (t *Theme) labels(lang string) (labels, error) {
	out := labels{}
	for i := len(t.layers) - 1; i >= 0; i-- {
		name := "i18n/" + lang + ".toml"
		src, shown, ok, err := t.findIn(i, name)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		m := map[string]string{}
		if _, err := toml.Decode(string(src), &m); err != nil {
			line := 0
			var pe toml.ParseError
			if ok := asParseError(err, &pe); ok {
				line = pe.Position.Line
			}
			return nil, diag.Errorf(shown, line, "invalid labels file: %w", err)
		}
		for k, v := range m {
			out[k] = v
		}
	}
	return out, nil
}

func (t *Theme) findIn(i int, name string) ([]byte, string, bool, error) {
	one := &Theme{layers: t.layers[i : i+1]}
	return one.find(name)
}

func asParseError(err error, pe *toml.ParseError) bool {
	p, ok := err.(toml.ParseError)
	if ok {
		*pe = p
	}
	return ok
}

// T returns the label for key; a missing label shows as the key itself so a
// theme author sees what to add.
func (l labels) T(key string) string {
	if v, ok := l[key]; ok {
		return v
	}
	return key
}

// dates formats dates the way the site's language writes them.
type dates struct{ zh bool }

func (d dates) long(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	if d.zh {
		return fmt.Sprintf("%d年%d月%d日", t.Year(), t.Month(), t.Day())
	}
	return t.Format("2 January 2006")
}

func (d dates) year(y int) string {
	if d.zh {
		return fmt.Sprintf("%d年", y)
	}
	return fmt.Sprint(y)
}

func (d dates) month(m int) string {
	if d.zh {
		return fmt.Sprintf("%d月", m)
	}
	return time.Month(m).String()
}
