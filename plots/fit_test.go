package plots

import (
	"strings"
	"testing"
	"time"

	"gonum.org/v1/plot/vg"
)

// TestFit: fit keeps what fits, cuts the rest with an ellipsis at the
// longest prefix that fits, whatever the length of the text, and fits a
// text of a million characters at once (it measures a few prefixes of
// about a line's length, not the whole text character by character).
func TestFit(t *testing.T) {
	sty := sans(10, nil)
	w := 200 * vg.Points(1)
	if got := fit(sty, "short", w); got != "short" {
		t.Errorf("fit(short) = %q", got)
	}
	for _, s := range []string{strings.Repeat("abc def ", 40), strings.Repeat("W", 1000), strings.Repeat("x", 1_000_000)} {
		start := time.Now()
		got := fit(sty, s, w)
		if took := time.Since(start); took > time.Second {
			t.Errorf("fitting %d characters took %v", len(s), took)
		}
		r := []rune(strings.TrimSuffix(got, "…"))
		if !strings.HasSuffix(got, "…") || !strings.HasPrefix(s, string(r)) {
			t.Fatalf("fit of %.20q... = %q: want a prefix and an ellipsis", s, got)
		}
		if sty.Width(got) > w {
			t.Errorf("%q is %v wide, more than %v", got, sty.Width(got), w)
		}
		if longer := string([]rune(s)[:len(r)+1]) + "…"; sty.Width(longer) <= w {
			t.Errorf("%q fits too, one character longer than %q", longer, got)
		}
	}
}
