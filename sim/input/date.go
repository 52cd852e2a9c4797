package input

import (
	"fmt"
	"time"
)

// DateLayout is the form of dates in input files: ISO 8601 calendar dates.
const DateLayout = "2006-01-02"

// Date is a calendar day, at midnight UTC, written YYYY-MM-DD in files.
// The zero Date means "not set".
type Date struct{ time.Time }

// DateOf returns the date year-month-day.
func DateOf(year int, month time.Month, day int) Date {
	return Date{time.Date(year, month, day, 0, 0, 0, 0, time.UTC)}
}

// MinYear and MaxYear bound the years of dates in input files: far
// around any date a study of a waterway needs, and far inside the range
// of every format results are written in.
const (
	MinYear = 1900
	MaxYear = 2199
)

// ParseDate parses YYYY-MM-DD, a date from MinYear to MaxYear.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(DateLayout, s)
	if err != nil {
		return Date{}, fmt.Errorf("expected a date as YYYY-MM-DD, got %s", Quote(s))
	}
	if y := t.Year(); y < MinYear || y > MaxYear {
		return Date{}, fmt.Errorf("date %s out of range: expected a year from %d to %d", s, MinYear, MaxYear)
	}
	return Date{t}, nil
}

// UnmarshalText parses YYYY-MM-DD.
func (d *Date) UnmarshalText(b []byte) error {
	p, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = p
	return nil
}

// MarshalText formats the date as YYYY-MM-DD.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// String formats the date as YYYY-MM-DD, or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.Format(DateLayout)
}

// MarshalYAML writes the date as a plain YYYY-MM-DD scalar (unquoted, as
// people write dates in input files), or "" for the zero Date.
func (d Date) MarshalYAML() ([]byte, error) {
	if d.IsZero() {
		return []byte(`""`), nil
	}
	return []byte(d.String()), nil
}

// MarshalDate writes a time.Time field of an input file: YYYY-MM-DD, or
// "" for the zero time. It is a yaml.CustomMarshaler for the writers of
// input files.
func MarshalDate(t time.Time) ([]byte, error) { return Date{t}.MarshalYAML() }
