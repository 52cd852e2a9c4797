package sim

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/canalsim/canalsim/sim/kernel"
	"github.com/canalsim/canalsim/sim/network"
)

// slotRig is the one-lock network with 4 Panamax transits a day, 2 of
// them booking slots (at 6:00 and 18:00), and the vessels of trace.
func slotRig(t *testing.T, trace string) *model {
	t.Helper()
	net, dem := oneLock(t)
	net.Operations = &network.Operations{
		DailyTransits:  network.ByLockType{Panamax: 4},
		MaxBookedShare: 0.5,
		Booking:        []network.BookingSlots{{From: time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC), Panamax: 2}},
	}
	tr, err := ReadArrivalsCSV("trace.csv", strings.NewReader(trace))
	if err != nil {
		t.Fatal(err)
	}
	sc := &Scenario{Name: "slots", Network: net, Demand: dem, Rates: handRates(), Start: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC), Days: 3, Seed: 1, Replications: 1, Arrivals: tr}
	if err := sc.Check(); err != nil {
		t.Fatal(err)
	}
	p, err := newPlan(sc)
	if err != nil {
		t.Fatal(err)
	}
	return newModel(p, 0, true)
}

// TestBookingSlots works the booking slots by hand: a booked vessel takes
// the first free slot at or after the time it will be ready, within a
// day; the slots are at 6:00 and 18:00 of each day.
func TestBookingSlots(t *testing.T) {
	m := slotRig(t, "time,origin,destination,length_m,beam_m,draught_m,segment\n250000,west,east,200,30,10,other\n")
	h := kernel.FromHours
	for _, c := range []struct {
		ready, want kernel.Time // want 0: no booking
	}{
		{h(5), h(6)},   // slot 0 of day 0
		{h(5), h(18)},  // slot 1 of day 0
		{h(5), 0},      // day 1's 6:00 is 25 h after it is ready: no booking
		{h(7), h(30)},  // day 1's 6:00, 23 h after
		{h(19), h(42)}, // day 1's 18:00
		{h(19), 0},     // day 2's 6:00 is 35 h after
	} {
		vs := &vessel{booked: true}
		m.book(vs, c.ready)
		if got := map[bool]kernel.Time{true: vs.bookedAt}[vs.booked]; got != c.want {
			t.Errorf("ready at %v: booked for %v (booked %t), want %v", c.ready, vs.bookedAt, vs.booked, c.want)
		}
	}
}

// TestBookingSlotsReleased: four unbooked vessels arrive at 1:00 and no
// booked one comes. The 2 unbooked permits of the day are issued at 0:00
// and 12:00; the booking slots at 6:00 and 18:00, which nobody booked, go
// to the unbooked vessels at their times. All four start on day 0 (the
// vessels reach the lock 11 minutes after they start, one at a time).
func TestBookingSlotsReleased(t *testing.T) {
	trace := "time,origin,destination,length_m,beam_m,draught_m,segment\n"
	for i := range 4 {
		trace += fmt.Sprintf("%d,west,east,200,30,10,other\n", 3600+i)
	}
	m := slotRig(t, trace)
	var starts []string
	m.onTransitStart = func(v *vessel) {
		starts = append(starts, fmt.Sprintf("%c@%v", 'A'+rune(v.serial)-1, v.started))
	}
	if err := m.run(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(starts, " "), "A@1h0m0s B@6h0m0s C@12h0m0s D@18h0m0s"; got != want {
		t.Errorf("transits start %s, want %s", got, want)
	}
}

// TestBookedArriveForTheirSlot: a booked vessel that asks for its transit
// at the anchorage times its arrival to its slot, so it waits there no
// longer than its lead (booked_lead_hours), however far its slot is from
// when it would first have been ready; in a normal month many slots are.
func TestBookedArriveForTheirSlot(t *testing.T) {
	sc := &Scenario{Name: "booked", Start: time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC), Days: 30, WarmupDays: 7, Seed: 3, Replications: 1}
	p, err := newPlan(sc)
	if err != nil {
		t.Fatal(err)
	}
	m := newModel(p, 0, false)
	lead := kernel.FromHours(m.dem.leadHours(1))
	booked := 0
	m.onTransitStart = func(v *vessel) {
		if !v.booked || v.special || !m.streams[v.stream].steps[0].permit {
			return
		}
		booked++
		if v.asked > v.cwtFrom {
			t.Fatalf("vessel %d asked at %v, after it entered at %v", v.serial, v.asked, v.cwtFrom)
		}
		if w := v.started - v.asked; w > lead {
			t.Errorf("booked vessel %d waited %v at the anchorage, more than the lead of %v", v.serial, w, lead)
		}
	}
	m.onArrival = func(v *vessel) {
		if v.booked && m.sim.Now() > 0 && m.streams[v.stream].steps[0].permit && v.bookedAt-m.sim.Now() > lead {
			t.Errorf("vessel %d entered %v before its slot", v.serial, v.bookedAt-m.sim.Now())
		}
	}
	if err := m.run(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d booked vessels started from the anchorage", booked)
	if booked < 500 {
		t.Errorf("%d booked vessels started from the anchorage in a month; the test checks too few", booked)
	}
}

// TestExpectedWait: the wait an unbooked vessel expects when it joins the
// queue (what it weighs against giving up) is a fair forecast of the
// wait it then has, for the vessels that go on to transit, over a year of
// FY2023 traffic: within 35% on average at each lock type.
func TestExpectedWait(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a year")
	}
	dem := *PanamaDemand()
	dem.Changes = nil
	sc := &Scenario{Name: "expect", Demand: &dem, Start: time.Date(2022, 10, 1, 0, 0, 0, 0, time.UTC), Days: 365, WarmupDays: 14, Seed: 2, Replications: 1}
	p, err := newPlan(sc)
	if err != nil {
		t.Fatal(err)
	}
	m := newModel(p, 0, false)
	var n [2]int
	var expected, waited [2]float64
	m.onTransitStart = func(v *vessel) {
		if v.booked || v.special {
			return
		}
		k := typeIndex(m.streams[v.stream].lockType)
		n[k]++
		expected[k] += v.expect
		waited[k] += (v.started - v.asked).Hours() / 24
	}
	if err := m.run(context.Background()); err != nil {
		t.Fatal(err)
	}
	for k, name := range []string{"Neopanamax", "Panamax"} {
		e, w := expected[k]/float64(n[k]), waited[k]/float64(n[k])
		t.Logf("%s: %d unbooked vessels expected %.2f days and waited %.2f", name, n[k], e, w)
		if n[k] < 500 || !(e > 0.65*w && e < 1.35*w) {
			t.Errorf("%s: %d unbooked vessels expected %.2f days on average and waited %.2f; want a forecast within 35%%", name, n[k], e, w)
		}
	}
}
