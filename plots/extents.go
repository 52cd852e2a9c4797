package plots

import (
	"fmt"
	"image"
	"image/color"
	"io"
	"math"
	"strings"

	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
)

// extentsFormat is a format for tests, not offered to users: instead of
// an image, a figure drawn in it writes one line per text it draws, the
// box the text's glyphs take on the figure (in points, from its bottom
// left corner, whatever the rotation) and the text, tab-separated, after
// a first line with the figure's width and height. The test of every
// figure of every library scenario checks with it that no text runs off
// the figure.
const extentsFormat Format = "extents"

// checkFormat reports an unknown format, as ParseFormat would, letting
// extentsFormat through.
func checkFormat(f Format) error {
	if f == extentsFormat {
		return nil
	}
	_, err := ParseFormat(f.String())
	return err
}

// extentsCanvas is the canvas of extentsFormat: it follows the
// transforms and records the box of each FillString.
type extentsCanvas struct {
	w, h  vg.Length
	m     affine   // the current transform
	stack []affine // pushed ones
	texts []string
}

// affine maps (x, y) to (a*x + b*y + c, d*x + e*y + f).
type affine struct{ a, b, c, d, e, f float64 }

func (t affine) apply(x, y float64) (float64, float64) {
	return t.a*x + t.b*y + t.c, t.d*x + t.e*y + t.f
}

// then returns the transform that applies u first, then t.
func (t affine) then(u affine) affine {
	return affine{
		a: t.a*u.a + t.b*u.d, b: t.a*u.b + t.b*u.e, c: t.a*u.c + t.b*u.f + t.c,
		d: t.d*u.a + t.e*u.d, e: t.d*u.b + t.e*u.e, f: t.d*u.c + t.e*u.f + t.f,
	}
}

func newExtentsCanvas(w, h vg.Length) *extentsCanvas {
	return &extentsCanvas{w: w, h: h, m: affine{a: 1, e: 1}}
}

func (c *extentsCanvas) SetLineWidth(vg.Length)              {}
func (c *extentsCanvas) SetLineDash([]vg.Length, vg.Length)  {}
func (c *extentsCanvas) SetColor(color.Color)                {}
func (c *extentsCanvas) Stroke(vg.Path)                      {}
func (c *extentsCanvas) Fill(vg.Path)                        {}
func (c *extentsCanvas) DrawImage(vg.Rectangle, image.Image) {}

func (c *extentsCanvas) Rotate(rad float64) {
	s, k := math.Sincos(rad)
	c.m = c.m.then(affine{a: k, b: -s, d: s, e: k})
}

func (c *extentsCanvas) Translate(pt vg.Point) {
	c.m = c.m.then(affine{a: 1, c: float64(pt.X), e: 1, f: float64(pt.Y)})
}

func (c *extentsCanvas) Scale(x, y float64) { c.m = c.m.then(affine{a: x, e: y}) }

func (c *extentsCanvas) Push() { c.stack = append(c.stack, c.m) }

func (c *extentsCanvas) Pop() {
	c.m = c.stack[len(c.stack)-1]
	c.stack = c.stack[:len(c.stack)-1]
}

// FillString implements vg.Canvas: it records the box from the text's
// start on its baseline, as wide as the text and from the font's descent
// to its ascent.
func (c *extentsCanvas) FillString(f font.Face, pt vg.Point, s string) {
	e := f.Extents()
	x0, x1 := float64(pt.X), float64(pt.X+f.Width(s))
	y0, y1 := float64(pt.Y-e.Descent), float64(pt.Y+e.Ascent)
	lo := [2]float64{math.Inf(1), math.Inf(1)}
	hi := [2]float64{math.Inf(-1), math.Inf(-1)}
	for _, p := range [][2]float64{{x0, y0}, {x1, y0}, {x0, y1}, {x1, y1}} {
		x, y := c.m.apply(p[0], p[1])
		lo = [2]float64{math.Min(lo[0], x), math.Min(lo[1], y)}
		hi = [2]float64{math.Max(hi[0], x), math.Max(hi[1], y)}
	}
	c.texts = append(c.texts, fmt.Sprintf("%.2f %.2f %.2f %.2f\t%s", lo[0], lo[1], hi[0], hi[1], strings.ReplaceAll(s, "\n", " ")))
}

// Size implements vg.Canvas.
func (c *extentsCanvas) Size() (vg.Length, vg.Length) { return c.w, c.h }

// WriteTo implements io.WriterTo.
func (c *extentsCanvas) WriteTo(w io.Writer) (int64, error) {
	n, err := fmt.Fprintf(w, "%.2f %.2f\n%s\n", float64(c.w), float64(c.h), strings.Join(c.texts, "\n"))
	return int64(n), err
}
