package network

import (
	"bytes"
	"encoding/json"
	"io"
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/canalsim/canalsim/sim/input"
	"github.com/goccy/go-yaml"
)

// Write writes n as a network file, in the format Load reads
// (docs/networks.md): keys in the order of the types' fields, optional
// keys left out when they hold their zero value (which is what reading
// them back gives), small blocks (a lock, a terminal, a cut, a node's
// operators) on one line. Comments are not written: a network written and
// read again is the same network, not the same text.
//
// Write does not check n. A network that Load accepted is read back
// unchanged, and so is one that New accepted, unless a booking entry has
// no date (which a file cannot say: from is required there).
func Write(w io.Writer, n *Network) error {
	data, err := yaml.MarshalWithOptions(n, writeOptions...)
	if err != nil {
		return err
	}
	_, err = w.Write(data)
	return err
}

var writeOptions = []yaml.EncodeOption{
	yaml.Indent(2),
	yaml.IndentSequence(true),
	yaml.CustomMarshaler[float64](marshalFloat),
	yaml.CustomMarshaler[string](marshalString),
	yaml.CustomMarshaler[time.Time](input.MarshalDate),
}

// flow marshals v, an element of a list that Write puts one to a line (a
// reach, a point of a draft table, booking slots), as a flow mapping.
func flow(v any) ([]byte, error) {
	return yaml.MarshalWithOptions(v, append(slices.Clip(writeOptions), yaml.Flow(true))...)
}

// MarshalYAML writes a reach on one line, for Write.
func (r Reach) MarshalYAML() ([]byte, error) {
	type plain Reach
	return flow(plain(r))
}

// MarshalYAML writes a point on one line, for Write.
func (p DraftPoint) MarshalYAML() ([]byte, error) {
	type plain DraftPoint
	return flow(plain(p))
}

// MarshalYAML writes booking slots on one line, for Write.
func (b BookingSlots) MarshalYAML() ([]byte, error) {
	type plain BookingSlots
	return flow(plain(b))
}

// marshalFloat writes a number in plain decimal notation (3200000, not
// 3.2e+06, and 4400, not 4400.0) when it is of a size people write that
// way, and in the shortest exact form otherwise. Either reads back as the
// same float64.
// marshalString writes a string plain when it reads back as the same
// string, and double-quoted otherwise (".inf", "true", "  ", "12": text
// that plain would turn into a number, a boolean or nothing).
func marshalString(s string) ([]byte, error) {
	plain, err := yaml.Marshal(s)
	if err != nil {
		return nil, err
	}
	plain = bytes.TrimSuffix(plain, []byte("\n"))
	var back any
	if err := yaml.Unmarshal(plain, &back); err == nil {
		if b, ok := back.(string); ok && b == s {
			return plain, nil
		}
	}
	return json.Marshal(s) // a JSON string is a YAML double-quoted scalar
}

func marshalFloat(x float64) ([]byte, error) {
	if a := math.Abs(x); a == 0 || a >= 1e-6 && a < 1e21 {
		return []byte(strconv.FormatFloat(x, 'f', -1, 64)), nil
	}
	return []byte(strconv.FormatFloat(x, 'g', -1, 64)), nil
}
