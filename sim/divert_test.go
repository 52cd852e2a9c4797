package sim

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/canalsim/canalsim/sim/input"
	"github.com/canalsim/canalsim/sim/network"
)

// handRates returns rates in which an unbooked dry bulker on the Panamax
// locks breaks even at 1.2 days of waiting and an LNG carrier at 5:
//
//	dry-bulk: (1 day x ($10,000 + $2,000) + $100,000 - $100,000) / $10,000 = 1.2
//	lng:      (2 days x ($10,000 + $15,000) + $0 - $0) / $10,000 = 5
func handRates() *CostRates {
	rate := func(x float64) Rate { return Rate{Value: x, Ref: "test", Date: input.DateOf(2025, 1, 1).Time} }
	ship := func(seg string, toll, charter, sea, days, alt float64) ShipRates {
		return ShipRates{Segment: seg, LockType: network.Panamax, Toll: rate(toll), Charter: rate(charter),
			FuelAnchor: rate(0), FuelSea: rate(sea), DiversionDays: rate(days), AlternativeToll: rate(alt)}
	}
	other := ship("other", 0, 1, 1, 1, 0)
	otherNeo := other
	otherNeo.LockType = network.Neopanamax
	return &CostRates{Name: "hand", Currency: "USD",
		Ships:    []ShipRates{ship("dry-bulk", 100000, 10000, 2000, 1, 100000), ship("lng", 0, 10000, 15000, 2, 0), other, otherNeo},
		Handling: rate(45), Rail: rate(160)}
}

// traceModel returns the model of one replication of a run of days days
// from 1 January 2030 on net with dem's classes, the rates of handRates
// and the vessels of an arrivals file (trace, its text), not yet run.
func traceModel(t *testing.T, net *network.Network, dem *Demand, trace string, days int) *model {
	t.Helper()
	tr, err := ReadArrivalsCSV("trace.csv", strings.NewReader(trace))
	if err != nil {
		t.Fatal(err)
	}
	sc := &Scenario{Name: "trace", Network: net, Demand: dem, Rates: handRates(), Start: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC), Days: days, Seed: 1, Replications: 1, Arrivals: tr}
	return planModel(t, sc)
}

// planModel returns the model of sc's first replication, baseline, not
// yet run.
func planModel(t *testing.T, sc *Scenario) *model {
	t.Helper()
	p, err := newPlan(sc)
	if err != nil {
		t.Fatal(err)
	}
	return newModel(p, 0, false)
}

func TestBreakEvenWait(t *testing.T) {
	r := handRates()
	for _, c := range []struct {
		seg  string
		want float64
	}{{"dry-bulk", 1.2}, {"lng", 5}, {"tanker", 2}} { // tanker takes other's: (1 x 2 + 0 - 0) / 1
		if got := r.Ship(CostClass{c.seg, network.Panamax}).BreakEvenWaitDays(); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("%s: break-even wait %g days, want %g", c.seg, got, c.want)
		}
	}
	// A class whose other route is cheaper than the canal's toll alone
	// is refused, with the figures.
	bad := handRates()
	bad.Ships[0].AlternativeToll.Value = 0 // 12,000 + 0 - 100,000 < 0
	err := bad.Check()
	if err == nil || !strings.Contains(err.Error(), "dry-bulk/panamax: giving up on the canal must cost more") || !strings.Contains(err.Error(), "$-88000") {
		t.Errorf("Check: %v", err)
	}
}

