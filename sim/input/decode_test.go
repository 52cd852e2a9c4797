package input_test

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/canalsim/canalsim/sim/input"
)

// berth is a nested test type: a mapping with a required key.
type berth struct {
	ID     string  `yaml:"id,required"`
	Depth  float64 `yaml:"depth"`
	Source input.Fields
}

// config is the test type Decode fills: one field of every supported kind.
type config struct {
	Name    string            `yaml:"name,required"`
	Count   int               `yaml:"count"`
	Small   int8              `yaml:"small"`
	Berths  uint              `yaml:"berths"`
	Speed   float64           `yaml:"speed"`
	Ratio   float32           `yaml:"ratio"`
	Open    bool              `yaml:"open"`
	Start   input.Date        `yaml:"start"`
	Home    berth             `yaml:"home"`
	Spare   *berth            `yaml:"spare"`
	Nodes   []berth           `yaml:"nodes"`
	Tags    map[string]string `yaml:"tags"`
	Skipped string            `yaml:"-"`
	Source  input.Fields
}

// decodeErrorTests are inputs that Decode rejects, with every message it
// must report, in order. They also seed FuzzDecode.
var decodeErrorTests = []struct {
	name string
	in   string
	want []string
}{
	// Keys.
	{
		name: "unknown key with suggestion",
		in:   "name: a\ncont: 1\n",
		want: []string{`f.yaml:2:1: unknown key "cont"; did you mean "count"?`},
	},
	{
		name: "unknown key in nested mapping with suggestion",
		in:   "name: a\nhome:\n  id: x\n  dept: 3\n",
		want: []string{`f.yaml:4:3: unknown key "dept" in home; did you mean "depth"?`},
	},
	{
		name: "unknown key without suggestion",
		in:   "name: a\nzzzzzz: 1\n",
		want: []string{`f.yaml:2:1: unknown key "zzzzzz"; expected one of: name, count, small, berths, speed, ratio, open, start, home, spare, nodes, tags`},
	},
	{
		name: "skipped field is an unknown key",
		in:   "name: a\nskipped: x\n",
		want: []string{`f.yaml:2:1: unknown key "skipped"; did you mean "speed"?`},
	},
	{
		name: "quoted unknown key",
		in:   "name: a\n\"nme\": 1\n",
		want: []string{`f.yaml:2:1: unknown key "nme"; did you mean "name"?`},
	},
	{
		name: "missing required key at top",
		in:   "count: 1\n",
		want: []string{`f.yaml:1:1: missing key "name"`},
	},
	{
		name: "missing required key in block mapping",
		in:   "name: a\nhome:\n  depth: 3\n",
		want: []string{`f.yaml:3:3: home: missing key "id"`},
	},
	{
		name: "missing required key in flow mapping",
		in:   "name: a\nhome: {depth: 3}\n",
		want: []string{`f.yaml:2:8: home: missing key "id"`},
	},
	{
		name: "missing required key in empty mapping",
		in:   "name: a\nspare: {}\n",
		want: []string{`f.yaml:2:8: spare: missing key "id"`},
	},
	{
		name: "missing required key in list element",
		in:   "name: a\nnodes:\n  - id: x\n  - depth: 2\n",
		want: []string{`f.yaml:4:5: nodes[1]: missing key "id"`},
	},
	{
		name: "complex key",
		in:   "? name\n: a\n",
		want: []string{
			`f.yaml:1:1: complex mapping keys (?) are not supported here`,
			`f.yaml:1:1: missing key "name"`,
		},
	},

	// Types.
	{
		name: "text for a whole number",
		in:   "name: a\ncount: x\n",
		want: []string{`f.yaml:2:8: count: expected a whole number, got text`},
	},
	{
		name: "fraction for a whole number",
		in:   "name: a\ncount: 1.5\n",
		want: []string{`f.yaml:2:8: count: expected a whole number, got the number 1.5`},
	},
	{
		name: "float with zero fraction for a whole number",
		in:   "name: a\ncount: 1.0\n",
		want: []string{`f.yaml:2:8: count: expected a whole number, got the number 1.0`},
	},
	{
		name: "exponent for a whole number",
		in:   "name: a\ncount: 1e3\n",
		want: []string{`f.yaml:2:8: count: expected a whole number, got the number 1e3`},
	},
	{
		name: "quoted number for a number",
		in:   "name: a\nspeed: \"12\"\n",
		want: []string{`f.yaml:2:8: speed: expected a number, got text`},
	},
	{
		name: "number for text",
		in:   "name: 1\n",
		want: []string{`f.yaml:1:7: name: expected text, got the number 1`},
	},
	{
		name: "yes for a boolean",
		in:   "name: a\nopen: yes\n",
		want: []string{`f.yaml:2:7: open: expected true or false, got text`},
	},
	{
		name: "number for a boolean",
		in:   "name: a\nopen: 1\n",
		want: []string{`f.yaml:2:7: open: expected true or false, got the number 1`},
	},
	{
		name: "list for a mapping",
		in:   "name: a\nhome: [1]\n",
		want: []string{`f.yaml:2:7: home: expected a mapping, got a list`},
	},
	{
		name: "text for a mapping",
		in:   "name: a\nhome: x\n",
		want: []string{`f.yaml:2:7: home: expected a mapping, got text`},
	},
	{
		name: "mapping for a list",
		in:   "name: a\nnodes: {id: x}\n",
		want: []string{`f.yaml:2:8: nodes: expected a list, got a mapping`},
	},
	{
		name: "block mapping for a list",
		in:   "name: a\nnodes:\n  id: x\n",
		want: []string{`f.yaml:3:3: nodes: expected a list, got a mapping`},
	},
	{
		name: "list for a number",
		in:   "name: a\nhome:\n  id: x\n  depth: [1]\n",
		want: []string{`f.yaml:4:10: home.depth: expected a number, got a list`},
	},
	{
		name: "list for map value",
		in:   "name: a\ntags: {a: [1]}\n",
		want: []string{`f.yaml:2:11: tags.a: expected text, got a list`},
	},
	{
		name: "mapping for a date",
		in:   "name: a\nstart: {y: 2025}\n",
		want: []string{`f.yaml:2:8: start: expected text, got a mapping`},
	},
	{
		name: "top level list",
		in:   "- name: a\n",
		want: []string{`f.yaml:1:1: expected a mapping, got a list`},
	},
	{
		name: "top level text",
		in:   "hello\n",
		want: []string{`f.yaml:1:1: expected a mapping, got text`},
	},

	// Numbers in other forms than decimal, which YAML readers disagree on.
	{
		name: "hexadecimal, octal, underscores and a leading zero",
		in:   "name: a\ncount: 0x10\nsmall: 0o7\nratio: 1_000.5\nberths: 010\n",
		want: []string{
			`f.yaml:2:8: count: write numbers in decimal, such as 16 or 0.5: "0x10" is in a form YAML readers disagree on`,
			`f.yaml:3:8: small: write numbers in decimal, such as 16 or 0.5: "0o7" is in a form YAML readers disagree on`,
			`f.yaml:4:8: ratio: write numbers in decimal, such as 16 or 0.5: "1_000.5" is in a form YAML readers disagree on`,
			`f.yaml:5:9: berths: write numbers in decimal, such as 16 or 0.5: "010" is in a form YAML readers disagree on`,
		},
	},

	// Ranges.
	{
		name: "int8 out of range",
		in:   "name: a\nsmall: 300\n",
		want: []string{`f.yaml:2:8: small: 300 is out of range`},
	},
	{
		name: "int beyond 64 bits",
		in:   "name: a\ncount: 99999999999999999999\n",
		want: []string{`f.yaml:2:8: count: 99999999999999999999 is out of range`},
	},
	{
		name: "negative for uint",
		in:   "name: a\nberths: -1\n",
		want: []string{`f.yaml:2:9: berths: -1 is out of range; expected a whole number from 0`},
	},
	{
		name: "uint beyond 64 bits",
		in:   "name: a\nberths: 18446744073709551616\n",
		want: []string{`f.yaml:2:9: berths: 18446744073709551616 is out of range; expected a whole number from 0`},
	},
	{
		name: "inf for float",
		in:   "name: a\nspeed: .inf\n",
		want: []string{`f.yaml:2:8: speed: expected a finite number, got .inf`},
	},
	{
		name: "negative inf for float",
		in:   "name: a\nspeed: -.Inf\n",
		want: []string{`f.yaml:2:8: speed: expected a finite number, got -.Inf`},
	},
	{
		name: "nan for float",
		in:   "name: a\nspeed: .nan\n",
		want: []string{`f.yaml:2:8: speed: expected a finite number, got .nan`},
	},
	{
		name: "float64 overflow",
		in:   "name: a\nspeed: 1e400\n",
		want: []string{`f.yaml:2:8: speed: 1e400 is out of range`},
	},
	{
		name: "float32 overflow",
		in:   "name: a\nratio: 1.5e300\n",
		want: []string{`f.yaml:2:8: ratio: 1.5e300 is out of range`},
	},

	// Dates.
	{
		name: "bad month",
		in:   "name: a\nstart: 2025-13-01\n",
		want: []string{`f.yaml:2:8: start: expected a date as YYYY-MM-DD, got "2025-13-01"`},
	},
	{
		name: "date in words",
		in:   "name: a\nstart: tomorrow\n",
		want: []string{`f.yaml:2:8: start: expected a date as YYYY-MM-DD, got "tomorrow"`},
	},
	{
		name: "date as a number",
		in:   "name: a\nstart: 2025\n",
		want: []string{`f.yaml:2:8: start: expected a date as YYYY-MM-DD, got "2025"`},
	},
	{
		name: "date with time",
		in:   "name: a\nstart: 2025-06-01T10:00:00Z\n",
		want: []string{`f.yaml:2:8: start: expected a date as YYYY-MM-DD, got "2025-06-01T10:00:00Z"`},
	},

	// Syntax.
	{
		name: "unclosed flow sequence",
		in:   "name: a\nnodes: [1, 2\n",
		want: []string{`f.yaml:2:8: invalid YAML: sequence end token ']' not found`},
	},
	{
		name: "bad indentation at top",
		in:   "name: a\n  count: 1\n",
		want: []string{`f.yaml:1:7: invalid YAML: mapping value is not allowed in this context`},
	},
	{
		name: "bad indentation in nested mapping",
		in:   "name: a\nhome:\n  id: b\n    depth: 1\n",
		want: []string{`f.yaml:3:7: invalid YAML: mapping value is not allowed in this context`},
	},
	{
		name: "tab indentation",
		in:   "name: a\n\tcount: 1\n",
		want: []string{"f.yaml:2:1: invalid YAML: found character '\t' that cannot start any token"},
	},
	{
		name: "tab before first key",
		in:   "\tname: a\n",
		want: []string{`f.yaml:1:5: invalid YAML: tab character cannot use as a map key directly`},
	},
	{
		name: "duplicate key",
		in:   "name: a\ncount: 1\nname: b\n",
		want: []string{`f.yaml:3:1: invalid YAML: mapping key "name" already defined at [1:1]`},
	},
	{
		name: "duplicate key in nested mapping",
		in:   "name: a\nhome:\n  id: x\n  id: y\n",
		want: []string{`f.yaml:4:3: invalid YAML: mapping key "id" already defined at [3:3]`},
	},
	{
		name: "missing key before colon",
		in:   ": 1\n",
		want: []string{`f.yaml:1:1: invalid YAML: unexpected key name`},
	},

	// YAML features the format does not use.
	{
		name: "anchor",
		in:   "name: &n a\n",
		want: []string{`f.yaml:1:7: YAML anchors and aliases are not supported here; write the value out (or use include)`},
	},
	{
		name: "anchor and alias",
		in:   "name: a\nhome: &h {id: x}\nspare: *h\n",
		want: []string{
			`f.yaml:2:7: YAML anchors and aliases are not supported here; write the value out (or use include)`,
			`f.yaml:3:8: YAML anchors and aliases are not supported here; write the value out (or use include)`,
		},
	},
	{
		name: "merge key",
		in:   "name: a\n<<: {count: 1}\n",
		want: []string{`f.yaml:2:1: YAML merge keys (<<) are not supported here`},
	},
	{
		name: "merge key in nested mapping",
		in:   "name: a\nhome:\n  <<: {id: x}\n",
		want: []string{
			`f.yaml:3:3: YAML merge keys (<<) are not supported here`,
			`f.yaml:3:3: home: missing key "id"`,
		},
	},
	{
		name: "standard tag",
		in:   "name: !!str a\n",
		want: []string{`f.yaml:1:7: YAML tags are not supported here; remove !!str`},
	},
	{
		name: "local tag",
		in:   "name: a\nhome: !berth {id: x}\n",
		want: []string{`f.yaml:2:7: YAML tags are not supported here; remove !berth`},
	},

	// Documents.
	{
		name: "two documents",
		in:   "name: a\n---\nname: b\n",
		want: []string{`f.yaml:2:1: several YAML documents in one file; expected one`},
	},
	{
		name: "two documents after end marker",
		in:   "name: a\n...\nname: b\n",
		want: []string{`f.yaml:3:1: several YAML documents in one file; expected one`},
	},
	{
		name: "trailing document marker",
		in:   "name: a\n---\n",
		want: []string{`f.yaml:2:1: several YAML documents in one file; expected one`},
	},
	{
		name: "empty file",
		in:   "",
		want: []string{`f.yaml:1:1: the file is empty; expected a mapping of keys`},
	},
	{
		name: "only comments",
		in:   "# nothing here\n# nor here\n",
		want: []string{`f.yaml:1:1: the file is empty; expected a mapping of keys`},
	},
	{
		name: "only a document marker",
		in:   "---\n",
		want: []string{`f.yaml:1:1: the file is empty; expected a mapping of keys`},
	},
	{
		name: "only null",
		in:   "~\n",
		want: []string{`f.yaml:1:1: the file is empty; expected a mapping of keys`},
	},

	// Several problems at once, reported in file order.
	{
		name: "several errors sorted by position",
		in: `zz: 1
count: x
home:
  depth: .nan
nodes:
  - id: a
    dept: 2
  - {}
small: 1000
start: 2025-02-30
`,
		want: []string{
			`f.yaml:1:1: unknown key "zz"; expected one of: name, count, small, berths, speed, ratio, open, start, home, spare, nodes, tags`,
			`f.yaml:1:1: missing key "name"`,
			`f.yaml:2:8: count: expected a whole number, got text`,
			`f.yaml:4:3: home: missing key "id"`,
			`f.yaml:4:10: home.depth: expected a finite number, got .nan`,
			`f.yaml:7:5: unknown key "dept" in nodes[0]; did you mean "depth"?`,
			`f.yaml:8:5: nodes[1]: missing key "id"`,
			`f.yaml:9:8: small: 1000 is out of range`,
			`f.yaml:10:8: start: expected a date as YYYY-MM-DD, got "2025-02-30"`,
		},
	},
	{
		name: "several errors in JSON",
		in:   `{"name": 1, "count": "x", "home": {"id": "h", "depth": true}}`,
		want: []string{
			`f.yaml:1:10: name: expected text, got the number 1`,
			`f.yaml:1:22: count: expected a whole number, got text`,
			`f.yaml:1:56: home.depth: expected a number, got the boolean true`,
		},
	},
}

