package input_test

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/canalsim/canalsim/sim/input"
)

// TestReadFile checks that only regular files of bounded size are read,
// and that a named pipe or a device is refused at once instead of
// blocking or reading forever.
func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	small := filepath.Join(dir, "small.yaml")
	if err := os.WriteFile(small, []byte("name: x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	big := filepath.Join(dir, "big.yaml")
	if err := os.WriteFile(big, make([]byte, input.MaxFileBytes+1), 0o644); err != nil {
		t.Fatal(err)
	}
	exact := filepath.Join(dir, "exact.csv")
	if err := os.WriteFile(exact, make([]byte, input.MaxFileBytes), 0o644); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	tests := []struct {
		path    string
		wantErr string // "" for success
	}{
		{small, ""},
		{exact, ""},
		{big, "big.yaml is larger than 16 MiB"},
		{fifo, "fifo is not a regular file"},
		{dir, "is not a regular file"},
		{"/dev/urandom", "/dev/urandom is not a regular file"},
		{"/dev/zero", "/dev/zero is not a regular file"},
		{filepath.Join(dir, "missing"), "no such file"},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.path), func(t *testing.T) {
			start := time.Now()
			data, err := input.ReadFile(tt.path)
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("ReadFile took %v", d)
			}
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("ReadFile: %v", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Errorf("ReadFile = %d bytes, %v; want an error with %q", len(data), err, tt.wantErr)
			}
			if f, err := input.Open(tt.path); err == nil {
				f.Close()
				if tt.wantErr != "" && !strings.Contains(tt.wantErr, "larger") {
					t.Errorf("Open succeeded, want %q", tt.wantErr)
				}
			}
		})
	}
	if _, err := input.ReadFile(filepath.Join(dir, "missing")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("ReadFile of a missing file: %v, want fs.ErrNotExist", err)
	}
}

// TestErrorsBounded checks that a file with a million problems keeps 50
// and counts the rest, and prints 51 lines.
func TestErrorsBounded(t *testing.T) {
	var l input.Errors
	for i := range 1_000_000 {
		l.Add(input.Pos{File: "a.csv", Line: i + 2, Col: 1}, "bad row %d", i)
	}
	l.Add(input.Pos{File: "b.yaml", Line: 1, Col: 1}, "other file")
	if got, want := len(l), input.MaxErrorsPerFile+2; got != want {
		t.Errorf("the list holds %d errors, want %d", got, want)
	}
	if got, want := l.Count(), 1_000_001; got != want {
		t.Errorf("Count() = %d, want %d", got, want)
	}
	lines := strings.Split(l.Err().Error(), "\n")
	if got, want := len(lines), input.MaxErrorsPerFile+2; got != want {
		t.Fatalf("%d lines, want %d", got, want)
	}
	if got, want := lines[input.MaxErrorsPerFile], "a.csv:52:1: 999950 more problems from here on, not shown (a file's first 50 are)"; got != want {
		t.Errorf("summary line %q, want %q", got, want)
	}
	if got, want := lines[len(lines)-1], "b.yaml:1:1: other file"; got != want {
		t.Errorf("last line %q, want %q", got, want)
	}
	// Lists joined by append are bounded when printed.
	var joined input.Errors
	for i := range 120 {
		joined = append(joined, &input.Error{Pos: input.Pos{File: "c.yaml", Line: i + 1, Col: 1}, Msg: "x"})
	}
	lines = strings.Split(joined.Error(), "\n")
	if got, want := len(lines), input.MaxErrorsPerFile+1; got != want {
		t.Errorf("joined list: %d lines, want %d", got, want)
	}
	if got, want := lines[len(lines)-1], "c.yaml:51:1: 70 more problems from here on, not shown (a file's first 50 are)"; got != want {
		t.Errorf("joined list: summary %q, want %q", got, want)
	}
}

func TestQuoteTruncate(t *testing.T) {
	long := strings.Repeat("é", 100)
	if got, want := input.Quote(long), `"`+strings.Repeat("é", input.MaxQuoteRunes)+`"…`; got != want {
		t.Errorf("Quote = %q, want %q", got, want)
	}
	if got, want := input.Quote("seed"), `"seed"`; got != want {
		t.Errorf("Quote = %q, want %q", got, want)
	}
	msg := strings.Repeat("x", 10_000) + "; did you mean \"seed\"?"
	got := (&input.Error{Pos: input.Pos{File: "f", Line: 1, Col: 1}, Msg: msg}).Error()
	if len(got) > input.MaxMessageBytes+20 || !strings.HasSuffix(got, `did you mean "seed"?`) || !strings.Contains(got, " … ") {
		t.Errorf("a long message is %d bytes: %.80q ... %q", len(got), got, got[max(0, len(got)-40):])
	}
}

