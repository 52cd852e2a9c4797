package sim

import (
	"math"
	"time"

	"github.com/canalsim/canalsim/sim/network"
)

// lakeState is the summit lake's water balance during a run (see
// network.LakeSpec). Levels are in feet, volumes in cubic metres, lockage
// water in millions of US gallons.
type lakeState struct {
	spec  *network.LakeSpec
	level float64
	drawn float64 // million gallons drawn by lockages today
}

// cubicMetresPerMgal converts lockage water (million US gallons).
const cubicMetresPerMgal = 3785.411784

func newLakeState(nd *network.Node) lakeState {
	if nd == nil {
		return lakeState{}
	}
	return lakeState{spec: nd.Lake, level: nd.Lake.LevelFt}
}

// lakeDraw takes lockage water from the summit lake.
func (m *model) lakeDraw(mgal float64) { m.lake.drawn += mgal }

// endDay closes the water balance of a day in month, with the inflow
// multiplied by factor, and returns the new level.
func (l *lakeState) endDay(month time.Month, factor float64) float64 {
	if l.spec == nil {
		return 0
	}
	sp := l.spec
	days := float64(daysIn(month))
	inflow := sp.InflowMcmPerYear * 1e6 * sp.InflowMonthlyShare[month-1] / days * factor
	out := sp.OtherUsesMcmPerDay*1e6 + l.drawn*cubicMetresPerMgal
	l.level += (inflow - out) / (sp.AreaKm2 * 1e6) * feetPerMetre
	l.level = math.Max(sp.MinLevelFt, math.Min(sp.MaxLevelFt, l.level))
	l.drawn = 0
	return l.level
}

// daysIn returns the days of a month in a common year (the lake's
// monthly inflow is spread evenly over them; 29 February gets February's
// daily rate too).
func daysIn(m time.Month) int {
	switch m {
	case time.February:
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}