// TestDivertByCost: six unbooked vessels ask for a lock that lets 2
// transits start a day, its permits issued at 0:00 and 12:00. Each weighs
// the wait it can expect (the vessels queued ahead of it over the day's 2
// permits) against its break-even wait (handRates):
//
//	A dry bulker, 1:00:00  the 0:00 permit is free: transits at once
//	B dry bulker, 1:00:01  0 ahead, 0 days: waits
//	C dry bulker, 1:00:02  1 ahead, 0.5 days: waits
//	D dry bulker, 1:00:03  2 ahead, 1 day: waits (not above 1.2)
//	E dry bulker, 1:00:04  3 ahead, 1.5 days: above 1.2, diverts
//	F LNG carrier, 1:00:05 3 ahead, 1.5 days: below 5, waits
//
// With a fixed diversion_days of 0.7 for dry bulk, which overrides the
// rule, D (1 day) diverts too and F sees 2 ahead.
func TestDivertByCost(t *testing.T) {
	trace := `time,origin,destination,length_m,beam_m,draught_m,segment,name
3600,west,east,200,30,10,dry-bulk,A
3601,west,east,200,30,10,dry-bulk,B
3602,west,east,200,30,10,dry-bulk,C
3603,west,east,200,30,10,dry-bulk,D
3604,west,east,200,30,10,dry-bulk,E
3605,west,east,200,30,10,lng,F
`
	for _, c := range []struct {
		name  string
		fixed map[string]float64
		want  string
	}{
		{"by cost", nil, "E"},
		{"fixed threshold", map[string]float64{"dry-bulk": 0.7}, "D E"},
	} {
		t.Run(c.name, func(t *testing.T) {
			net, dem := oneLock(t)
			net.Operations = &network.Operations{DailyTransits: network.ByLockType{Panamax: 2}}
			dem.DiversionByCost = true
			dem.DiversionDays = c.fixed
			m := traceModel(t, net, dem, trace, 1)
			var diverted []string
			m.onDivert = func(v *vessel) { diverted = append(diverted, string(rune('A'+v.serial-1))) } // arrival numbers count from 1
			if err := m.run(context.Background()); err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(diverted, " "); got != c.want {
				t.Errorf("diverted %q, want %q", got, c.want)
			}
		})
	}
}

// TestAuction: a lock lets 3 transits start a day, one of them sold at
// a daily auction at 0:00 with a reserve price; the others are permits
// for unbooked vessels at 0:00, 8:00 and 16:00. On the first day nobody
// waits at midnight, so the auction slot goes to the unbooked vessels.
// Seven vessels ask at 1:00:00 to 1:00:06 (A to G; G an LNG carrier,
// the others dry bulkers: handRates, $10,000 a day waiting, break-even
// waits 1.2 and 5 days). A takes the 0:00 permit, B the 8:00 one and C
// the 16:00 one; D to G expected waits of 2/3, 1, 4/3 and 5/3 days
// (queued ahead over 3 permits a day). At the second midnight they have
// waited 23 hours less their seconds, about 0.958 days; each bids the
// wait it still expects (at most its break-even) at $10,000 a day:
//
//	D  2/3 - 0.958 < 0: no bid
//	E  1 - 82796/86400 = 0.0417 days: $417
//	F  1.2 - 82795/86400 = 0.24172 days: $2,417.25 (break-even 1.2 < 4/3)
//	G  5/3 - 82794/86400 = 0.70840 days: $7,084.03
//
// G wins and pays the highest losing bid, F's, or the reserve if more.
func TestAuction(t *testing.T) {
	trace := "time,origin,destination,length_m,beam_m,draught_m,segment\n"
	for i := range 7 {
		seg := "dry-bulk"
		if i == 6 {
			seg = "lng"
		}
		trace += fmt.Sprintf("%d,west,east,200,30,10,%s\n", 3600+i, seg)
	}
	fBid := (1.2 - 82795.0/86400) * 10000
	for _, c := range []struct {
		reserve float64
		sold    int
		price   float64
	}{{1000, 1, fBid}, {3000, 1, 3000}, {8000, 0, 0}} {
		t.Run(fmt.Sprint("reserve ", c.reserve), func(t *testing.T) {
			net, dem := oneLock(t)
			net.Operations = &network.Operations{DailyTransits: network.ByLockType{Panamax: 3}, MaxBookedShare: 1, AuctionReserveUSD: c.reserve,
				Booking: []network.BookingSlots{{From: input.DateOf(2030, 1, 1).Time, Panamax: 1, Auction: network.ByLockType{Panamax: 1}}}}
			m := traceModel(t, net, dem, trace, 2)
			var starts []string
			m.onTransitStart = func(v *vessel) {
				starts = append(starts, fmt.Sprintf("%c@%v", 'A'+rune(v.serial)-1, v.started))
			}
			if err := m.run(context.Background()); err != nil {
				t.Fatal(err)
			}
			want := "A@1h0m0s B@8h0m0s C@16h0m0s"
			if c.sold == 1 {
				want += " G@24h0m0s"
			}
			if got := strings.Join(starts[:min(len(starts), 3+c.sold)], " "); got != want {
				t.Errorf("transits start %s, want %s", got, want)
			}
			if d := m.days[0]; d.AuctionSlots != 0 {
				t.Errorf("day 1: %d slots sold with nobody waiting", d.AuctionSlots)
			}
			if d := m.days[1]; d.AuctionSlots != c.sold || math.Abs(d.AuctionUSD-c.price) > 1e-6 {
				t.Errorf("day 2: %d slots sold for $%.4f, want %d for $%.4f", d.AuctionSlots, d.AuctionUSD, c.sold, c.price)
			}
		})
	}
}

