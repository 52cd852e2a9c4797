package kernel_test

import (
	"math"
	"testing"
	"time"

	"github.com/canalsim/canalsim/sim/kernel"
)

// opening is the day the canal opened, a convenient epoch.
var opening = time.Date(1914, time.August, 15, 0, 0, 0, 0, time.UTC)

func TestClockRoundTrip(t *testing.T) {
	clock := kernel.NewClock(opening)
	tests := []struct {
		name string
		t    kernel.Time
		want time.Time
	}{
		{"epoch", 0, opening},
		{"one tick", 1, opening.Add(time.Microsecond)},
		{"36.5 hours", kernel.FromHours(36.5), time.Date(1914, time.August, 16, 12, 30, 0, 0, time.UTC)},
		{"before the epoch", -kernel.Day - kernel.Second, time.Date(1914, time.August, 13, 23, 59, 59, 0, time.UTC)},
		{"a century later", kernel.Time(36525) * kernel.Day, time.Date(2014, time.August, 15, 0, 0, 0, 0, time.UTC)},
		{"a leap day", 2024*kernel.Day + 7*kernel.Hour, time.Date(1920, time.February, 29, 7, 0, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := clock.Date(tt.t)
			if !got.Equal(tt.want) {
				t.Errorf("Date(%d) = %v, want %v", tt.t, got, tt.want)
			}
			back, err := clock.Time(got)
			if err != nil {
				t.Fatalf("Time(%v): %v", got, err)
			}
			if back != tt.t {
				t.Errorf("Time(Date(%d)) = %d", tt.t, back)
			}
		})
	}
}

// TestClockDateFar checks dates beyond the ±292 years a time.Duration
// spans, which Date once saturated silently.
func TestClockDateFar(t *testing.T) {
	clock := kernel.NewClock(opening)
	got := clock.Date(365_243 * kernel.Day)
	if want := time.Date(2914, time.August, 15, 0, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("Date(1000 years) = %v, want %v", got, want)
	}
	if _, err := clock.Time(time.Date(2300, 1, 1, 0, 0, 0, 0, time.UTC)); err == nil {
		t.Error("Time of a date 385 years after the epoch: no error")
	}
}

func TestClockEpoch(t *testing.T) {
	local := time.Date(1914, time.August, 14, 19, 0, 0, 0, time.FixedZone("EST", -5*3600))
	if got := kernel.NewClock(local).Epoch(); !got.Equal(opening) || got.Location() != time.UTC {
		t.Errorf("Epoch = %v, want %v in UTC", got, opening)
	}
	if got := (kernel.Clock{}).Epoch(); !got.Equal(time.Time{}) {
		t.Errorf("zero Clock epoch = %v, want %v", got, time.Time{})
	}
}

func TestClockDay(t *testing.T) {
	var clock kernel.Clock
	tests := []struct {
		t    kernel.Time
		want int
	}{
		{0, 0},
		{kernel.Day - 1, 0},
		{kernel.Day, 1},
		{36*kernel.Hour + 1, 1},
		{-1, -1},
		{-kernel.Day, -1},
		{-kernel.Day - 1, -2},
		{kernel.Never, int(kernel.Never / kernel.Day)},
		{math.MinInt64, int(math.MinInt64/kernel.Day) - 1},
	}
	for _, tt := range tests {
		if got := clock.Day(tt.t); got != tt.want {
			t.Errorf("Day(%d) = %d, want %d", tt.t, got, tt.want)
		}
	}
}

func TestFromConversions(t *testing.T) {
	tests := []struct {
		name string
		got  kernel.Time
		want kernel.Time
	}{
		{"FromHours(1)", kernel.FromHours(1), kernel.Hour},
		{"FromHours(1.5)", kernel.FromHours(1.5), 90 * kernel.Minute},
		{"FromHours(0)", kernel.FromHours(0), 0},
		{"FromSeconds(1)", kernel.FromSeconds(1), kernel.Second},
		{"FromSeconds(2.5e-6) rounds half up", kernel.FromSeconds(2.5e-6), 3},
		{"FromSeconds(1.4e-6) rounds down", kernel.FromSeconds(1.4e-6), 1},
		{"FromSeconds(1.6e-6) rounds up", kernel.FromSeconds(1.6e-6), 2},
		{"FromSeconds(0.4e-6)", kernel.FromSeconds(0.4e-6), 0},
		{"FromHours(1e-10) rounds to 0", kernel.FromHours(1e-10), 0},
		{"FromDuration(1500ns) truncates", kernel.FromDuration(1500 * time.Nanosecond), 1},
		{"FromDuration(90m)", kernel.FromDuration(90 * time.Minute), 90 * kernel.Minute},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s = %d, want %d", tt.name, tt.got, tt.want)
		}
	}
}

func TestTimeUnits(t *testing.T) {
	tests := []struct {
		name      string
		got, want float64
	}{
		{"Hour.Hours", kernel.Hour.Hours(), 1},
		{"90 minutes in hours", (90 * kernel.Minute).Hours(), 1.5},
		{"Day.Seconds", kernel.Day.Seconds(), 86400},
		{"a tick in seconds", kernel.Microsecond.Seconds(), 1e-6},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s = %v, want %v", tt.name, tt.got, tt.want)
		}
	}
}

func TestDuration(t *testing.T) {
	tests := []struct {
		t    kernel.Time
		want time.Duration
		str  string
	}{
		{0, 0, "0s"},
		{26*kernel.Hour + 30*kernel.Minute, 26*time.Hour + 30*time.Minute, "26h30m0s"},
		{-kernel.Second, -time.Second, "-1s"},
		{kernel.Never, math.MaxInt64, time.Duration(math.MaxInt64).String()}, // saturates
		{math.MinInt64, math.MinInt64, time.Duration(math.MinInt64).String()},
	}
	for _, tt := range tests {
		if got := tt.t.Duration(); got != tt.want {
			t.Errorf("Time(%d).Duration() = %v, want %v", tt.t, got, tt.want)
		}
		if got := tt.t.String(); got != tt.str {
			t.Errorf("Time(%d).String() = %q, want %q", tt.t, got, tt.str)
		}
	}
}