func TestDecodeErrors(t *testing.T) {
	for _, tt := range decodeErrorTests {
		t.Run(tt.name, func(t *testing.T) {
			var c config
			err := input.Decode("f.yaml", []byte(tt.in), &c)
			if err == nil {
				t.Fatalf("Decode(%q) = nil, want errors:\n%s", tt.in, strings.Join(tt.want, "\n"))
			}
			if got, want := err.Error(), strings.Join(tt.want, "\n"); got != want {
				t.Errorf("Decode(%q) errors:\n%s\nwant:\n%s", tt.in, got, want)
			}
			if got := len(input.AsErrors(err)); got != len(tt.want) {
				t.Errorf("Decode(%q): AsErrors has %d errors, want %d", tt.in, got, len(tt.want))
			}
		})
	}
}

// date is a shorthand for input.DateOf.
func date(y int, m time.Month, d int) input.Date { return input.DateOf(y, m, d) }

// at is a shorthand for a position in f.yaml.
func at(line, col int) input.Pos { return input.Pos{File: "f.yaml", Line: line, Col: col} }

func TestDecode(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want config
	}{
		{
			name: "minimal",
			in:   "name: canal\n",
			want: config{Name: "canal", Source: input.Fields{"": at(1, 1), "name": at(1, 7)}},
		},
		{
			name: "every field in block style",
			in: `# a comment
name: canal
count: -3
small: -128
berths: 18446744073709551615
speed: 7.5
ratio: 2
open: true
start: 2026-02-23
home:
  id: balboa
  depth: 1e3
spare:
  id: psa
nodes:
  - id: a
  - id: b
    depth: 12.5
tags:
  owner: acp
  "quoted key": "quoted value"
`,
			want: config{
				Name:   "canal",
				Count:  -3,
				Small:  -128,
				Berths: 18446744073709551615,
				Speed:  7.5,
				Ratio:  2,
				Open:   true,
				Start:  date(2026, time.February, 23),
				Home:   berth{ID: "balboa", Depth: 1000, Source: input.Fields{"": at(11, 3), "id": at(11, 7), "depth": at(12, 10)}},
				Spare:  &berth{ID: "psa", Source: input.Fields{"": at(14, 3), "id": at(14, 7)}},
				Nodes: []berth{
					{ID: "a", Source: input.Fields{"": at(16, 5), "id": at(16, 9)}},
					{ID: "b", Depth: 12.5, Source: input.Fields{"": at(17, 5), "id": at(17, 9), "depth": at(18, 12)}},
				},
				Tags: map[string]string{"owner": "acp", "quoted key": "quoted value"},
				Source: input.Fields{
					"":         at(2, 1),
					"name":     at(2, 7),
					"count":    at(3, 8),
					"small":    at(4, 8),
					"berths":   at(5, 9),
					"speed":    at(6, 8),
					"ratio":    at(7, 8),
					"open":     at(8, 7),
					"start":    at(9, 8),
					"home":     at(11, 3),
					"spare":    at(14, 3),
					"nodes":    at(16, 3),
					"nodes[0]": at(16, 5),
					"nodes[1]": at(17, 5),
					"tags":     at(20, 3),
				},
			},
		},
		{
			name: "flow style",
			in:   "{name: canal, home: {id: h}, nodes: [{id: a}, {id: b}], tags: {}}\n",
			want: config{
				Name: "canal",
				Home: berth{ID: "h", Source: input.Fields{"": at(1, 22), "id": at(1, 26)}},
				Nodes: []berth{
					{ID: "a", Source: input.Fields{"": at(1, 39), "id": at(1, 43)}},
					{ID: "b", Source: input.Fields{"": at(1, 48), "id": at(1, 52)}},
				},
				Tags: map[string]string{},
				Source: input.Fields{
					"":         at(1, 2),
					"name":     at(1, 8),
					"home":     at(1, 21),
					"nodes":    at(1, 37),
					"nodes[0]": at(1, 38),
					"nodes[1]": at(1, 47),
					"tags":     at(1, 63),
				},
			},
		},
		{
			name: "JSON",
			in: `{
  "name": "canal",
  "count": 3,
  "speed": 1e1,
  "open": false,
  "start": "2025-06-01",
  "nodes": [{"id": "a", "depth": 15.2}]
}`,
			want: config{
				Name:  "canal",
				Count: 3,
				Speed: 10,
				Start: date(2025, time.June, 1),
				Nodes: []berth{{ID: "a", Depth: 15.2, Source: input.Fields{"": at(7, 14), "id": at(7, 20), "depth": at(7, 34)}}},
				Source: input.Fields{
					"":         at(2, 3),
					"name":     at(2, 11),
					"count":    at(3, 12),
					"speed":    at(4, 12),
					"open":     at(5, 11),
					"start":    at(6, 12),
					"nodes":    at(7, 12),
					"nodes[0]": at(7, 13),
				},
			},
		},
		{
			name: "null values leave fields unset",
			in:   "name: canal\nspare: ~\nnodes:\ntags: null\n",
			want: config{
				Name: "canal",
				Source: input.Fields{
					"":      at(1, 1),
					"name":  at(1, 7),
					"spare": at(2, 1),
					"nodes": at(3, 1),
					"tags":  at(4, 1),
				},
			},
		},
		{
			name: "literal block text",
			in:   "name: |\n  two\n  lines\n",
			want: config{Name: "two\nlines\n", Source: input.Fields{"": at(1, 1), "name": at(1, 7)}},
		},
		{
			name: "signed numbers and big integers",
			in:   "name: canal\nberths: +5\nspeed: 99999999999999999999\nratio: -1e3\n",
			want: config{Name: "canal", Berths: 5, Speed: 1e20, Ratio: -1000, Source: input.Fields{
				"": at(1, 1), "name": at(1, 7), "berths": at(2, 9), "speed": at(3, 8), "ratio": at(4, 8),
			}},
		},
		{
			name: "trailing document end marker",
			in:   "name: canal\n...\n",
			want: config{Name: "canal", Source: input.Fields{"": at(1, 1), "name": at(1, 7)}},
		},
		{
			name: "leading document marker",
			in:   "---\nname: canal\n",
			want: config{Name: "canal", Source: input.Fields{"": at(2, 1), "name": at(2, 7)}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got config
			if err := input.Decode("f.yaml", []byte(tt.in), &got); err != nil {
				t.Fatalf("Decode: %v", err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Decode(%q) =\n%+v\nwant\n%+v", tt.in, got, tt.want)
			}
		})
	}
}