// TestBreakEvenPublishedWaits: VLGC owners let their ships wait 16 days
// southbound and 20 northbound in November 2022 [D11] rather than send
// them the other way: their break-even wait, from the embedded rates, is
// at least the longer of those, and not so long that nothing in the
// record would test it (within 50% of it).
func TestBreakEvenPublishedWaits(t *testing.T) {
	lpg := PanamaCosts().Ship(CostClass{"lpg", network.Neopanamax})
	be := lpg.BreakEvenWaitDays()
	t.Logf("VLGC break-even wait %.1f days (diversion $%.0f, waiting $%.0f a day); published waits 16-20 days [D11]", be, lpg.DiversionPerVessel(), lpg.WaitPerDay())
	if be < 20 || be > 30 {
		t.Errorf("VLGC break-even wait %.1f days; want 20-30 (published waits of 16-20 days, Nov 2022 [D11])", be)
	}
}

// TestSpecialAuction: a lock lets 1 transit start a day, a permit for
// unbooked vessels at 0:00. Six LNG carriers (handRates: $10,000 a day
// waiting, break-even 5 days) ask at 1:00:00 to 1:00:05 on day 0, A to
// F: A takes day 0's permit at once, and B to F expect waits of 0 to 4
// days (those queued ahead over 1 permit a day). A special auction offers
// 1 extra slot for the transit date of day 3, held lead_days (1) ahead,
// at the midnight of day 2, to the vessels that will have waited
// min_wait_days (2) by the slot's time. At that midnight B has left (day
// 1's permit) and C, D, E and F have waited 2 days less 1 hour and their
// seconds: 169,200 - i seconds, and by the slot 1 day more. Each bids the
// wait it still expects after the slot, at $10,000 a day:
//
//	C  1 - 2.958 < 0: no bid
//	D  2 - 2.958 < 0: no bid
//	E  3 - (1 + 169196/86400) = 0.041713 days: $417.13
//	F  4 - (1 + 169195/86400) = 1.041725 days: $10,417.25
//
// F wins and pays E's bid, or the reserve if more, and starts at the
// slot's time, 72 h, on top of the day's permit (D's, after F's: the
// slot's event was scheduled first); E then goes on day 4 instead of 5. With min_wait_days 3 nobody qualifies (2.958 days).
func TestSpecialAuction(t *testing.T) {
	trace := "time,origin,destination,length_m,beam_m,draught_m,segment\n"
	for i := range 6 {
		trace += fmt.Sprintf("%d,west,east,200,30,10,lng\n", 3600+i)
	}
	eBid := (3 - (1 + 169196.0/86400)) * 10000
	for _, c := range []struct {
		name             string
		minWait, reserve float64
		sold             int
		price            float64
		want             string
	}{
		{"E's bid", 2, 100, 1, eBid, "A@1h0m0s B@24h0m0s C@48h0m0s F@72h0m0s D@72h0m0s E@96h0m0s"},
		{"the reserve", 2, 5000, 1, 5000, "A@1h0m0s B@24h0m0s C@48h0m0s F@72h0m0s D@72h0m0s E@96h0m0s"},
		{"above every bid", 2, 20000, 0, 0, "A@1h0m0s B@24h0m0s C@48h0m0s D@72h0m0s E@96h0m0s F@120h0m0s"},
		{"nobody waited long enough", 3, 100, 0, 0, "A@1h0m0s B@24h0m0s C@48h0m0s D@72h0m0s E@96h0m0s F@120h0m0s"},
	} {
		t.Run(c.name, func(t *testing.T) {
			net, dem := oneLock(t)
			net.Operations = &network.Operations{DailyTransits: network.ByLockType{Panamax: 1}, MaxBookedShare: 1,
				SpecialAuction: &network.SpecialAuction{MinWaitDays: c.minWait, LeadDays: 1, ReserveUSD: c.reserve}}
			tr, err := ReadArrivalsCSV("trace.csv", strings.NewReader(trace))
			if err != nil {
				t.Fatal(err)
			}
			start := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
			one := 1.0
			sc := &Scenario{Name: "trace", Network: net, Demand: dem, Rates: handRates(), Start: start, Days: 7, Seed: 1, Replications: 1, Arrivals: tr,
				Disruptions: []Disruption{{Effect: SpecialAuction, Panamax: &one, From: start.AddDate(0, 0, 3), Until: start.AddDate(0, 0, 4)}}}
			if err := sc.Check(); err != nil {
				t.Fatal(err)
			}
			p, err := newPlan(sc)
			if err != nil {
				t.Fatal(err)
			}
			m := newModel(p, 0, true)
			var starts []string
			m.onTransitStart = func(v *vessel) {
				starts = append(starts, fmt.Sprintf("%c@%v", 'A'+rune(v.serial)-1, v.started))
			}
			if err := m.run(context.Background()); err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(starts, " "); got != c.want {
				t.Errorf("transits start %s, want %s", got, c.want)
			}
			for k, d := range m.days {
				sold, usd := 0, 0.0
				if k == 2 {
					sold, usd = c.sold, c.price
				}
				if d.SpecialSlots != sold || math.Abs(d.SpecialUSD-usd) > 1e-6 || d.AuctionSlots != 0 {
					t.Errorf("day %d: %d special slots sold for $%.4f (and %d daily), want %d for $%.4f", k, d.SpecialSlots, d.SpecialUSD, d.AuctionSlots, sold, usd)
				}
			}
			if c.sold == 1 {
				// F's wait counts among the unbooked vessels' on day 3,
				// with D's.
				d := m.days[3]
				if want := (2*72*3600.0 - 3605 - 3603) / 86400; d.UnbookedStarts != 2 || math.Abs(d.UnbookedWaitTotalDays-want) > 1e-9 {
					t.Errorf("day 3: %d unbooked starts waiting %.6f days in all, want 2 waiting %.6f", d.UnbookedStarts, d.UnbookedWaitTotalDays, want)
				}
			}
		})
	}
}

