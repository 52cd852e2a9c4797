package scenarios

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"

	"github.com/canalsim/canalsim/sim/input"
)

// This file resolves a scenario's includes: other files or library
// scenarios whose disruptions come first, with cycles refused.

// includes is what parse knows of the files above the one it reads.
type includes struct {
	// chain holds the identities of the files that include it, to find
	// cycles.
	chain []string
	// count counts the files included so far from the top file, shared
	// by the whole tree of its includes (nil at the top).
	count *int
}

// include reads the included file arg and returns its disruptions,
// checked against the including file's run. It reports false when the
// file could not be read.
func include(errs *input.Errors, pos input.Pos, arg string, lib bool, dir string, inc includes, r run) ([]*entry, bool) {
	// Each entry counts, read or not, so that the bound holds whatever
	// the entries name; the first beyond it is reported.
	if *inc.count++; *inc.count > MaxIncludes {
		if *inc.count == MaxIncludes+1 {
			errs.Add(pos, "include %q: more than %d files included in all, nested includes counted (the same file included many times, or a tree of includes, is a mistake)", arg, MaxIncludes)
		}
		return nil, false
	}
	chain := inc.chain
	var src *Source
	switch {
	case arg == "":
		errs.Add(pos, "include: empty name; give a file path or a library scenario name")
		return nil, false
	case lib:
		// A library scenario includes library scenarios.
		if src = openLibrary(arg); src == nil {
			errs.Add(pos, "include %q: no library scenario of that name (a library scenario includes library scenarios by name)%s",
				arg, input.DidYouMean(strings.TrimSuffix(arg, ".yaml"), Library()))
			return nil, false
		}
	default:
		path := arg
		if !filepath.IsAbs(path) {
			path = filepath.Join(dir, path)
		}
		data, err := readFile(path)
		switch {
		case err == nil:
			src = &Source{Name: path, Text: data}
		case !errors.Is(err, fs.ErrNotExist):
			errs.Add(pos, "include %q: %v", arg, err)
			return nil, false
		default:
			if src = openLibrary(arg); src == nil {
				errs.Add(pos, "include %q: %s", arg, notFound(arg))
				return nil, false
			}
		}
	}
	id := src.Name
	if !strings.HasPrefix(id, "library:") {
		id = identity(id)
	}
	if i := slices.Index(chain, id); i >= 0 {
		names := append(slices.Clone(chain[i:]), id)
		errs.Add(pos, "include %q: a cycle of includes (%s)", arg, strings.Join(names, " -> "))
		return nil, false
	}
	if len(chain) >= MaxIncludeDepth {
		errs.Add(pos, "include %q: includes nest more than %d deep", arg, MaxIncludeDepth)
		return nil, false
	}
	p, err := parse(src.Name, src.Text, src.dir(), inc, r.ov)
	if err != nil {
		if l := input.AsErrors(err); l != nil {
			// Reported with the included file's own positions.
			*errs = append(*errs, l...)
		} else {
			errs.Add(pos, "include %q: %v", arg, err)
		}
		return nil, false
	}
	var out []*entry
	for i, e := range p.entries {
		ne := &entry{d: e.d, ok: true, end: e.end, incPos: pos}
		ne.origin = fmt.Sprintf("%s, disruptions[%d]", src.Name, i)
		if e.d.Name != "" {
			ne.origin += fmt.Sprintf(" (%q)", e.d.Name)
		}
		for _, pr := range checkInRun(&ne.d, r) {
			where := ""
			if pr.key == "target" || strings.HasPrefix(pr.key, "target.") {
				where = "target: "
			}
			if strings.HasPrefix(pr.key, "vessels.") {
				where = "vessels: "
			}
			errs.Add(pos, "%s%s%s", ne.label(pr.key), where, pr.msg)
			ne.ok = false
		}
		out = append(out, ne)
	}
	return out, true
}