// TestDecodeKeepsOtherFields checks that Decode sets only the keys present.
func TestDecodeKeepsOtherFields(t *testing.T) {
	got := config{Count: 7, Skipped: "kept"}
	if err := input.Decode("f.yaml", []byte("name: canal\n"), &got); err != nil {
		t.Fatal(err)
	}
	if got.Count != 7 || got.Skipped != "kept" || got.Name != "canal" {
		t.Errorf("got %+v, want Count 7, Skipped kept and Name canal", got)
	}
}

func TestFields(t *testing.T) {
	f := input.Fields{"": at(1, 1), "name": at(1, 7), "nodes[0]": at(3, 5)}
	tests := []struct {
		key     string
		wantPos input.Pos
		wantHas bool
	}{
		{"name", at(1, 7), true},
		{"nodes[0]", at(3, 5), true},
		{"count", at(1, 1), false}, // absent: the mapping's position
		{"", at(1, 1), false},      // the mapping itself is not a key
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("key %q", tt.key), func(t *testing.T) {
			if got := f.Pos(tt.key); got != tt.wantPos {
				t.Errorf("Pos(%q) = %v, want %v", tt.key, got, tt.wantPos)
			}
			if got := f.Has(tt.key); got != tt.wantHas {
				t.Errorf("Has(%q) = %v, want %v", tt.key, got, tt.wantHas)
			}
		})
	}
	var none input.Fields
	if got := none.Pos("x"); got.IsValid() {
		t.Errorf("nil Fields: Pos = %v, want an unknown position", got)
	}
}

