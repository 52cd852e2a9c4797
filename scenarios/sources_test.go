package scenarios_test

import (
	"fmt"
	"io/fs"
	"os"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
)

// The tests of this file keep the repository's citations checkable: every
// source tag a file cites, such as [T15] or [K5], is defined once in
// docs/sources.md, with the address of its source.

// repoRoot is the repository's root, from this package's folder (go test
// runs in the package's folder).
const repoRoot = ".."

// sourcesFile is the file that defines the tags, from the root.
const sourcesFile = "docs/sources.md"

var (
	// tagRe matches a cited tag: one or two capitals, a number and an
	// optional small letter, in brackets.
	tagRe = regexp.MustCompile(`\[([A-Z]{1,2})([0-9]+)([a-z]?)\]`)
	// rangeRe matches a range of tags, which cites every tag from the
	// first to the last: [K1]-[K16].
	rangeRe = regexp.MustCompile(`\[([A-Z]{1,2})([0-9]+)\]-\[([A-Z]{1,2})([0-9]+)\]`)
	// defRe matches a definition: a row of a table in sourcesFile whose
	// first cell is the tag.
	defRe = regexp.MustCompile(`^\| \[([A-Z]{1,2}[0-9]+[a-z]?)\] \|`)
)

// scannedExt are the extensions of the files that may cite tags: data,
// scenarios, observed series and docs, and Go for the comments and
// messages of tests.
var scannedExt = []string{".md", ".yaml", ".yml", ".json", ".go", ".csv"}

// skippedDir reports whether a folder holds no file of the repository's
// own text: hidden folders (.git), results and binaries, test data.
func skippedDir(name string) bool {
	return strings.HasPrefix(name, ".") || name == "out" || name == "bin" || name == "testdata"
}

// TestSources fails, at the file and line, for every tag a file of the
// repository cites that docs/sources.md does not define, and for every tag
// docs/sources.md defines twice or without an address.
func TestSources(t *testing.T) {
	if _, err := os.Stat(repoRoot + "/go.mod"); err != nil {
		t.Fatalf("the repository root is not %s: %v", repoRoot, err)
	}
	problems, err := checkSources(os.DirFS(repoRoot))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Error(p)
	}
}

// TestCheckSources checks the checker on small trees, so that TestSources
// can be trusted to fail.
func TestCheckSources(t *testing.T) {
	// Tags are built, not written, so that this file cites no undefined tag.
	tag := func(s string) string { return "[" + s + "]" }
	def := func(s string) string { return "| " + tag(s) + " | a figure | <https://example.org/" + s + "> |\n" }
	tree := func(sources, data string) fstest.MapFS {
		return fstest.MapFS{
			sourcesFile:             {Data: []byte("# Sources\n\n| tag | what | where |\n| --- | --- | --- |\n" + sources)},
			"sim/data.yaml":         {Data: []byte("# header\nx: 1 # " + data + "\n")},
			"testdata/skipped.yaml": {Data: []byte("# " + tag("Z1") + "\n")},
			".git/skipped.md":       {Data: []byte(tag("Z2") + "\n")},
			"plots/skipped.txt":     {Data: []byte(tag("Z3") + "\n")},
		}
	}
	for _, tc := range []struct {
		name  string
		files fstest.MapFS
		want  []string
	}{
		{"all defined", tree(def("A1")+def("A2")+def("A3b"), tag("A2")+tag("A3b")), nil},
		{"a range", tree(def("A1")+def("A2")+def("A3"), tag("A1")+"-"+tag("A3")), nil},
		{"undefined", tree(def("A1"), tag("A1")+" and "+tag("Z9")),
			[]string{"sim/data.yaml:2: " + tag("Z9") + " is not defined in docs/sources.md"}},
		{"undefined in a range", tree(def("A1")+def("A3"), tag("A1")+"-"+tag("A3")),
			[]string{"sim/data.yaml:2: " + tag("A2") + " is not defined in docs/sources.md"}},
		{"a range across series", tree(def("A1")+def("B3"), tag("A1")+"-"+tag("B3")),
			[]string{"sim/data.yaml:2: " + tag("A1") + "-" + tag("B3") + " is not a range of one series"}},
		{"defined twice", tree(def("A1")+def("A1"), tag("A1")),
			[]string{"docs/sources.md:6: " + tag("A1") + " is defined again (first on line 5)"}},
		{"no address", tree("| "+tag("A1")+" | a figure | a shelf |\n", tag("A1")),
			[]string{"docs/sources.md:5: " + tag("A1") + " gives no address"}},
		{"nothing cited", tree(def("A1"), "none"),
			[]string{"no file cites a tag: is the tree the repository's?"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := checkSources(tc.files)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

// checkSources reads the definitions of sourcesFile in fsys, then every
// scanned file of fsys, and returns each problem as "file:line: message",
// in the order found.
func checkSources(fsys fs.FS) ([]string, error) {
	var problems []string
	text, err := fs.ReadFile(fsys, sourcesFile)
	if err != nil {
		return nil, err
	}
	defined := map[string]int{} // tag -> line of its definition
	for i, line := range strings.Split(string(text), "\n") {
		m := defRe.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		if first, ok := defined[m[1]]; ok {
			problems = append(problems, fmt.Sprintf("%s:%d: [%s] is defined again (first on line %d)", sourcesFile, i+1, m[1], first))
			continue
		}
		defined[m[1]] = i + 1
		if !strings.Contains(line, "<http") {
			problems = append(problems, fmt.Sprintf("%s:%d: [%s] gives no address", sourcesFile, i+1, m[1]))
		}
	}

	cited := 0
	err = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != "." && skippedDir(d.Name()) {
				return fs.SkipDir
			}
			return nil
		}
		if !slices.Contains(scannedExt, path.Ext(p)) {
			return nil
		}
		text, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		for i, line := range strings.Split(string(text), "\n") {
			tags, bad := citedTags(line)
			for _, b := range bad {
				problems = append(problems, fmt.Sprintf("%s:%d: %s is not a range of one series", p, i+1, b))
			}
			if p != sourcesFile {
				cited += len(tags)
			}
			for _, tag := range tags {
				if _, ok := defined[tag]; !ok {
					problems = append(problems, fmt.Sprintf("%s:%d: [%s] is not defined in %s", p, i+1, tag, sourcesFile))
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if cited == 0 {
		problems = append(problems, "no file cites a tag: is the tree the repository's?")
	}
	return problems, nil
}

// citedTags returns the tags a line cites, once each in the order of first
// citation, ranges expanded; and the ranges it cannot expand.
func citedTags(line string) (tags, bad []string) {
	seen := map[string]bool{}
	add := func(tag string) {
		if !seen[tag] {
			seen[tag] = true
			tags = append(tags, tag)
		}
	}
	for _, m := range tagRe.FindAllStringSubmatch(line, -1) {
		add(m[1] + m[2] + m[3])
	}
	for _, m := range rangeRe.FindAllStringSubmatch(line, -1) {
		lo, _ := strconv.Atoi(m[2])
		hi, _ := strconv.Atoi(m[4])
		if m[1] != m[3] || lo > hi {
			bad = append(bad, m[0])
			continue
		}
		for n := lo; n <= hi; n++ {
			add(m[1] + strconv.Itoa(n))
		}
	}
	return tags, bad
}
