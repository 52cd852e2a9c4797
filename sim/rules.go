package sim

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/canalsim/canalsim/sim/network"
)

// This file holds the rules of a disruption's parameters, and their
// messages, in one place: Scenario.Check applies them to scenarios built
// in Go, and package scenarios to scenario files, so both refuse the same
// values with the same words.

// effectParams lists the parameters of a disruption that only some
// effects take, by their key in a scenario file (the target aside: it
// belongs to the effects that are Targeted).
var effectParams = []struct {
	key     string
	effects []Effect
}{
	{"factor", []Effect{CapacityFactor, ProductivityFactor, RampUp, InflowFactor, DemandShock}},
	{"neopanamax", []Effect{SlotLimit, DraftLimit, SpecialAuction}},
	{"panamax", []Effect{SlotLimit, DraftLimit, SpecialAuction}},
	{"lanes", []Effect{LaneOutage}},
	{"vessels", []Effect{Refusal, DemandShock}},
}

// EffectParams returns the keys of the parameters that only some effects
// take, in a slice of the caller's own.
func EffectParams() []string {
	keys := make([]string, len(effectParams))
	for i, p := range effectParams {
		keys[i] = p.key
	}
	return keys
}

// Takes reports whether the effect takes the parameter key ("factor",
// "neopanamax", "panamax", "lanes" or "vessels"; any other key is taken
// by every effect), and if not, a message saying which effects do.
func (e Effect) Takes(key string) (bool, string) {
	for _, p := range effectParams {
		if p.key != key {
			continue
		}
		if slices.Contains(p.effects, e) {
			return true, ""
		}
		does := "does"
		if len(p.effects) > 1 {
			does = "do"
		}
		return false, fmt.Sprintf("%s takes no %s (only %s %s)", e, key, effectList(p.effects), does)
	}
	return true, ""
}

// Needs says what an effect needs that a disruption leaves out, given
// which of factor and the lock types' values it has, or "".
func (e Effect) Needs(hasFactor, hasNeopanamax, hasPanamax bool) string {
	switch e {
	case SlotLimit, DraftLimit, SpecialAuction:
		if !hasNeopanamax && !hasPanamax {
			unit := "transits a day"
			switch e {
			case DraftLimit:
				unit = "feet"
			case SpecialAuction:
				unit = "slots offered a day"
			}
			return fmt.Sprintf("%s needs neopanamax, panamax or both (%s)", e, unit)
		}
	case CapacityFactor, ProductivityFactor, RampUp, InflowFactor, DemandShock:
		if !hasFactor {
			return fmt.Sprintf("%s needs a factor (%s)", e, factorHints[e])
		}
	}
	return ""
}

// NeedsVessels is the message for a refusal that names no vessels.
const NeedsVessels = "refusal needs vessels: the carriers, flags or segments refused, such as vessels: {flags: [us]}"

// factorHints say what each effect's factor is, for a missing factor.
var factorHints = map[Effect]string{
	CapacityFactor:     "the share of the capacity left, such as 0.5",
	ProductivityFactor: "the multiplier of the working rate, such as 0.8",
	RampUp:             "the starting productivity, from 0 to below 1, such as 0.5",
	InflowFactor:       "the multiplier of the inflow to Gatún Lake, such as 0.7",
	DemandShock:        "the multiplier of the arrivals, such as 0.8 or 1.2",
}

// ValueProblem says what is wrong with the value v of a disruption's
// parameter key for its effect e, or "" when it is valid:
//
//   - probability: greater than 0 and at most 1 (a Disruption's
//     Probability of 0 is one left unset: the disruption is certain);
//   - factor: greater than 0 and at most MaxFactor, or for RampUp, its
//     starting productivity, from 0 to below 1;
//   - neopanamax, panamax: a draft limit from MinDraftLimitFt to
//     MaxDraftLimitFt feet, a slot limit a whole number of transits a day
//     of at least 0, special auction slots a whole number of at least 0
//     a day;
//   - lanes: a whole number of at least 1 (LanesProblem checks it
//     against a lock).
//
// A key the effect does not take is a problem too (Takes).
func ValueProblem(e Effect, key string, v float64) string {
	if ok, msg := e.Takes(key); !ok {
		return msg
	}
	switch key {
	case "probability":
		if !(v > 0 && v <= 1) {
			return fmt.Sprintf("probability must be greater than 0 and at most 1, got %g", v)
		}
	case "factor":
		if e == RampUp {
			if !(v >= 0 && v < 1) {
				return fmt.Sprintf("ramp_up's factor is its starting productivity: from 0 to below 1, got %g", v)
			}
		} else if !(v > 0 && v <= MaxFactor) {
			return fmt.Sprintf("factor must be greater than 0 and at most %d, got %g", MaxFactor, v)
		}
	case "neopanamax", "panamax":
		switch {
		case e == DraftLimit && !(v >= MinDraftLimitFt && v <= MaxDraftLimitFt):
			return fmt.Sprintf("%s draft limit must be from %d to %d ft, got %g", key, MinDraftLimitFt, MaxDraftLimitFt, v)
		case e == SlotLimit && !(v >= 0):
			return fmt.Sprintf("%s slot limit must not be negative, got %g", key, v)
		case e == SlotLimit && v != math.Trunc(v):
			return fmt.Sprintf("%s slot limit must be a whole number of transits a day, got %g", key, v)
		case e == SpecialAuction && !(v >= 0 && v == math.Trunc(v)):
			return fmt.Sprintf("%s special auction slots must be a whole number of at least 0 a day, got %g", key, v)
		}
	case "lanes":
		if !(v >= 1) || v != math.Trunc(v) {
			return fmt.Sprintf("lanes must be a whole number of at least 1, got %g", v)
		}
	}
	return ""
}

// LanesProblem says what is wrong with a lane outage of lanes lanes at
// node nd, or "": a lock has no more lanes to take out than it has.
func LanesProblem(lanes float64, nd *network.Node) string {
	if nd.Lock != nil && lanes > float64(nd.Lock.Lanes) {
		return fmt.Sprintf("lanes %g: %s has %d lane(s)", lanes, nd.ID, nd.Lock.Lanes)
	}
	return ""
}

// effectList writes effects as "a, b and c".
func effectList(effects []Effect) string {
	names := make([]string, len(effects))
	for i, e := range effects {
		names[i] = string(e)
	}
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}