func TestSuggest(t *testing.T) {
	keys := []string{"name", "count", "depth", "speed", "lockage_minutes", "headway_minutes"}
	tests := []struct {
		word string
		want string
	}{
		{"name", "name"},
		{"nme", "name"},
		{"Name", "name"},
		{"cont", "count"},
		{"conut", "count"}, // a swap of adjacent letters is one edit
		{"lockage_mintues", "lockage_minutes"},
		{"dept", "depth"},
		{"lockage_minute", "lockage_minutes"},
		{"headway_mins", "headway_minutes"},
		{"x", ""},
		{"nm", "name"}, // two edits are always allowed
		{"n", ""},
		{"spede", "speed"},
		{"sped", "speed"},
		{"bay", ""},
		{"zzzzzz", ""},
		{"minutes", ""},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.word, func(t *testing.T) {
			if got := input.Suggest(tt.word, keys); got != tt.want {
				t.Errorf("Suggest(%q) = %q, want %q", tt.word, got, tt.want)
			}
		})
	}
	if got := input.Suggest("sede", []string{"speed", "seed"}); got != "seed" {
		t.Errorf("Suggest(sede) = %q, want seed: a swap is one edit", got)
	}
	if got := input.Suggest("name", nil); got != "" {
		t.Errorf("Suggest with no candidates = %q, want \"\"", got)
	}
}

