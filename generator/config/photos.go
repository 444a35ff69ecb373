package config

import (
	"fmt"

	"gen/generator/diag"
)

// Photos configures the display copies and thumbnails of an archive's
// photos ([photos] in config.toml).
type Photos struct {
	// Originals says whether the originals are published beside their
	// copies (a 原图 link); false leaves them out, for shares short of space.
	Originals bool
	Display   int // long edge of the display copy, px (1600)
	Thumb     int // long edge of a thumbnail, px (480)
	Quality   int // JPEG quality of both (82)
	// Cache is the folder, relative to the site, where copies are kept
	// between runs (".gen/cache/photos"); deleting it is always safe.
	Cache string
}

// DefaultPhotos are the settings of a site that says nothing: right for a
// file share opened over a branch office's link.
func DefaultPhotos() Photos {
	return Photos{Originals: true, Display: 1600, Thumb: 480, Quality: 82, Cache: ".gen/cache/photos"}
}

func (c *Config) parsePhotos(doc *Doc) error {
	m, ok, err := doc.Table("photos")
	if !ok || err != nil {
		return err
	}
	var errs diag.List
	for k, v := range m {
		line := doc.Line("photos", k)
		bad := func(what string) { errs = append(errs, diag.Errorf(doc.Path, line, "photos.%s must be %s", k, what)) }
		switch k {
		case "originals":
			b, isBool := v.(bool)
			if !isBool {
				bad("true or false")
				continue
			}
			c.Photos.Originals = b
		case "display", "thumb", "quality":
			n, isInt := v.(int64)
			lo, hi := int64(64), int64(8192)
			if k == "quality" {
				lo, hi = 30, 100
			}
			if !isInt || n < lo || n > hi {
				bad(fmt.Sprintf("a whole number from %d to %d", lo, hi))
				continue
			}
			switch k {
			case "display":
				c.Photos.Display = int(n)
			case "thumb":
				c.Photos.Thumb = int(n)
			default:
				c.Photos.Quality = int(n)
			}
		case "cache":
			s, isStr := v.(string)
			if !isStr || s == "" {
				bad("a folder name")
				continue
			}
			c.Photos.Cache = s
		default:
			errs = append(errs, diag.Errorf(doc.Path, line, "unknown key photos.%s (it has originals, display, thumb, quality and cache)", k))
		}
	}
	return errs.Err()
}
