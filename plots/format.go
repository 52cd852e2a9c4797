package plots

import (
	"bytes"
	"fmt"
	"image/color"
	"io"
	"slices"
	"strings"

	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgpdf"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Format is an image file format. The zero value means SVG.
type Format string

// The formats.
const (
	SVG Format = "svg"
	PNG Format = "png"
	PDF Format = "pdf"
)

// formats lists the known formats, the default first.
var formats = []Format{SVG, PNG, PDF}

// Formats returns the known formats, the default first, in a slice of the caller's own.
func Formats() []Format { return slices.Clone(formats) }

// PNGDPI is the resolution of PNG figures, in dots per inch: an 8 x 6
// inch figure is 1200 x 900 pixels.
const PNGDPI = 150

// Figure size, fit for a report page or a slide.
const (
	width  = 8 * vg.Inch
	height = 6 * vg.Inch
)

// ParseFormat returns the format named s ("svg", "png" or "pdf", in any
// case, with or without a leading dot).
func ParseFormat(s string) (Format, error) {
	f := Format(strings.ToLower(strings.TrimPrefix(s, ".")))
	for _, k := range formats {
		if f == k {
			return f, nil
		}
	}
	return "", fmt.Errorf("plots: unknown format %q; expected svg, png or pdf", s)
}

// String returns the format's name, which is also its file extension.
func (f Format) String() string {
	if f == "" {
		return string(SVG)
	}
	return string(f)
}

// File returns the file name of figure name in format f, for example
// File("throughput", PNG) is "throughput.png".
func File(name string, f Format) string {
	return name + "." + f.String()
}

// render draws a figure of the standard size with fn and writes it to w
// in format f. It reports an unknown format before drawing, and any
// error from drawing, encoding or writing.
func render(w io.Writer, f Format, fn func(draw.Canvas)) error {
	return renderSize(w, f, width, height, fn)
}

// renderSize is render for a figure of width wd and height ht, for the
// figures whose height grows with what they show.
func renderSize(w io.Writer, f Format, wd, ht vg.Length, fn func(draw.Canvas)) (err error) {
	var c vg.CanvasWriterTo
	switch f {
	case SVG, "":
		c = vgsvg.New(wd, ht)
	case PNG:
		c = vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(wd, ht), vgimg.UseDPI(PNGDPI))}
	case PDF:
		c = pdfCanvas{vgpdf.New(wd, ht)}
	case extentsFormat:
		c = newExtentsCanvas(wd, ht)
	default:
		return fmt.Errorf("plots: unknown format %q; expected svg, png or pdf", string(f))
	}
	// gonum/plot's canvases panic on some failures of their own (the PDF
	// canvas, when it cannot prepare a font in a temporary directory; the
	// SVG one, when it cannot encode an image): a program writing a
	// results folder should get them as errors.
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("plots: drawing %s: %v", f.String(), r)
		}
	}()
	fn(draw.New(c))
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return fmt.Errorf("plots: encoding %s: %w", f.String(), err)
	}
	b := buf.Bytes()
	if f == SVG || f == "" {
		// The SVG names its fonts without embedding them (embedding would
		// add about half a megabyte per figure). Liberation Sans has the
		// metrics of Arial and Helvetica, so naming those as fallbacks
		// keeps text where it was laid out on systems without Liberation.
		b = bytes.ReplaceAll(b, []byte("font-family:Liberation Sans;"), []byte("font-family:Liberation Sans,Arial,Helvetica,sans-serif;"))
	}
	if _, err := w.Write(b); err != nil {
		return fmt.Errorf("plots: writing %s: %w", f.String(), err)
	}
	return nil
}

// pdfCanvas works around two faults of gonum/plot's PDF canvas (v0.17):
// it hands the PDF library premultiplied colour components together with
// an opacity, so translucent fills come out too dark, and it writes text
// as UTF-8 in a font it encodes as Windows-1252, so letters outside ASCII
// (the ó of Cristóbal, the dash of P5-P95) come out garbled.
type pdfCanvas struct{ *vgpdf.Canvas }

// SetColor implements vg.Canvas.
func (c pdfCanvas) SetColor(clr color.Color) {
	if clr != nil {
		clr = straight(color.NRGBAModel.Convert(clr).(color.NRGBA))
	}
	c.Canvas.SetColor(clr)
}

// FillString implements vg.Canvas.
func (c pdfCanvas) FillString(f font.Face, pt vg.Point, s string) {
	c.Canvas.FillString(f, pt, windows1252(s))
}

// straight is a colour whose RGBA method returns components that are not
// premultiplied by alpha, which is what the PDF canvas expects.
type straight color.NRGBA

// RGBA returns the colour's straight (not premultiplied) components.
func (s straight) RGBA() (r, g, b, a uint32) {
	return uint32(s.R) * 0x101, uint32(s.G) * 0x101, uint32(s.B) * 0x101, uint32(s.A) * 0x101
}

// cp1252 maps the characters of Windows-1252's bytes 0x80 to 0x9F; the
// bytes from 0xA0 are the Latin-1 characters of the same number.
var cp1252 = map[rune]byte{
	'€': 0x80, '‚': 0x82, 'ƒ': 0x83, '„': 0x84, '…': 0x85, '†': 0x86, '‡': 0x87,
	'ˆ': 0x88, '‰': 0x89, 'Š': 0x8A, '‹': 0x8B, 'Œ': 0x8C, 'Ž': 0x8E,
	'\u2018': 0x91, '\u2019': 0x92, '\u201C': 0x93, '\u201D': 0x94, '•': 0x95,
	'\u2013': 0x96, '\u2014': 0x97, '˜': 0x98, '™': 0x99, 'š': 0x9A, '›': 0x9B,
	'œ': 0x9C, 'ž': 0x9E, 'Ÿ': 0x9F,
}

// windows1252 encodes s in Windows-1252, with ? for what it cannot hold.
func windows1252(s string) string {
	b := make([]byte, 0, len(s))
	for _, r := range s {
		switch {
		case r < 0x80 || (r >= 0xA0 && r <= 0xFF):
			b = append(b, byte(r))
		case cp1252[r] != 0:
			b = append(b, cp1252[r])
		default:
			b = append(b, '?')
		}
	}
	return string(b)
}