func TestPosString(t *testing.T) {
	tests := []struct {
		name string
		pos  input.Pos
		want string
	}{
		{"full", input.Pos{File: "a.yaml", Line: 3, Col: 7}, "a.yaml:3:7"},
		{"no file", input.Pos{Line: 3, Col: 7}, "3:7"},
		{"file only", input.Pos{File: "a.yaml"}, "a.yaml"},
		{"unknown", input.Pos{}, "-"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.pos.String(); got != tt.want {
				t.Errorf("%#v.String() = %q, want %q", tt.pos, got, tt.want)
			}
			if got, want := tt.pos.IsValid(), tt.pos.Line > 0; got != want {
				t.Errorf("%#v.IsValid() = %v, want %v", tt.pos, got, want)
			}
		})
	}
}

func TestErrorString(t *testing.T) {
	tests := []struct {
		name string
		err  *input.Error
		want string
	}{
		{"with position", &input.Error{Pos: at(2, 3), Msg: "bad"}, "f.yaml:2:3: bad"},
		{"file only", &input.Error{Pos: input.Pos{File: "f.yaml"}, Msg: "bad"}, "f.yaml: bad"},
		{"no position", &input.Error{Msg: "bad"}, "bad"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.err.Error(); got != tt.want {
				t.Errorf("Error() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestErrorsSort(t *testing.T) {
	e := func(file string, line, col int, msg string) *input.Error {
		return &input.Error{Pos: input.Pos{File: file, Line: line, Col: col}, Msg: msg}
	}
	got := input.Errors{
		e("b.yaml", 1, 1, "b1"),
		e("a.yaml", 2, 5, "a25"),
		e("a.yaml", 2, 1, "a21-first"),
		e("a.yaml", 10, 1, "a10"),
		e("a.yaml", 2, 1, "a21-second"),
		e("a.yaml", 1, 9, "a19"),
	}
	got.Sort()
	want := []string{"a19", "a21-first", "a21-second", "a25", "a10", "b1"}
	var msgs []string
	for _, e := range got {
		msgs = append(msgs, e.Msg)
	}
	if !reflect.DeepEqual(msgs, want) {
		t.Errorf("sorted = %v, want %v", msgs, want)
	}
}

func TestErrorsErr(t *testing.T) {
	var empty input.Errors
	if err := empty.Err(); err != nil {
		t.Errorf("empty Errors: Err() = %v, want nil", err)
	}

	var l input.Errors
	l.Add(at(3, 1), "third %d", 3)
	l.Add(at(1, 2), "first")
	err := l.Err()
	if got, want := err.Error(), "f.yaml:1:2: first\nf.yaml:3:1: third 3"; got != want {
		t.Errorf("Err().Error() = %q, want %q", got, want)
	}
	var e *input.Error
	if !errors.As(err, &e) || e.Msg != "first" {
		t.Errorf("errors.As(Err(), *Error) = %v, want the first error", e)
	}
}

func TestAsErrors(t *testing.T) {
	one := &input.Error{Pos: at(1, 1), Msg: "one"}
	list := input.Errors{one, {Pos: at(2, 1), Msg: "two"}}
	tests := []struct {
		name string
		err  error
		want input.Errors
	}{
		{"nil", nil, nil},
		{"plain error", errors.New("plain"), nil},
		{"list", list, list},
		{"wrapped list", fmt.Errorf("loading: %w", list), list},
		{"single error", one, input.Errors{one}},
		{"wrapped single error", fmt.Errorf("loading: %w", one), input.Errors{one}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := input.AsErrors(tt.err); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("AsErrors(%v) = %v, want %v", tt.err, got, tt.want)
			}
		})
	}
}

func TestDate(t *testing.T) {
	tests := []struct {
		in      string
		want    input.Date
		wantErr string
	}{
		{in: "2026-02-23", want: date(2026, time.February, 23)},
		{in: "2024-02-29", want: date(2024, time.February, 29)},
		{in: "2025-02-29", wantErr: `expected a date as YYYY-MM-DD, got "2025-02-29"`},
		{in: "2025-6-1", wantErr: `expected a date as YYYY-MM-DD, got "2025-6-1"`},
		{in: "01/06/2025", wantErr: `expected a date as YYYY-MM-DD, got "01/06/2025"`},
		{in: "", wantErr: `expected a date as YYYY-MM-DD, got ""`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			var got input.Date
			err := got.UnmarshalText([]byte(tt.in))
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("UnmarshalText(%q) error = %v, want %q", tt.in, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("UnmarshalText(%q): %v", tt.in, err)
			}
			if !got.Equal(tt.want.Time) || got.Location() != time.UTC {
				t.Errorf("UnmarshalText(%q) = %v, want %v UTC", tt.in, got.Time, tt.want.Time)
			}
			b, err := got.MarshalText()
			if err != nil || string(b) != tt.in {
				t.Errorf("MarshalText() = %q, %v, want %q", b, err, tt.in)
			}
		})
	}
	if got := (input.Date{}).String(); got != "" {
		t.Errorf("zero Date String() = %q, want \"\"", got)
	}
}

// FuzzDecode checks that Decode never panics and that every error it
// reports carries a position.
func FuzzDecode(f *testing.F) {
	for _, tt := range decodeErrorTests {
		f.Add([]byte(tt.in))
	}
	for _, s := range []string{
		"name: canal\n",
		"name: canal\ncount: 3\nhome: {id: h, depth: 1.5}\nnodes: [{id: a}, {id: b}]\ntags: {k: v}\nstart: 2025-06-01\n",
		`{"name": "canal", "spare": {"id": "s"}, "berths": 4, "open": true}`,
		"name: |\n  text\nspare: ~\n",
		"\ufeffname: x\n",
		"name: x\nnodes: " + strings.Repeat("[", 120) + "\n",
		"name: x\ntags:\n" + strings.Repeat("  k: 'a [\n", 60),
		"name: x\n" + strings.Repeat("bad: 1\n", 60),
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var c config
		err := input.Decode("fuzz.yaml", data, &c)
		if err == nil {
			return
		}
		errs := input.AsErrors(err)
		if len(errs) == 0 {
			t.Fatalf("Decode error is not an input.Errors: %v", err)
		}
		for _, e := range errs {
			if e.Pos.File != "fuzz.yaml" || e.Pos.Line < 1 || e.Pos.Col < 1 {
				t.Errorf("error without a position: %#v (%v)", e.Pos, e)
			}
		}
	})
}

