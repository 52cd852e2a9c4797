package plots

import (
	"errors"
	"fmt"
	"image/color"
	"io"
	"math"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/canalsim/canalsim/results"
	"github.com/canalsim/canalsim/sim"
	"github.com/canalsim/canalsim/sim/input"
	"github.com/canalsim/canalsim/sim/network"
)

// Colours of the map's other elements.
var (
	waterGrey = color.NRGBA{R: 0x9A, G: 0xA5, B: 0xB1, A: 0xFF}
	railGrey  = color.NRGBA{R: 0x55, G: 0x55, B: 0x55, A: 0xFF}
	noOpGrey  = color.NRGBA{R: 0xBB, G: 0xBB, B: 0xBB, A: 0xFF}
	white     = color.NRGBA{R: 0xFF, G: 0xFF, B: 0xFF, A: 0xFF}
)

// markerR is the radius of a node's marker on the map, in points.
const markerR = vg.Length(4)

// ringStyles tell the disruptions apart on the map when more than one
// targets nodes: each gets a ring further out, solid, dashed or dotted.
var ringStyles = []draw.LineStyle{
	{Color: vermillion, Width: vg.Points(1.6)},
	{Color: vermillion, Width: vg.Points(1.3), Dashes: []vg.Length{vg.Points(2.5), vg.Points(1.5)}},
	{Color: vermillion, Width: vg.Points(1.3), Dashes: []vg.Length{vg.Points(0.8), vg.Points(1.2)}},
}

// ringRadius is the radius of the ring of the i-th disruption.
func ringRadius(i int) vg.Length {
	return markerR + vg.Points(3) + vg.Length(i%len(ringStyles))*vg.Points(2.6)
}

// mapNetwork returns the network a results folder was run on, for the
// network map: the folder's own (network.yaml), or, for a folder written
// before it held its network, the embedded Panama network when the
// manifest names it.
func mapNetwork(r *results.Folder) (*network.Network, error) {
	if r == nil || r.Manifest == nil {
		return nil, errors.New("plots: network map: no manifest")
	}
	if r.Network != nil {
		return r.Network, nil
	}
	if m := r.Manifest; !embedded(m) {
		return nil, fmt.Errorf("plots: network map: the results are of network %q, not the embedded %q, and the folder has no %s", m.Network, network.Panama().Name, results.NetworkFile)
	}
	return network.Panama(), nil
}

// panamaSHA256 is the SHA-256 of the embedded Panama network.
var panamaSHA256 = sync.OnceValue(func() string { return sim.NetworkSHA256(network.Panama()) })

// embedded reports whether the results were run on the embedded Panama
// network: its name, and its content when the manifest records it (a
// modified copy of panama.yaml keeps the name).
func embedded(m *results.Manifest) bool {
	return m.Network == network.Panama().Name && (m.NetworkSHA256 == "" || m.NetworkSHA256 == panamaSHA256())
}

// mapApplies reports whether the network map can be drawn for r: its
// network is known, its nodes are placed (a network built in Go may leave
// every node at 0, 0), and it holds every disrupted node.
func mapApplies(r *results.Folder) bool {
	net, err := mapNetwork(r)
	if err != nil {
		return false
	}
	placed := false
	for _, nd := range net.Nodes {
		placed = placed || nd.Lat != 0 || nd.Lon != 0
	}
	if !placed {
		return false
	}
	for _, w := range r.Manifest.Disruptions {
		for _, id := range w.Nodes {
			if net.Node(id) == nil {
				return false
			}
		}
	}
	return true
}

// NetworkMap writes a map of the study's network to w in format f: each
// node at its coordinates (longitude across, latitude up, on an
// equirectangular projection scaled by the cosine of the mean latitude so
// that a kilometre is as long across as up), reaches as lines (water
// solid, rail dashed), nodes as markers shaped by kind and coloured by
// their operator on the scenario's start date (the colour-blind-safe
// Okabe-Ito palette), and the nodes each disruption acts on (the
// manifest's resolved nodes) ringed in vermillion, a ring of its own
// style per disruption. Where the markers of a side's terminals and their
// approach overlap, an inset enlarges them. Labels are placed where they
// overlap neither markers, lines nor each other, with a leader line when
// they sit away from their node. The legend names the operators with
// their owners, the kinds of node and reach and the disruptions; the
// footer gives the provenance, as in the other figures.
//
// It needs r.Manifest and the folder's network (r.Network; for a folder
// written before it held one, the network must be the embedded Panama
// one): without either it returns an error, as it does, before writing
// anything, for an unknown format, a missing manifest or start date, or a
// disrupted node the network does not have.
func NetworkMap(w io.Writer, f Format, r *results.Folder) error {
	if err := checkFormat(f); err != nil {
		return err
	}
	if r == nil || r.Manifest == nil {
		return errors.New("plots: network map: no manifest")
	}
	m := r.Manifest
	net, err := mapNetwork(r)
	if err != nil {
		return err
	}
	start, err := time.Parse(input.DateLayout, m.Start)
	if err != nil {
		return fmt.Errorf("plots: network map: the manifest's start date %q: expected YYYY-MM-DD", m.Start)
	}
	mp, err := newNetMap(net, m, start)
	if err != nil {
		return err
	}
	return render(w, f, mp.draw)
}

