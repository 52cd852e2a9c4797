package plots

// The label engine of the network map: labels placed beside their
// markers where they cover no other label, marker or line (a penalty per
// clash, the least-penalised spot of a few candidates, leaders to labels
// moved away), and the plane geometry it needs.

import (
	"math"
	"slices"

	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// obstacles are what labels must not cover: markers and lines.
type obstacles struct {
	rects []vg.Rectangle
	segs  [][2]vg.Point
}

// drawLabels draws placed labels and their leader lines.
func drawLabels(c draw.Canvas, pls []placement) {
	lead := draw.LineStyle{Color: grey, Width: vg.Points(0.5)}
	lineH := labelStyle.Height("A")
	for _, pl := range pls {
		if pl.leader {
			c.StrokeLine2(lead, pl.from.X, pl.from.Y, pl.to.X, pl.to.Y)
		}
		s := labelStyle
		s.XAlign, s.YAlign = pl.align, draw.YTop
		x := pl.rect.Min.X
		switch pl.align {
		case draw.XRight:
			x = pl.rect.Max.X
		case draw.XCenter:
			x = (pl.rect.Min.X + pl.rect.Max.X) / 2
		}
		for k, ln := range pl.lines {
			c.FillText(s, vg.Point{X: x, Y: pl.rect.Max.Y - vg.Length(k)*lineH}, ln)
		}
	}
}

// freeSpot returns the box of w by h in area nearest to centre that
// overlaps nothing lay holds, nor the rectangle avoid; false if there is
// none.
func freeSpot(area vg.Rectangle, w, h vg.Length, centre vg.Point, lay labelLayout, avoid vg.Rectangle) (vg.Rectangle, bool) {
	best, bestD := vg.Rectangle{}, vg.Length(math.Inf(1))
	const step, margin = 3, 4
	for x := area.Min.X + 2; x+w <= area.Max.X-2; x += step {
		for y := area.Min.Y + 2; y+h <= area.Max.Y-2; y += step {
			r := vg.Rectangle{Min: vg.Point{X: x, Y: y}, Max: vg.Point{X: x + w, Y: y + h}}
			d := dist(vg.Point{X: x + w/2, Y: y + h/2}, centre)
			if d >= bestD {
				continue
			}
			m := grow(r, margin)
			if overlapsRect(m, lay.rects) || overlapsRect(m, []vg.Rectangle{avoid}) || crossesSegs(m, lay.segs) {
				continue
			}
			best, bestD = r, d
		}
	}
	return best, !math.IsInf(float64(bestD), 1)
}

// rectPath returns the corners of r, closed.
func rectPath(r vg.Rectangle) []vg.Point {
	return []vg.Point{r.Min, {X: r.Max.X, Y: r.Min.Y}, r.Max, {X: r.Min.X, Y: r.Max.Y}, r.Min}
}

func grow(r vg.Rectangle, d vg.Length) vg.Rectangle { return shrink(r, -d) }

// overlapsRect reports whether r overlaps any of rs.
func overlapsRect(r vg.Rectangle, rs []vg.Rectangle) bool {
	for _, o := range rs {
		if r.Min.X < o.Max.X && o.Min.X < r.Max.X && r.Min.Y < o.Max.Y && o.Min.Y < r.Max.Y {
			return true
		}
	}
	return false
}

// crossesSegs reports whether any of segs meets r.
func crossesSegs(r vg.Rectangle, segs [][2]vg.Point) bool {
	for _, s := range segs {
		if segRect(s[0], s[1], r) {
			return true
		}
	}
	return false
}

// nearestPoints returns the nearest points of two rectangles' edges (the
// middle of their overlap along an axis where they overlap).
func nearestPoints(a, b vg.Rectangle) (vg.Point, vg.Point) {
	near := func(a0, a1, b0, b1 vg.Length) (vg.Length, vg.Length) {
		switch {
		case a1 < b0:
			return a1, b0
		case b1 < a0:
			return a0, b1
		}
		m := (max(a0, b0) + min(a1, b1)) / 2
		return m, m
	}
	ax, bx := near(a.Min.X, a.Max.X, b.Min.X, b.Max.X)
	ay, by := near(a.Min.Y, a.Max.Y, b.Min.Y, b.Max.Y)
	return vg.Point{X: ax, Y: ay}, vg.Point{X: bx, Y: by}
}

func dist(a, b vg.Point) vg.Length {
	return vg.Length(math.Hypot(float64(a.X-b.X), float64(a.Y-b.Y)))
}

// labelLayout places labels one at a time where they overlap nothing
// placed before: markers and other rectangles, lines, labels and their
// leader lines; and where a label next to its node is not nearer another
// node, which it could be taken for.
type labelLayout struct {
	bounds vg.Rectangle
	rects  []vg.Rectangle
	segs   [][2]vg.Point
	// pts are the nodes' places and nodes those drawn on this canvas.
	pts   []vg.Point
	nodes []int
}

// placement is where a label goes, on one line or two, aligned to the
// side of its node, and its leader line if it needs one.
type placement struct {
	lines    []string
	align    draw.XAlignment
	rect     vg.Rectangle
	leader   bool
	from, to vg.Point
}

// labelLines returns the ways to write a label: on one line and, if it
// is long, on two, broken at the space nearest its middle.
func labelLines(sty text.Style, s string) [][]string {
	out := [][]string{{s}}
	if sty.Width(s) < vg.Points(45) {
		return out
	}
	best := -1
	for i, r := range s {
		if r == ' ' && (best < 0 || math.Abs(float64(i)-float64(len(s))/2) < math.Abs(float64(best)-float64(len(s))/2)) {
			best = i
		}
	}
	if best > 0 {
		out = append(out, []string{s[:best], s[best+1:]})
	}
	return out
}

// place finds a spot for the label s of node i whose marker (and rings)
// reach own from it: the nearest free spot around it, trying directions
// in turn at growing distances, beside the node before above or below;
// far spots get a leader line from the marker's edge. If no spot is free
// it takes the one that overlaps least.
func (l *labelLayout) place(sty text.Style, s string, i int, own vg.Length) (placement, float64) {
	pt := l.pts[i]
	best, bestCost := placement{}, math.Inf(1)
	lineH := sty.Height("A")
	for _, gap := range []vg.Length{2, 6, 11, 17, 24, 32, 42, 54, 68, 84, 102} {
		r := own + gap
		for n, lines := range labelLines(sty, s) {
			for k := range 16 {
				var w vg.Length
				for _, ln := range lines {
					w = max(w, sty.Width(ln))
				}
				h := vg.Length(len(lines)) * lineH
				a := float64(k) * math.Pi / 8
				cos, sin := math.Cos(a), math.Sin(a)
				anchor := vg.Point{X: pt.X + vg.Length(cos)*r, Y: pt.Y + vg.Length(sin)*r}
				var min vg.Point
				align := draw.XCenter
				switch {
				case cos > 0.3:
					min.X, align = anchor.X, draw.XLeft
				case cos < -0.3:
					min.X, align = anchor.X-w, draw.XRight
				default:
					min.X = anchor.X - w/2
				}
				switch {
				case sin > 0.3:
					min.Y = anchor.Y
				case sin < -0.3:
					min.Y = anchor.Y - h
				default:
					min.Y = anchor.Y - h/2
				}
				rect := vg.Rectangle{Min: min, Max: vg.Point{X: min.X + w, Y: min.Y + h}}
				pl := placement{lines: lines, align: align, rect: rect, leader: gap > 6}
				if pl.leader {
					pl.from = vg.Point{X: pt.X + vg.Length(cos)*own, Y: pt.Y + vg.Length(sin)*own}
					pl.to = anchor
				}
				// Beside before diagonal before above or below; nearer
				// before farther.
				cost := float64(gap) * (1 + 0.25*math.Abs(sin))
				if math.Abs(sin) > 0.95 {
					cost += 3
				}
				cost += 5 * float64(n) // one line before two
				cost += l.penalty(i, pl)
				if cost < bestCost {
					best, bestCost = pl, cost
				}
			}
		}
		if bestCost < clash {
			break
		}
	}
	l.rects = append(l.rects, vg.Rectangle{Min: best.rect.Min, Max: best.rect.Max})
	if best.leader {
		l.segs = append(l.segs, [2]vg.Point{best.from, best.to})
	}
	return best, bestCost
}

// add adds obstacles to the layout.
func (l *labelLayout) add(o obstacles) {
	l.rects = append(l.rects, o.rects...)
	l.segs = append(l.segs, o.segs...)
}

// placeAll places the labels of the nodes to label, the most crowded
// first; reach is the radius each node's marker and rings take. It
// reports whether every label found a free spot.
func (l *labelLayout) placeAll(labels []string, label []bool, reach []vg.Length) ([]placement, bool) {
	var order []int
	crowd := make([]int, len(l.pts))
	for i := range l.pts {
		if !label[i] {
			continue
		}
		order = append(order, i)
		for j := range l.pts {
			if j != i && label[j] && dist(l.pts[i], l.pts[j]) < 40 {
				crowd[i]++
			}
		}
	}
	slices.SortStableFunc(order, func(a, b int) int { return crowd[b] - crowd[a] })
	var pls []placement
	clean := true
	for _, i := range order {
		pl, cost := l.place(labelStyle, labels[i], i, reach[i])
		pls = append(pls, pl)
		clean = clean && cost < clash
	}
	return pls, clean
}

// rectDist is the distance from p to the nearest point of r.
func rectDist(p vg.Point, r vg.Rectangle) vg.Length {
	dx := max(r.Min.X-p.X, 0, p.X-r.Max.X)
	dy := max(r.Min.Y-p.Y, 0, p.Y-r.Max.Y)
	return vg.Length(math.Hypot(float64(dx), float64(dy)))
}

// clash is the least penalty of a label that clashes with something: a
// spot that costs less is free.
const clash = 300

// penalty is what is wrong with a placement of node i's label: most for
// covering a marker or another label, or for sitting next to another
// node (without a leader line, where it could be taken for that node's;
// with one, nearer than its own would be); less for lying across a line
// or for a leader line that crosses a marker or label; least for a leader
// line crossing a line. Labels must stay within the bounds.
func (l *labelLayout) penalty(i int, pl placement) float64 {
	const pad = 1.5
	r := grow(pl.rect, pad)
	if !inside(pl.rect, l.bounds) {
		return 1e6
	}
	p := 0.0
	for _, o := range l.rects {
		if overlapsRect(r, []vg.Rectangle{o}) {
			p += 1000
		}
	}
	for _, s := range l.segs {
		if segRect(s[0], s[1], r) {
			p += 400
		}
	}
	own := rectDist(l.pts[i], pl.rect)
	near := own + 2
	if pl.leader {
		near = 8
	}
	for _, j := range l.nodes {
		if j != i && rectDist(l.pts[j], pl.rect) < near {
			p += 1000
		}
	}
	if pl.leader {
		for _, o := range l.rects {
			// The leader starts inside its own node's box.
			if segRect(pl.from, pl.to, shrink(o, 0.5)) && !segRect(pl.from, pl.from, o) {
				p += 600
			}
		}
		for _, s := range l.segs {
			if segSeg(pl.from, pl.to, s[0], s[1]) {
				p += clash
			}
		}
	}
	return p
}

func shrink(r vg.Rectangle, d vg.Length) vg.Rectangle {
	return vg.Rectangle{Min: vg.Point{X: r.Min.X + d, Y: r.Min.Y + d}, Max: vg.Point{X: r.Max.X - d, Y: r.Max.Y - d}}
}

func inside(r, b vg.Rectangle) bool {
	return r.Min.X >= b.Min.X && r.Max.X <= b.Max.X && r.Min.Y >= b.Min.Y && r.Max.Y <= b.Max.Y
}

// segRect reports whether the segment a-b meets rectangle r.
func segRect(a, b vg.Point, r vg.Rectangle) bool {
	in := func(p vg.Point) bool { return p.X >= r.Min.X && p.X <= r.Max.X && p.Y >= r.Min.Y && p.Y <= r.Max.Y }
	if in(a) || in(b) {
		return true
	}
	c := [4]vg.Point{r.Min, {X: r.Max.X, Y: r.Min.Y}, r.Max, {X: r.Min.X, Y: r.Max.Y}}
	for i := range 4 {
		if segSeg(a, b, c[i], c[(i+1)%4]) {
			return true
		}
	}
	return false
}

// segSeg reports whether segments a-b and c-d cross.
func segSeg(a, b, c, d vg.Point) bool {
	cross := func(o, p, q vg.Point) float64 {
		return float64((p.X-o.X)*(q.Y-o.Y) - (p.Y-o.Y)*(q.X-o.X))
	}
	d1, d2 := cross(c, d, a), cross(c, d, b)
	d3, d4 := cross(a, b, c), cross(a, b, d)
	return (d1 > 0) != (d2 > 0) && (d3 > 0) != (d4 > 0) && d1 != 0 && d2 != 0 && d3 != 0 && d4 != 0
}