// TestDecodePositions: the positions of every struct decoded, the root,
// a struct behind a pointer, the elements of a list of values and of a
// list of pointers, and a struct field, are found by a pointer to it;
// the types carry no Fields of their own.
func TestDecodePositions(t *testing.T) {
	type gate struct {
		Name string `yaml:"name"`
	}
	type lock struct {
		Lanes int `yaml:"lanes"`
	}
	type port struct {
		Name  string  `yaml:"name"`
		Lock  *lock   `yaml:"lock"`
		Gates []gate  `yaml:"gates"`
		Locks []*lock `yaml:"locks"`
		Inner gate    `yaml:"inner"`
	}
	src := "name: p\nlock: {lanes: 2}\ngates:\n  - {name: a}\n  - {name: b}\nlocks:\n  - {lanes: 3}\ninner: {name: c}\n"
	var p port
	pos, err := input.DecodePositions("p.yaml", []byte(src), &p)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		what string
		got  input.Pos
		line int
		col  int
	}{
		{"name", input.At(pos, &p).Pos("name"), 1, 7},
		{"lock.lanes", input.At(pos, p.Lock).Pos("lanes"), 2, 15},
		{"gates[1].name", input.At(pos, &p.Gates[1]).Pos("name"), 5, 12},
		{"locks[0].lanes", input.At(pos, p.Locks[0]).Pos("lanes"), 7, 13},
		{"inner.name", input.At(pos, &p.Inner).Pos("name"), 8, 15},
	} {
		if want := (input.Pos{File: "p.yaml", Line: c.line, Col: c.col}); c.got != want {
			t.Errorf("%s at %v, want %v", c.what, c.got, want)
		}
	}
	// A copy is not what was decoded: it has no positions.
	g := p.Gates[0]
	if f := input.At(pos, &g); f != nil {
		t.Errorf("a copy has positions %v", f)
	}
	if _, err := input.DecodePositions("p.yaml", []byte("name: [x]\n"), &p); err == nil {
		t.Error("a list for a string: no error")
	}
}
