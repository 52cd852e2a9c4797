package scenarios

import (
	"errors"
	"testing"

	"github.com/canalsim/canalsim/sim"
)

// TestProblemsAt: the problems sim.Scenario.Check finds are placed in
// the file by their paths: a disruption's at its key (a target's node at
// the node), a field of the scenario at the field, anything else at the
// top of the file.
func TestProblemsAt(t *testing.T) {
	data := []byte("name: x\nstart: 2025-10-01\ndays: 30\ndisruptions:\n" +
		"  - {effect: closure, target: {nodes: [balboa]}, from: 2025-10-05, until: 2025-10-08}\n")
	p, err := parse("s.yaml", data, ".", includes{}, overrides{})
	if err != nil {
		t.Fatal(err)
	}
	ps := &sim.Problems{Scenario: "x", List: []sim.Problem{
		{Path: "disruptions[0].target.nodes[0]", Msg: "m1"},
		{Path: "disruptions[0].from", Msg: "m2"},
		{Path: "days", Msg: "m3"},
		{Path: "disruptions[7].factor", Msg: "m4"},
	}}
	err = problemsAt(ps, "s.yaml", nil, p.entries)
	want := "s.yaml:1:1: days: m3\n" +
		"s.yaml:1:1: disruptions[7].factor: m4\n" +
		"s.yaml:5:40: disruptions[0].target: m1\n" +
		"s.yaml:5:56: disruptions[0]: m2"
	if err == nil || err.Error() != want {
		t.Errorf("got\n%v\nwant\n%s", err, want)
	}
	// Another error is placed at the top of the file.
	if err := problemsAt(errors.New("sim: boom"), "s.yaml", nil, nil); err == nil || err.Error() != "s.yaml:1:1: sim: boom" {
		t.Errorf("got %v", err)
	}
}
