package main

import (
	"bytes"
	"context"
	"flag"
	"image"
	"image/jpeg"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"testing/fstest"

	"gen/generator/photo"
	"gen/generator/photo/phototest"
)

// zonePlate is a w×h chart: concentric rings cos(k r²) whose frequency
// rises to the source's Nyquist limit at the corners, and in the top band
// 1-pixel lines at a slight angle. A good downscale shows the rings fading
// to grey beyond the new Nyquist limit; a bad one shows phantom rings
// (moiré) and staircased lines.
func zonePlate(w, h int) *image.Gray {
	m := image.NewGray(image.Rect(0, 0, w, h))
	cx, cy := float64(w)/2, float64(h)/2
	rmax := math.Hypot(cx, cy)
	k := math.Pi / 2 / rmax
	for y := range h {
		for x := range w {
			dx, dy := float64(x)-cx, float64(y)-cy
			v := 128 + 127*math.Cos(k*(dx*dx+dy*dy))
			if y < h/8 && (x+y/12)%4 == 0 {
				v = 0
			}
			m.Pix[y*m.Stride+x] = uint8(v)
		}
	}
	return m
}

func chart(args []string) error {
	fl := flag.NewFlagSet("chart", flag.ExitOnError)
	out := fl.String("out", "chart", "output folder")
	fl.Parse(args)
	data := phototest.JPEG(zonePlate(4000, 3000), 95, phototest.EXIF(1, false))
	if err := write(filepath.Join(*out, "chart.jpg"), data); err != nil {
		return err
	}
	if err := write(filepath.Join(*out, "site/content/activities/chart/index.md"), []byte("+++\ntitle = \"chart\"\n+++\n")); err != nil {
		return err
	}
	if err := write(filepath.Join(*out, "site/content/activities/chart/chart.jpg"), data); err != nil {
		return err
	}
	for name, body := range map[string]string{"config.toml": hugoConfig, "layouts/_default/single.html": hugoSingle} {
		if err := write(filepath.Join(*out, "site", name), []byte(body)); err != nil {
			return err
		}
	}
	res, err := photo.New(photo.Options{}).Make(context.Background(), fstest.MapFS{"chart.jpg": {Data: data}}, "chart.jpg")
	if err != nil {
		return err
	}
	for _, img := range []photo.Image{res.Display, res.Thumb} {
		m, err := jpeg.Decode(bytes.NewReader(img.Data))
		if err != nil {
			return err
		}
		var b bytes.Buffer
		png.Encode(&b, m)
		if err := os.WriteFile(filepath.Join(*out, img.Name+".png"), b.Bytes(), 0o644); err != nil {
			return err
		}
	}
	return nil
}