// netMap is what the network map draws, worked out before drawing.
type netMap struct {
	net   *network.Network
	m     *results.Manifest
	start time.Time
	// k scales longitude to keep distances true: cos(mean latitude).
	k float64
	// colour and opLegend: each node's fill, and the operators in the
	// legend's order.
	colour   []color.Color
	opLegend []*network.Operator
	opColour map[string]color.Color
	other    bool // some operators share the "other operators" grey
	none     bool // some nodes have no operator on the date
	// rings are the disruption rings: per disruption with nodes on the
	// map, the nodes ringed.
	rings []ring
	// offMap are the disruptions that act on no node (canal-wide ones).
	offMap []sim.Window
	// labels are the nodes' short labels, and acronyms the long names of
	// those labelled by an acronym, in network order.
	labels   []string
	acronyms []string
	kinds    []network.Kind
	hasRail  bool
	changes  string
	// drawn records, as the map is drawn, the labels and markers of the
	// map and of each inset, for tests.
	drawn []drawnLabels
}

// drawnLabels are the labels placed on the map or an inset, and the
// markers (with their rings) drawn there.
type drawnLabels struct {
	where   string
	labels  []placement
	markers []vg.Rectangle
}

// ring is one disruption's mark on the map.
type ring struct {
	w     sim.Window
	nodes []int // node indexes
	style draw.LineStyle
	r     vg.Length
}

func newNetMap(net *network.Network, m *results.Manifest, start time.Time) (*netMap, error) {
	mp := &netMap{net: net, m: m, start: start, opColour: map[string]color.Color{}}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, nd := range net.Nodes {
		lo, hi = math.Min(lo, nd.Lat), math.Max(hi, nd.Lat)
	}
	mp.k = math.Cos((lo + hi) / 2 * math.Pi / 180)

	// Operators by the number of nodes they run on the date, most first,
	// then in the order their first node comes in the network.
	count := map[string]int{}
	var order []string
	for _, nd := range net.Nodes {
		id := nd.OperatorAt(start)
		if id == "" {
			mp.none = true
			continue
		}
		if count[id] == 0 {
			order = append(order, id)
		}
		count[id]++
	}
	slices.SortStableFunc(order, func(a, b string) int { return count[b] - count[a] })
	for _, id := range order {
		c, ok := operatorColour(net, id)
		mp.opColour[id] = c
		if ok {
			mp.opLegend = append(mp.opLegend, net.Operator(id))
		} else {
			mp.other = true
		}
	}
	for _, nd := range net.Nodes {
		c := color.Color(white)
		if id := nd.OperatorAt(start); id != "" {
			c = mp.opColour[id]
		}
		mp.colour = append(mp.colour, c)
		lbl, long := shortName(nd.Name)
		mp.labels = append(mp.labels, lbl)
		if long != "" {
			mp.acronyms = append(mp.acronyms, lbl+": "+long)
		}
		if !slices.Contains(mp.kinds, nd.Kind) {
			mp.kinds = append(mp.kinds, nd.Kind)
		}
	}
	slices.SortFunc(mp.kinds, func(a, b network.Kind) int {
		return slices.Index(network.Kinds(), a) - slices.Index(network.Kinds(), b)
	})
	for _, r := range net.Reaches {
		mp.hasRail = mp.hasRail || r.Mode == network.RailMode
	}

	for _, w := range m.Disruptions {
		if len(w.Nodes) == 0 {
			mp.offMap = append(mp.offMap, w)
			continue
		}
		i := len(mp.rings)
		rg := ring{w: w, style: ringStyles[i%len(ringStyles)], r: ringRadius(i)}
		for _, id := range w.Nodes {
			nd := net.Node(id)
			if nd == nil {
				return nil, fmt.Errorf("plots: network map: disruption %q acts on node %q, which network %s does not have", windowLabel(w), id, net.Name)
			}
			rg.nodes = append(rg.nodes, nd.Index)
		}
		mp.rings = append(mp.rings, rg)
	}
	mp.changes = changes(net, start, m.Days)
	return mp, nil
}

// changes says which nodes change operator during the run, or "".
func changes(net *network.Network, start time.Time, days int) string {
	if days <= 0 {
		return ""
	}
	end := start.AddDate(0, 0, days)
	type change struct {
		when time.Time
		what string
	}
	var cs []change
	for _, nd := range net.Nodes {
		for _, t := range nd.Operators {
			if t.From.IsZero() || !t.From.After(start) || !t.From.Before(end) {
				continue
			}
			name := t.Operator
			if op := net.Operator(t.Operator); op != nil {
				name = op.Name
			}
			cs = append(cs, change{t.From, fmt.Sprintf("%s to %s", nd.Name, name)})
		}
	}
	if len(cs) == 0 {
		return ""
	}
	slices.SortStableFunc(cs, func(a, b change) int { return a.when.Compare(b.when) })
	var parts []string
	for i := 0; i < len(cs); {
		j := i
		var whats []string
		for ; j < len(cs) && cs[j].when.Equal(cs[i].when); j++ {
			whats = append(whats, cs[j].what)
		}
		parts = append(parts, fmt.Sprintf("on %s %s", cs[i].when.Format("2 Jan 2006"), joinAnd(whats)))
		i = j
	}
	return "Operators change during the run: " + strings.Join(parts, "; ") + "."
}

