package kernel

import (
	"fmt"
	"time"
)

// Time is simulated time in integer ticks of one microsecond since the
// simulation's epoch. Integer ticks make every run exact and identical on
// every platform; an int64 of microseconds spans about 292,000 years.
type Time int64

// Durations in ticks.
const (
	Microsecond Time = 1
	Millisecond      = 1000 * Microsecond
	Second           = 1000 * Millisecond
	Minute           = 60 * Second
	Hour             = 60 * Minute
	Day              = 24 * Hour
)

// Never is a time later than any event; Run(ctx, Never) runs until the
// calendar is empty.
const Never Time = 1<<63 - 1

// Hours returns t as a floating-point number of hours.
func (t Time) Hours() float64 { return float64(t) / float64(Hour) }

// Seconds returns t as a floating-point number of seconds.
func (t Time) Seconds() float64 { return float64(t) / float64(Second) }

// Duration converts t to a time.Duration (nanoseconds). It saturates
// rather than overflows for spans beyond about 292 years.
func (t Time) Duration() time.Duration {
	const max = Time(1<<63-1) / 1000
	switch {
	case t > max:
		return time.Duration(1<<63 - 1)
	case t < -max:
		return time.Duration(-1 << 63)
	}
	return time.Duration(t) * time.Microsecond
}

// String formats t as a duration, for example "26h30m0s".
func (t Time) String() string { return t.Duration().String() }

// FromDuration converts a time.Duration to ticks, truncating below a
// microsecond.
func FromDuration(d time.Duration) Time { return Time(d / time.Microsecond) }

// FromHours converts a number of hours to ticks, rounded to the nearest
// tick.
func FromHours(h float64) Time { return Time(h*float64(Hour) + 0.5) }

// FromSeconds converts a number of seconds to ticks, rounded to the nearest
// tick. Negative and non-finite inputs are the caller's error; they are not
// checked here because this sits on hot paths.
func FromSeconds(s float64) Time { return Time(s*float64(Second) + 0.5) }

// Clock maps simulated time to calendar dates. Its zero value has the
// epoch 0001-01-01 UTC; use NewClock to choose one. A Clock is a value and
// safe for concurrent use.
type Clock struct {
	epoch time.Time
}

// NewClock returns a clock whose tick 0 is epoch (converted to UTC).
func NewClock(epoch time.Time) Clock { return Clock{epoch: epoch.UTC()} }

// Epoch returns the calendar date of tick 0.
func (c Clock) Epoch() time.Time { return c.epoch }

// Date returns the calendar date and time of tick t.
func (c Clock) Date(t Time) time.Time {
	// Whole days first: a time.Duration, and so t.Duration, spans only
	// about 292 years and would saturate. UTC days are all 24 hours long.
	return c.epoch.AddDate(0, 0, int(t/Day)).Add((t % Day).Duration())
}

// Time returns the tick of date d. Dates before the epoch give negative
// ticks; it returns an error when d is too far from the epoch to be
// represented (about 292 years, the range of time.Duration).
func (c Clock) Time(d time.Time) (Time, error) {
	diff := d.Sub(c.epoch)
	if diff == time.Duration(1<<63-1) || diff == time.Duration(-1<<63) {
		return 0, fmt.Errorf("kernel: date %s is too far from epoch %s", d.Format(time.RFC3339), c.epoch.Format(time.RFC3339))
	}
	return FromDuration(diff), nil
}

// Day returns the index of the 24-hour period since the epoch that holds
// tick t: t / Day rounded towards minus infinity, so the day before the
// epoch is -1. With an epoch at midnight these are calendar days.
func (c Clock) Day(t Time) int {
	d := t / Day // rounds towards zero
	if t%Day < 0 {
		d--
	}
	return int(d)
}
