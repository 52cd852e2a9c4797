// Command depscheck enforces canalsim's package layering (make deps-check):
//
//   - imports run cmd -> {scenarios, plots} -> sim and plots -> results ->
//     sim, never back: results (the results folder's format) knows the
//     model only, plots draws from results;
//   - sim (and everything under it) imports no plotting, no flag parsing and
//     not the scenario format;
//   - sim's non-test code never reads the wall clock (time.Now, time.Since,
//     time.Until, time.Sleep, time.Tick, time.After, time.NewTimer,
//     time.NewTicker) nor a global random source (package-level functions of
//     math/rand or math/rand/v2, which draw from the global generator).
//
// It prints every violation and exits with status 1 if there is any.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
)

const module = "github.com/canalsim/canalsim"

// pkg is what go list tells of a package.
type pkg struct {
	ImportPath string
	Dir        string
	GoFiles    []string
	Imports    []string
	Deps       []string
}

// rule forbids packages under From to depend on anything under any of Not.
type rule struct {
	From string
	Not  []string
}

var rules = []rule{
	{module + "/sim", []string{module + "/scenarios", module + "/plots", module + "/results", module + "/cmd", "github.com/spf13/pflag", "gonum.org/v1/plot"}},
	{module + "/results", []string{module + "/scenarios", module + "/plots", module + "/cmd", "gonum.org/v1/plot", "github.com/spf13/pflag"}},
	{module + "/scenarios", []string{module + "/plots", module + "/results", module + "/cmd", "gonum.org/v1/plot", "github.com/spf13/pflag"}},
	{module + "/plots", []string{module + "/scenarios", module + "/cmd", "github.com/spf13/pflag"}},
}

func main() {
	pkgs, err := list()
	if err != nil {
		fmt.Fprintln(os.Stderr, "depscheck:", err)
		os.Exit(1)
	}
	problems := checkImports(pkgs)
	for _, p := range pkgs {
		if under(p.ImportPath, module+"/sim") {
			for _, f := range p.GoFiles {
				probs, err := checkFile(filepath.Join(p.Dir, f))
				if err != nil {
					fmt.Fprintln(os.Stderr, "depscheck:", err)
					os.Exit(1)
				}
				problems = append(problems, probs...)
			}
		}
	}
	for _, p := range problems {
		fmt.Println(p)
	}
	if len(problems) > 0 {
		fmt.Printf("depscheck: %d problem(s): imports must run cmd -> {scenarios, plots} -> sim and plots -> results -> sim, and sim must not read the wall clock or a global random source\n", len(problems))
		os.Exit(1)
	}
	fmt.Println("depscheck: imports run cmd -> {scenarios, plots} -> sim and plots -> results -> sim; sim uses no wall clock or global random source")
}

// list runs go list on the module's packages.
func list() ([]pkg, error) {
	cmd := exec.Command("go", "list", "-json", "./...")
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list: %w", err)
	}
	var pkgs []pkg
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p pkg
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			return nil, err
		}
		pkgs = append(pkgs, p)
	}
	return pkgs, nil
}

// under reports whether path is prefix or a package below it.
func under(path, prefix string) bool {
	return path == prefix || strings.HasPrefix(path, prefix+"/")
}

// checkImports applies the rules to every package's dependencies
// (transitive imports).
func checkImports(pkgs []pkg) []string {
	var problems []string
	for _, p := range pkgs {
		for _, r := range rules {
			if !under(p.ImportPath, r.From) {
				continue
			}
			for _, d := range p.Deps {
				for _, bad := range r.Not {
					if under(d, bad) {
						problems = append(problems, fmt.Sprintf("%s depends on %s (%s must not depend on %s)", p.ImportPath, d, r.From, bad))
					}
				}
			}
		}
	}
	return problems
}

// wallClock are the time functions that read or wait on the wall clock.
var wallClock = map[string]bool{
	"Now": true, "Since": true, "Until": true, "Sleep": true, "Tick": true,
	"After": true, "AfterFunc": true, "NewTimer": true, "NewTicker": true,
}

// randOK are the package-level functions of math/rand and math/rand/v2
// that do not draw from the global source.
var randOK = map[string]bool{"New": true, "NewPCG": true, "NewChaCha8": true, "NewSource": true, "NewZipf": true}

// checkFile reports uses of the wall clock or of a global random source in
// one Go file.
func checkFile(path string) ([]string, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	names := map[string]string{} // local name -> import path
	for _, imp := range f.Imports {
		p, _ := strconv.Unquote(imp.Path.Value)
		name := filepath.Base(p)
		if p == "math/rand/v2" {
			name = "rand"
		}
		if imp.Name != nil {
			name = imp.Name.Name
		}
		names[name] = p
	}
	var problems []string
	ast.Inspect(f, func(n ast.Node) bool {
		sel, ok := n.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		id, ok := sel.X.(*ast.Ident)
		if !ok {
			return true
		}
		switch names[id.Name] {
		case "time":
			if wallClock[sel.Sel.Name] {
				problems = append(problems, fmt.Sprintf("%s: time.%s reads the wall clock; sim must not", fset.Position(sel.Pos()), sel.Sel.Name))
			}
		case "math/rand", "math/rand/v2":
			if ast.IsExported(sel.Sel.Name) && !randOK[sel.Sel.Name] && isFunc(sel.Sel.Name) {
				problems = append(problems, fmt.Sprintf("%s: rand.%s draws from the global random source; use kernel.Streams", fset.Position(sel.Pos()), sel.Sel.Name))
			}
		}
		return true
	})
	return problems, nil
}

// isFunc tells package-level functions of math/rand from its types (Rand,
// Source, PCG, ...), which are fine to name.
func isFunc(name string) bool {
	switch name {
	case "Rand", "Source", "Source64", "PCG", "ChaCha8", "Zipf":
		return false
	}
	return true
}
