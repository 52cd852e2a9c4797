package plots

import (
	"image/color"
	"slices"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/canalsim/canalsim/results"
	"github.com/canalsim/canalsim/sim/input"
	"github.com/canalsim/canalsim/sim/network"
)

// Okabe-Ito colours for operators, in the order they are handed out,
// then a brown for an eighth. Vermillion is not among them: it marks
// disrupted nodes and losses.
var operatorPalette = []color.NRGBA{
	{R: 0x00, G: 0x00, B: 0x00, A: 0xFF}, // black
	{R: 0xE6, G: 0x9F, B: 0x00, A: 0xFF}, // orange
	{R: 0x56, G: 0xB4, B: 0xE9, A: 0xFF}, // sky blue
	{R: 0x00, G: 0x9E, B: 0x73, A: 0xFF}, // bluish green
	{R: 0xCC, G: 0x79, B: 0xA7, A: 0xFF}, // reddish purple
	{R: 0x00, G: 0x72, B: 0xB2, A: 0xFF}, // blue
	{R: 0xF0, G: 0xE4, B: 0x42, A: 0xFF}, // yellow
	{R: 0x8C, G: 0x56, B: 0x4B, A: 0xFF}, // brown
}

// operatorColour returns the colour of the operator id of net in every
// figure (the network map, the terminals and the costs): operators that
// run a node on some date get the palette's colours by the number of
// nodes they run over all dates, most first, then in the order net lists
// them; the colour does not depend on the scenario's dates, so an
// operator looks the same in the figures of every study on net. Those
// past the palette's end, and any other id, are noOpGrey; ok reports
// whether id has a colour of its own.
func operatorColour(net *network.Network, id string) (c color.NRGBA, ok bool) {
	i := slices.Index(operatorRanks(net), id)
	if i < 0 || i >= len(operatorPalette) {
		return noOpGrey, false
	}
	return operatorPalette[i], true
}

// operatorRanks returns the IDs of the operators of net that run a node
// on some date, in the order of operatorColour.
func operatorRanks(net *network.Network) []string {
	count := map[string]int{}
	for _, nd := range net.Nodes {
		seen := map[string]bool{}
		for _, op := range nd.Operators {
			if !seen[op.Operator] {
				seen[op.Operator] = true
				count[op.Operator]++
			}
		}
	}
	var ids []string
	for _, op := range net.Operators {
		if count[op.ID] > 0 {
			ids = append(ids, op.ID)
		}
	}
	slices.SortStableFunc(ids, func(a, b string) int { return count[b] - count[a] })
	return ids
}

// swatchGap is what the y tick labels of a figure with operator swatches
// end with: room between the label and the data area for the swatch.
const swatchGap = "\u2002\u2002"

// swatches draws a square of its operator's colour left of the data
// area, in the gap swatchGap leaves at the end of the row's y tick label
// (the panel's ticks have no length).
type swatches struct {
	rows []swatch
}

// swatch is a row's operator colour, at height y.
type swatch struct {
	y      float64
	colour color.Color
}

// Plot implements plot.Plotter.
func (s swatches) Plot(c draw.Canvas, p *plot.Plot) {
	_, ty := p.Transforms(&c)
	lbl := p.Y.Tick.Label
	x := c.Min.X - lbl.Width(" ") - lbl.Width(swatchGap)/2
	const half = 3.5
	for _, r := range s.rows {
		y := ty(r.y)
		sq := []vg.Point{{X: x - half, Y: y - half}, {X: x + half, Y: y - half}, {X: x + half, Y: y + half}, {X: x - half, Y: y + half}}
		c.FillPolygon(r.colour, sq)
	}
}

// studyNetwork returns the network of the study m and its start date,
// where the network is the embedded Panama one (a results folder holds
// no other network file); ok is false otherwise.
func studyNetwork(m *results.Manifest) (net *network.Network, start time.Time, ok bool) {
	if m == nil || !embedded(m) {
		return nil, time.Time{}, false
	}
	start, err := time.Parse(input.DateLayout, m.Start)
	if err != nil {
		return nil, time.Time{}, false
	}
	return network.Panama(), start, true
}

// nodeColour returns the colour of the operator of node id of net on
// date at, and false if the node has none.
func nodeColour(net *network.Network, id string, at time.Time) (color.NRGBA, bool) {
	nd := net.Node(id)
	if nd == nil {
		return color.NRGBA{}, false
	}
	op := nd.OperatorAt(at)
	if op == "" {
		return color.NRGBA{}, false
	}
	c, _ := operatorColour(net, op)
	return c, true
}

// swatchNote says what the squares beside names are.
const swatchNote = "Squares: the operator's colour, as on the network map."