// TestSpecialAuctionNeedsRules: a special_auction window on a network
// without the rules of its auctions is refused, by name.
func TestSpecialAuctionNeedsRules(t *testing.T) {
	net, dem := oneLock(t)
	net.Operations = &network.Operations{DailyTransits: network.ByLockType{Panamax: 1}, MaxBookedShare: 1}
	start := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	one := 1.0
	sc := &Scenario{Name: "no-rules", Network: net, Demand: dem, Rates: handRates(), Start: start, Days: 7, Seed: 1, Replications: 1,
		Disruptions: []Disruption{{Effect: SpecialAuction, Panamax: &one, From: start, Until: start.AddDate(0, 0, 4)}}}
	err := sc.Check()
	if err == nil || !strings.Contains(err.Error(), "disruptions[0].effect: special_auction needs the rules of the network's special auctions") {
		t.Errorf("Check: %v", err)
	}
	half := 0.5
	sc.Disruptions[0].Panamax = &half
	net.Operations.SpecialAuction = &network.SpecialAuction{MinWaitDays: 10, LeadDays: 2, ReserveUSD: 55000}
	if err := sc.Check(); err == nil || !strings.Contains(err.Error(), "panamax special auction slots must be a whole number") {
		t.Errorf("Check with half a slot: %v", err)
	}
}