// joinAnd joins words as "a, b and c".
func joinAnd(s []string) string {
	if len(s) <= 1 {
		return strings.Join(s, "")
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}

// shortName returns a node's label for the map: the acronym in brackets at
// the end of its name ("MIT" for "Manzanillo International Terminal
// (MIT)"), with the name it stands for, or else the name without any
// bracketed part ("Culebra Cut" for "Culebra (Gaillard) Cut") and "".
func shortName(name string) (label, long string) {
	if i := strings.LastIndex(name, "("); i > 0 && strings.HasSuffix(name, ")") {
		acr := name[i+1 : len(name)-1]
		isAcr := len(acr) >= 2 && len(acr) <= 6
		for _, r := range acr {
			isAcr = isAcr && (unicode.IsUpper(r) || unicode.IsDigit(r))
		}
		if isAcr {
			return acr, strings.TrimSpace(name[:i])
		}
	}
	var b strings.Builder
	depth := 0
	for _, r := range name {
		switch {
		case r == '(':
			depth++
		case r == ')' && depth > 0:
			depth--
		case depth == 0:
			b.WriteRune(r)
		}
	}
	return strings.Join(strings.Fields(b.String()), " "), ""
}

// draw lays out and draws the whole figure.
func (mp *netMap) draw(c draw.Canvas) {
	notes := []string{fmt.Sprintf("Network %s: %s and %d reaches; colours show each node's operator on %s, the scenario's start.",
		mp.net.Name, plural(len(mp.net.Nodes), "node"), len(mp.net.Reaches), mp.start.Format("2 Jan 2006"))}
	if mp.changes != "" {
		notes = append(notes, mp.changes)
	}
	body := newFrame("The network and who runs it: "+mp.m.Scenario, mp.m, notes...).draw(c)

	// The legend on the right, as wide as its lines need; the map in
	// the rest, at a true scale.
	const gap = 14
	bw := body.Max.X - body.Min.X
	mapW := bw - mp.legendWidth() - gap
	p := mp.panel(body, mapW)
	p.Draw(draw.Crop(body, 0, -(bw - mapW), 0, 0))
	mp.drawLegend(draw.Crop(body, mapW+gap, 0, 0, 0))
}

// panel returns the map's plot for a canvas of body's height and w wide,
// at a true scale: one kilometre as long across as up.
func (mp *netMap) panel(body draw.Canvas, w vg.Length) *plot.Plot {
	p := newPanel()
	xt := degTicks{scale: mp.k, pos: "E", neg: "W"}
	yt := degTicks{scale: 1, pos: "N", neg: "S"}
	p.X.Tick.Marker, p.Y.Tick.Marker = xt, yt
	p.X.Label.Text, p.Y.Label.Text = "longitude", "latitude"
	p.X.Label.TextStyle.Font.Size, p.Y.Label.TextStyle.Font.Size = 9, 9
	p.X.Tick.Label.Font.Size, p.Y.Tick.Label.Font.Size = 8, 8
	p.Add(grid{x: xt})
	p.Add(&mapLayer{mp: mp})

	// The nodes' extent, padded for labels.
	x0, x1, y0, y1 := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for _, nd := range mp.net.Nodes {
		x0, x1 = math.Min(x0, nd.Lon*mp.k), math.Max(x1, nd.Lon*mp.k)
		y0, y1 = math.Min(y0, nd.Lat), math.Max(y1, nd.Lat)
	}
	span := math.Max(math.Max(x1-x0, y1-y0), 1e-3)
	padX, padY := 0.12*span, 0.08*span
	x0, x1, y0, y1 = x0-padX, x1+padX, y0-padY, y1+padY

	// Fit the extent at the largest scale the data area allows, then
	// widen the other range to fill the data area at that scale. The
	// axes' size depends on their tick labels, so settle it in a few
	// rounds.
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = x0, x1, y0, y1
	c := draw.Crop(body, 0, -(body.Max.X - body.Min.X - w), 0, 0)
	for range 3 {
		dc := p.DataCanvas(c)
		dw, dh := float64(dc.Max.X-dc.Min.X), float64(dc.Max.Y-dc.Min.Y)
		s := math.Min(dh/(y1-y0), dw/(x1-x0)) // points per unit
		cx, cy := (x0+x1)/2, (y0+y1)/2
		p.X.Min, p.X.Max = cx-dw/s/2, cx+dw/s/2
		p.Y.Min, p.Y.Max = cy-dh/s/2, cy+dh/s/2
	}
	return p
}

// degTicks marks an axis in degrees at round steps, labelled with a
// hemisphere letter ("79.9°W"); scale is how many axis units a degree is.
type degTicks struct {
	scale    float64
	pos, neg string
}

// Ticks implements plot.Ticker.
func (d degTicks) Ticks(min, max float64) []plot.Tick {
	lo, hi := min/d.scale, max/d.scale
	if !(hi > lo) || math.IsInf(hi-lo, 0) {
		return nil
	}
	steps := []float64{0.01, 0.02, 0.025, 0.05, 0.1, 0.2, 0.25, 0.5, 1, 2, 5, 10, 15, 30, 45, 90}
	step := steps[len(steps)-1]
	for _, s := range steps {
		if (hi-lo)/s <= 7 {
			step = s
			break
		}
	}
	dec := 0
	for math.Abs(step*math.Pow(10, float64(dec))-math.Round(step*math.Pow(10, float64(dec)))) > 1e-9 {
		dec++
	}
	var ticks []plot.Tick
	for i := math.Ceil(lo/step - 1e-9); i*step <= hi+1e-9; i++ {
		v := i * step
		h := d.pos
		if v < 0 {
			h = d.neg
		}
		if math.Abs(v) < 1e-12 {
			h = ""
		}
		ticks = append(ticks, plot.Tick{Value: v * d.scale, Label: fmt.Sprintf("%.*f°%s", dec, math.Abs(v), h)})
	}
	return ticks
}

// mapLayer draws the network in a panel's data area.
type mapLayer struct{ mp *netMap }

// Plot implements plot.Plotter. It draws the network at the panel's
// scale and, where the markers of a side's terminals and their approaches
// would overlap, an inset that enlarges them, in an empty part of the
// map; then the labels, where they overlap nothing drawn.
func (l *mapLayer) Plot(c draw.Canvas, p *plot.Plot) {
	mp := l.mp
	net := mp.net
	tx, ty := p.Transforms(&c)
	pts := make([]vg.Point, len(net.Nodes))
	all := make([]bool, len(net.Nodes))
	for i, nd := range net.Nodes {
		pts[i] = vg.Point{X: tx(nd.Lon * mp.k), Y: ty(nd.Lat)}
		all[i] = true
	}
	area := vg.Rectangle{Min: c.Min, Max: c.Max}
	lay := labelLayout{bounds: area, pts: pts, nodes: indexes(all)}
	lay.rects = append(lay.rects, scaleBar(c, p))
	mainObs := mp.obstacles(area, pts, all)
	lay.add(mainObs)
	mp.drawScene(c, pts, all)

	// Insets, each in the free spot nearest its nodes.
	labelled := slices.Clone(all)
	for _, g := range mp.crowded(pts) {
		in, ok := mp.newInset(area, g, pts, lay)
		if !ok {
			continue
		}
		for _, i := range g {
			labelled[i] = false
		}
		frame := draw.LineStyle{Color: grey, Width: vg.Points(0.6)}
		// The connector first, so the boxes hide its ends.
		a, b := nearestPoints(in.cluster, in.area)
		c.StrokeLine2(frame, a.X, a.Y, b.X, b.Y)
		c.StrokeLines(frame, rectPath(in.cluster))
		c.FillPolygon(white, rectPath(in.area)[:4])
		ic := draw.Canvas{Canvas: c.Canvas, Rectangle: in.area}
		mp.drawScene(ic, in.pts, in.show)
		ic.FillPolygon(white, rectPath(in.titleRect)[:4])
		t := insetTitle
		t.XAlign, t.YAlign = draw.XLeft, draw.YTop
		ic.FillText(t, vg.Point{X: in.titleRect.Min.X + 3, Y: in.titleRect.Max.Y - 2}, in.title)
		c.StrokeLines(frame, rectPath(in.area))
		drawLabels(ic, in.labels)
		mp.drawn = append(mp.drawn, drawnLabels{in.title, in.labels, mp.obstacles(in.area, in.pts, in.show).rects})

		lay.rects = append(lay.rects, grow(in.area, 2), in.cluster)
		lay.segs = append(lay.segs, [2]vg.Point{a, b})
	}
	pls, _ := lay.placeAll(mp.labels, labelled, mp.reach())
	drawLabels(c, pls)
	mp.drawn = append(mp.drawn, drawnLabels{"map", pls, mainObs.rects})
}

// labelStyle and insetTitle are the styles of node labels and of an
// inset's title.
var (
	labelStyle = sans(7.5, ink)
	insetTitle = sans(7, grey)
)

// reach returns the radius each node takes on the map: its marker, or its
// outer ring.
func (mp *netMap) reach() []vg.Length {
	r := make([]vg.Length, len(mp.net.Nodes))
	for i, nd := range mp.net.Nodes {
		r[i] = markerSize(nd.Kind)
	}
	for _, rg := range mp.rings {
		for _, i := range rg.nodes {
			r[i] = max(r[i], rg.r+rg.style.Width/2)
		}
	}
	return r
}

// obstacles returns what drawScene draws in area: the markers of the
// shown nodes, with their rings, and the reaches, clipped to area.
func (mp *netMap) obstacles(area vg.Rectangle, pts []vg.Point, show []bool) obstacles {
	var obs obstacles
	clip := draw.Canvas{Rectangle: area}
	for _, r := range mp.net.Reaches {
		a, b := pts[mp.net.Node(r.From).Index], pts[mp.net.Node(r.To).Index]
		for _, ln := range clip.ClipLinesXY([]vg.Point{a, b}) {
			if len(ln) >= 2 {
				obs.segs = append(obs.segs, [2]vg.Point{ln[0], ln[len(ln)-1]})
			}
		}
	}
	reach := mp.reach()
	for i := range mp.net.Nodes {
		if show[i] {
			r := reach[i]
			obs.rects = append(obs.rects, vg.Rectangle{Min: vg.Point{X: pts[i].X - r, Y: pts[i].Y - r}, Max: vg.Point{X: pts[i].X + r, Y: pts[i].Y + r}})
		}
	}
	return obs
}

// drawScene draws the reaches between nodes (clipped to c), water under
// rail, then the rings of the shown nodes and their markers.
func (mp *netMap) drawScene(c draw.Canvas, pts []vg.Point, show []bool) {
	net := mp.net
	for _, mode := range []network.Mode{network.Water, network.RailMode} {
		for _, r := range net.Reaches {
			if r.Mode != mode {
				continue
			}
			a, b := pts[net.Node(r.From).Index], pts[net.Node(r.To).Index]
			c.StrokeLines(reachStyle(mode), c.ClipLinesXY([]vg.Point{a, b})...)
		}
	}
	for _, rg := range mp.rings {
		for _, i := range rg.nodes {
			if show[i] {
				strokeCircle(c, rg.style, pts[i], rg.r)
			}
		}
	}
	for i, nd := range net.Nodes {
		if show[i] {
			drawMarker(c, nd.Kind, pts[i], markerR, mp.colour[i])
		}
	}
}

// reachStyle is how reaches of a mode are drawn: water solid, rail
// dashed.
func reachStyle(m network.Mode) draw.LineStyle {
	if m == network.RailMode {
		return draw.LineStyle{Color: railGrey, Width: vg.Points(0.9), Dashes: []vg.Length{vg.Points(4), vg.Points(2.5)}}
	}
	return draw.LineStyle{Color: waterGrey, Width: vg.Points(1.8)}
}

// inset is an enlarged view of crowded nodes, drawn over an empty part
// of the map.
type inset struct {
	title     string
	titleRect vg.Rectangle
	area      vg.Rectangle // on the canvas
	cluster   vg.Rectangle // the nodes' box on the map
	pts       []vg.Point   // every node's place in the inset's frame
	show      []bool       // the nodes inside the inset
	labels    []placement
}

// crowded returns the groups of nodes that need an inset: on each side,
// the terminals and the nodes they reach by water (their approaches),
// when the markers or rings of two of them overlap on the map.
func (mp *netMap) crowded(pts []vg.Point) [][]int {
	net := mp.net
	reach := mp.reach()
	var sides []network.Side
	for _, nd := range net.Terminals() {
		if !slices.Contains(sides, nd.Side) {
			sides = append(sides, nd.Side)
		}
	}
	var groups [][]int
	for _, side := range sides {
		var g []int
		for _, nd := range net.Terminals() {
			if nd.Side != side {
				continue
			}
			g = append(g, nd.Index)
			for _, nb := range net.Neighbours(nd) {
				if nb.Kind != network.Terminal {
					g = append(g, nb.Index)
				}
			}
		}
		slices.Sort(g)
		g = slices.Compact(g)
		crowded := false
		for a, i := range g {
			for _, j := range g[a+1:] {
				crowded = crowded || dist(pts[i], pts[j]) < reach[i]+reach[j]+vg.Points(2)
			}
		}
		if crowded {
			groups = append(groups, g)
		}
	}
	return groups
}

// newInset makes an inset for the nodes g at a round enlargement that
// sets them well apart, in the free spot of area nearest to them (clear
// of everything lay holds), and lays out its labels; it grows the inset
// until they fit. It reports false if there is no free spot.
func (mp *netMap) newInset(area vg.Rectangle, g []int, pts []vg.Point, lay labelLayout) (inset, bool) {
	var in inset
	lo := vg.Point{X: vg.Length(math.Inf(1)), Y: vg.Length(math.Inf(1))}
	hi := vg.Point{X: vg.Length(math.Inf(-1)), Y: vg.Length(math.Inf(-1))}
	minSep := vg.Length(math.Inf(1))
	var labelW vg.Length
	for a, i := range g {
		lo.X, lo.Y = min(lo.X, pts[i].X), min(lo.Y, pts[i].Y)
		hi.X, hi.Y = max(hi.X, pts[i].X), max(hi.Y, pts[i].Y)
		for _, j := range g[a+1:] {
			minSep = min(minSep, dist(pts[i], pts[j]))
		}
		lw := vg.Length(math.Inf(1))
		for _, lines := range labelLines(labelStyle, mp.labels[i]) {
			var w vg.Length
			for _, ln := range lines {
				w = max(w, labelStyle.Width(ln))
			}
			lw = min(lw, w)
		}
		labelW = max(labelW, lw)
	}
	zoom := 8.0
	for _, z := range []float64{2, 2.5, 3, 4, 5, 6, 8} {
		if vg.Length(z)*minSep >= vg.Points(20) {
			zoom = z
			break
		}
	}
	pad := markerR + vg.Points(6)
	in.cluster = vg.Rectangle{Min: vg.Point{X: lo.X - pad, Y: lo.Y - pad}, Max: vg.Point{X: hi.X + pad, Y: hi.Y + pad}}
	in.title = fmt.Sprintf("%s entrance, \u00d7%g", capitalise(string(mp.net.Nodes[g[0]].Side)), zoom)
	titleH := insetTitle.Height(in.title) + vg.Points(3)
	centre := vg.Point{X: (lo.X + hi.X) / 2, Y: (lo.Y + hi.Y) / 2}
	inGroup := make([]bool, len(pts))
	for _, i := range g {
		inGroup[i] = true
	}
	found := false
	for _, grow := range []vg.Length{0, 10, 20, 32, 46, 62} {
		w := vg.Length(zoom)*(hi.X-lo.X) + 2*(0.8*labelW+vg.Points(8)) + 2*grow
		h := vg.Length(zoom)*(hi.Y-lo.Y) + vg.Points(34) + titleH + 2*grow
		w = max(w, insetTitle.Width(in.title)+vg.Points(8))
		box, ok := freeSpot(area, w, h, centre, lay, in.cluster)
		if !ok {
			break
		}
		found = true
		in.area = box
		in.titleRect = vg.Rectangle{Min: vg.Point{X: box.Min.X, Y: box.Max.Y - titleH}, Max: vg.Point{X: box.Min.X + insetTitle.Width(in.title) + vg.Points(5), Y: box.Max.Y}}
		mid := vg.Point{X: (box.Min.X + box.Max.X) / 2, Y: (box.Min.Y + box.Max.Y - titleH) / 2}
		in.pts = make([]vg.Point, len(pts))
		in.show = make([]bool, len(pts))
		for i, pt := range pts {
			in.pts[i] = vg.Point{X: mid.X + vg.Length(zoom)*(pt.X-centre.X), Y: mid.Y + vg.Length(zoom)*(pt.Y-centre.Y)}
			r := markerSize(mp.net.Nodes[i].Kind)
			in.show[i] = inside(vg.Rectangle{Min: vg.Point{X: in.pts[i].X - r, Y: in.pts[i].Y - r}, Max: vg.Point{X: in.pts[i].X + r, Y: in.pts[i].Y + r}}, box) &&
				!overlapsRect(vg.Rectangle{Min: in.pts[i], Max: in.pts[i]}, []vg.Rectangle{in.titleRect})
		}
		inner := labelLayout{bounds: shrink(box, 1), pts: in.pts, nodes: indexes(in.show)}
		inner.rects = append(inner.rects, in.titleRect)
		inner.add(mp.obstacles(box, in.pts, in.show))
		var clean bool
		in.labels, clean = inner.placeAll(mp.labels, in.show, mp.reach())
		if clean {
			break
		}
	}
	return in, found
}

// indexes returns the indexes of the true elements of b.
func indexes(b []bool) []int {
	var out []int
	for i, x := range b {
		if x {
			out = append(out, i)
		}
	}
	return out
}

// capitalise returns s with its first letter upper case.
func capitalise(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	r[0] = unicode.ToUpper(r[0])
	return string(r)
}

// markerSize is the radius a node's marker takes.
func markerSize(k network.Kind) vg.Length {
	if k == network.Terminal {
		return 1.1 * markerR
	}
	return markerR
}

// scaleBar draws a bar of a round number of kilometres at the bottom
// left of the data area and returns the room it takes.
func scaleBar(c draw.Canvas, p *plot.Plot) vg.Rectangle {
	tx, _ := p.Transforms(&c)
	// A degree of latitude is 111.32 km; on the map a degree of
	// longitude times k is as long.
	perKm := float64(tx(p.X.Min+1/111.32) - tx(p.X.Min))
	km := 1.0
	for _, s := range []float64{1, 2, 5, 10, 20, 50, 100} {
		if s*perKm <= 0.25*float64(c.Max.X-c.Min.X) {
			km = s
		}
	}
	w := vg.Length(km * perKm)
	x0, y0 := c.Min.X+vg.Points(8), c.Min.Y+vg.Points(8)
	sty := draw.LineStyle{Color: ink, Width: vg.Points(1)}
	c.StrokeLine2(sty, x0, y0, x0+w, y0)
	for _, x := range []vg.Length{x0, x0 + w} {
		c.StrokeLine2(sty, x, y0, x, y0+vg.Points(3))
	}
	t := sans(7.5, ink)
	t.XAlign, t.YAlign = draw.XCenter, draw.YBottom
	lbl := fmt.Sprintf("%g km", km)
	c.FillText(t, vg.Point{X: x0 + w/2, Y: y0 + vg.Points(2)}, lbl)
	return vg.Rectangle{Min: vg.Point{X: x0 - 2, Y: y0 - 2}, Max: vg.Point{X: x0 + max(w, t.Width(lbl)) + 2, Y: y0 + vg.Points(2) + t.Height(lbl)}}
}

// drawMarker draws a node's marker: its kind's shape, filled, with a thin
// white edge that keeps touching markers apart.
func drawMarker(c draw.Canvas, k network.Kind, at vg.Point, r vg.Length, fill color.Color) {
	var path vg.Path
	poly := func(pts ...[2]float64) {
		for i, q := range pts {
			pt := vg.Point{X: at.X + vg.Length(q[0])*r, Y: at.Y + vg.Length(q[1])*r}
			if i == 0 {
				path.Move(pt)
			} else {
				path.Line(pt)
			}
		}
		path.Close()
	}
	switch k {
	case network.Terminal:
		path.Move(vg.Point{X: at.X + 1.1*r, Y: at.Y})
		path.Arc(at, 1.1*r, 0, 2*math.Pi)
		path.Close()
	case network.Lock:
		poly([2]float64{-0.85, -0.85}, [2]float64{0.85, -0.85}, [2]float64{0.85, 0.85}, [2]float64{-0.85, 0.85})
	case network.Anchorage:
		poly([2]float64{-1, 0.7}, [2]float64{1, 0.7}, [2]float64{0, -1})
	case network.Approach:
		poly([2]float64{0, 1}, [2]float64{0.8, 0}, [2]float64{0, -1}, [2]float64{-0.8, 0})
	case network.Lake:
		var q [][2]float64
		for i := range 6 {
			a := float64(i) * math.Pi / 3
			q = append(q, [2]float64{math.Cos(a), math.Sin(a)})
		}
		poly(q...)
	case network.Cut:
		poly([2]float64{-1, 0.8}, [2]float64{0, 0.3}, [2]float64{1, 0.8}, [2]float64{1, -0.8}, [2]float64{0, -0.3}, [2]float64{-1, -0.8})
	case network.Rail:
		const a = 0.33
		poly([2]float64{-a, 1}, [2]float64{a, 1}, [2]float64{a, a}, [2]float64{1, a}, [2]float64{1, -a}, [2]float64{a, -a},
			[2]float64{a, -1}, [2]float64{-a, -1}, [2]float64{-a, -a}, [2]float64{-1, -a}, [2]float64{-1, a}, [2]float64{-a, a})
	default:
		path.Move(vg.Point{X: at.X + 0.6*r, Y: at.Y})
		path.Arc(at, 0.6*r, 0, 2*math.Pi)
		path.Close()
	}
	c.SetColor(fill)
	c.Fill(path)
	edge := color.Color(white)
	if fill == color.Color(white) {
		edge = grey
	}
	c.SetLineStyle(draw.LineStyle{Color: edge, Width: vg.Points(0.7)})
	c.Stroke(path)
}

// strokeCircle draws a circle of radius r around at.
func strokeCircle(c draw.Canvas, sty draw.LineStyle, at vg.Point, r vg.Length) {
	var path vg.Path
	path.Move(vg.Point{X: at.X + r, Y: at.Y})
	path.Arc(at, r, 0, 2*math.Pi)
	path.Close()
	c.SetLineStyle(sty)
	c.Stroke(path)
}

// legendWidth is the width the legend needs for its widest line (but
// for the disruptions', which wrap), within bounds.
func (mp *netMap) legendWidth() vg.Length {
	head, item, small := sans(9, ink), sans(8.5, ink), sans(7.5, grey)
	w := head.Width("Operator on " + mp.start.Format("2 Jan 2006"))
	for _, op := range mp.opLegend {
		w = max(w, legendSwatch+item.Width(op.Name), legendSwatch+small.Width(ownerLine(mp.net, op)))
	}
	for _, k := range mp.kinds {
		w = max(w, 2*(legendSwatch+item.Width(string(k))+vg.Points(10)))
	}
	for _, a := range mp.acronyms {
		w = max(w, small.Width(a))
	}
	return min(max(w, vg.Points(150)), vg.Points(205))
}

// legendSwatch is the width of the legend's column of swatches.
const legendSwatch = 16

// drawLegend draws the map's key in c, from the top: operators with
// their owners, kinds of node, kinds of reach, disruptions and notes.
func (mp *netMap) drawLegend(c draw.Canvas) {
	width := c.Max.X - c.Min.X
	head := sans(9, ink)
	head.XAlign, head.YAlign = draw.XLeft, draw.YTop
	item := sans(8.5, ink)
	item.XAlign, item.YAlign = draw.XLeft, draw.YTop
	small := sans(7.5, grey)
	small.XAlign, small.YAlign = draw.XLeft, draw.YTop
	const sw = legendSwatch
	y := c.Max.Y
	heading := func(s string) {
		c.FillText(head, vg.Point{X: c.Min.X, Y: y}, fit(head, s, width))
		y -= head.Height("A") + vg.Points(3)
	}
	// text writes wrapped lines beside a swatch and returns the middle of
	// the first line, where the swatch goes.
	text := func(sty text.Style, s string, maxLines int) vg.Length {
		mid := y - sty.Height("A")/2
		for _, l := range wrap(sty, s, width-sw, maxLines) {
			c.FillText(sty, vg.Point{X: c.Min.X + sw, Y: y}, l)
			y -= sty.Height("A")
		}
		return mid
	}
	gap := func(d vg.Length) { y -= d }
	sx := c.Min.X + sw/2 - 2

	heading("Operator on " + mp.start.Format("2 Jan 2006"))
	for _, op := range mp.opLegend {
		mid := text(item, op.Name, 2)
		drawMarker(c, "", vg.Point{X: sx, Y: mid}, 2*markerR, mp.opColour[op.ID])
		if owners := ownerLine(mp.net, op); owners != "" {
			text(small, owners, 2)
		}
		gap(2)
	}
	if mp.other {
		mid := text(item, "other operators", 1)
		drawMarker(c, "", vg.Point{X: sx, Y: mid}, 2*markerR, noOpGrey)
		gap(2)
	}
	if mp.none {
		mid := text(item, "no operator on this date", 1)
		drawMarker(c, "", vg.Point{X: sx, Y: mid}, 2*markerR, white)
		gap(2)
	}
	gap(6)

	heading("Node")
	col := (width - sw) / 2
	for i, k := range mp.kinds {
		x := c.Min.X + vg.Length(i%2)*(col+sw/2)
		mid := y - item.Height("A")/2
		drawMarker(c, k, vg.Point{X: x + sw/2 - 2, Y: mid}, markerR, grey)
		c.FillText(item, vg.Point{X: x + sw, Y: y}, string(k))
		if i%2 == 1 || i == len(mp.kinds)-1 {
			y -= item.Height("A") + vg.Points(2)
		}
	}
	gap(6)

	heading("Reach")
	mid := y - item.Height("A")/2
	c.StrokeLine2(draw.LineStyle{Color: waterGrey, Width: vg.Points(1.8)}, c.Min.X-2, mid, c.Min.X+sw-4, mid)
	c.FillText(item, vg.Point{X: c.Min.X + sw, Y: y}, "water")
	if mp.hasRail {
		x := c.Min.X + col + sw/2
		c.StrokeLine2(draw.LineStyle{Color: railGrey, Width: vg.Points(0.9), Dashes: []vg.Length{vg.Points(4), vg.Points(2.5)}}, x-2, mid, x+sw-4, mid)
		c.FillText(item, vg.Point{X: x + sw, Y: y}, "rail")
	}
	y -= item.Height("A") + vg.Points(2)
	gap(6)

	if len(mp.rings) > 0 || len(mp.offMap) > 0 {
		heading("Disrupted in the scenario")
	}
	for _, rg := range mp.rings {
		desc := windowLabel(rg.w) + ": " + effectText(rg.w)
		if sp := spanText(rg.w); sp != "" {
			desc += ", " + sp
		}
		mid := text(item, desc, 3)
		strokeCircle(c, rg.style, vg.Point{X: sx, Y: mid}, min(rg.r, vg.Points(6)))
		gap(2)
	}
	if n := len(mp.offMap); n > 0 {
		var names []string
		for i, w := range mp.offMap {
			if i == 3 && n > 4 {
				names = append(names, fmt.Sprintf("%d more", n-3))
				break
			}
			names = append(names, windowLabel(w))
		}
		lead := "Not on the map (canal-wide): "
		if len(mp.rings) == 0 {
			lead = "None on the map; canal-wide: "
		}
		text(small, lead+strings.Join(names, "; "), 4)
	}
	if len(mp.rings) > 0 || len(mp.offMap) > 0 {
		gap(6)
	}

	for _, a := range mp.acronyms {
		c.FillText(small, vg.Point{X: c.Min.X, Y: y}, fit(small, a, width))
		y -= small.Height("A")
	}
}

// effectText names a window's effect in words: "lane outage".
func effectText(w sim.Window) string {
	return strings.ReplaceAll(string(w.Effect), "_", " ")
}

// spanText gives a window's dates: "1\u201330 Nov 2025" (the last day
// inclusive, for a window from midnight to midnight), "from 20 Oct 2025
// 06:00 to 23 Oct 2025 06:00" otherwise; for a random window, the span
// it falls in.
func spanText(w sim.Window) string {
	from, until := w.From.UTC(), w.Until.UTC()
	if from.IsZero() || until.IsZero() {
		return ""
	}
	midnight := func(t time.Time) bool { return t.Equal(t.Truncate(24 * time.Hour)) }
	var s string
	switch last := until.AddDate(0, 0, -1); {
	case !midnight(from) || !midnight(until):
		s = "from " + from.Format("2 Jan 2006 15:04") + " to " + until.Format("2 Jan 2006 15:04")
	case !last.After(from):
		s = from.Format("2 Jan 2006")
	case from.Year() == last.Year() && from.Month() == last.Month():
		s = fmt.Sprintf("%d\u2013%s", from.Day(), last.Format("2 Jan 2006"))
	case from.Year() == last.Year():
		s = from.Format("2 Jan") + "\u2013" + last.Format("2 Jan 2006")
	default:
		s = from.Format("2 Jan 2006") + "\u2013" + last.Format("2 Jan 2006")
	}
	if w.Random {
		s = "within " + s
	}
	return s
}

// ownerLine names the owners of op up its chain of control, with the
// share each holds of the one below: "Hutchison Ports (90%) ›
// CK Hutchison Holdings"; "" when it has no parent.
func ownerLine(net *network.Network, op *network.Operator) string {
	var parts []string
	for o := op; o.Parent != ""; {
		p := net.Operator(o.Parent)
		if p == nil {
			break
		}
		s := p.Name
		if o.Share > 0 {
			s += fmt.Sprintf(" (%g%%)", 100*o.Share)
		}
		parts = append(parts, s)
		o = p
	}
	if len(parts) == 0 {
		return ""
	}
	return "owned by " + strings.Join(parts, " \u203a ")
}