// TestHostileYAML checks that Decode refuses, quickly and with a position,
// the shapes that make the YAML parser superlinear, and reads a file with
// a byte-order mark.
func TestHostileYAML(t *testing.T) {
	keys := func(n int) string {
		var b strings.Builder
		b.WriteString("name: x\ntags:\n")
		for i := range n {
			fmt.Fprintf(&b, "  k%d: v\n", i)
		}
		return b.String()
	}
	nested := func(n int) string {
		var b strings.Builder
		b.WriteString("name: x\ntags:\n")
		for i := range n {
			b.WriteString(strings.Repeat(" ", 2*i+2) + "k:\n")
		}
		return b.String()
	}
	tests := []struct {
		name string
		in   string
		want string // the first error; "" for none
	}{
		{"deep flow", "name: x\ntags: " + strings.Repeat("[", 40_000), "f.yaml:2:106: collections nest more than 100 deep"},
		{"deep flow mappings", "name: x\ntags: " + strings.Repeat("{a: ", 40_000), "f.yaml:2:"},
		{"deep block", nested(5000), "f.yaml:102:201: collections nest"},
		{"deep dashes", "name: x\nnodes:\n" + strings.Repeat("- ", 1000) + "x\n", "f.yaml:3:"},
		{"many keys", keys(100_000), "f.yaml:1003:3: more than 1000 keys in one mapping"},
		{"many items", "name: x\nnodes:\n" + strings.Repeat("- id: a\n", 99_990), ""},
		{"too many items", "name: x\nnodes:\n" + strings.Repeat("- id: a\n", 100_000), "f.yaml:100001:1: the file has more than 100000 nodes"},
		{"many flow entries", "name: x\ntags: [" + strings.Repeat("1,", 300_000) + "1]\n", "nodes"},
		{"brackets in text", "name: 'x [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[['\n" +
			"skipped: a[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\n" +
			"# [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\n" +
			"tags:\n  a: |\n    [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\n", ""},
		{"byte-order mark", "\ufeffname: x\ncount: 2\n", ""},
		{"byte-order mark, error position", "\ufeffname: x\ncont: 2\n", `f.yaml:2:1: unknown key "cont"; did you mean "count"?`},
		{"long unknown key", "name: x\n" + strings.Repeat("k", 4<<20) + ": 1\n", `f.yaml:2:1: unknown key "kkkk`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var c config
			start := time.Now()
			err := input.Decode("f.yaml", []byte(tt.in), &c)
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("Decode took %v", d)
			}
			if tt.want == "" {
				if err != nil {
					if l := input.AsErrors(err); len(l) > 0 && strings.Contains(l[0].Msg, "skipped") {
						return // the unknown key, as expected
					}
					t.Errorf("Decode: %v", err)
				}
				return
			}
			l := input.AsErrors(err)
			if len(l) == 0 {
				t.Fatalf("Decode = %v, want an error with %q", err, tt.want)
			}
			if got := l[0].Error(); !strings.Contains(got, tt.want) || !l[0].Pos.IsValid() || len(got) > input.MaxMessageBytes+100 {
				t.Errorf("first error %.300q, want one with a position and %q", got, tt.want)
			}
		})
	}
}

func TestSuggestBounded(t *testing.T) {
	long := strings.Repeat("s", 4<<20)
	cands := make([]string, 100_000)
	for i := range cands {
		cands[i] = fmt.Sprintf("candidate-%d", i)
	}
	start := time.Now()
	if got := input.Suggest(long, cands); got != "" {
		t.Errorf("Suggest(4 MB word) = %q, want none", got)
	}
	if got := input.Suggest("candidat-99", cands); got != "candidate-99" {
		t.Errorf("Suggest(candidat-99) = %q", got)
	}
	if got := input.Suggest(strings.Repeat("seed", 17), []string{"seed"}); got != "" {
		t.Errorf("Suggest(a 68-letter word) = %q, want none", got)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("Suggest took %v", d)
	}
}

// TestErrorsOnce: the same problem at the same position, met by several
// paths (a file included twice), is listed once.
func TestErrorsOnce(t *testing.T) {
	var l input.Errors
	for range 26 {
		l.Add(input.Pos{File: "inc15.yaml", Line: 7, Col: 11}, "include %q: includes nest more than %d deep", "inc16.yaml", 16)
	}
	l.Add(input.Pos{File: "inc15.yaml", Line: 8, Col: 11}, "include %q: includes nest more than %d deep", "inc16.yaml", 16)
	if got, want := l.Err().Error(), "inc15.yaml:7:11: include \"inc16.yaml\": includes nest more than 16 deep\ninc15.yaml:8:11: include \"inc16.yaml\": includes nest more than 16 deep"; got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}
