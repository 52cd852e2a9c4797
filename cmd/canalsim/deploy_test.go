package main

// The deployment files under deploy/ run canalsim's sharded runs and
// merges on a cluster. These tests read them, run the very commands they
// hold in-process, shard by shard, with the environment SLURM or
// Kubernetes would give each task, then their merge, and check that the
// merged results are the bytes of one unsharded run. The user's part (the
// scenario, the number of replications and shards, the results folder) is
// overridden the way a user would, to keep the tests fast.

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"

	"github.com/canalsim/canalsim/scenarios"
)

// deployRoot is the repository's root, seen from this package's folder.
const deployRoot = "../.."

// deployScenario is a short run, quick to shard and merge.
const deployScenario = `name: deploy-check
description: A short closure for the tests of the deployment files.
start: 2025-10-01
days: 30
warmup_days: 7
seed: 3
replications: 100
disruptions:
  - target: {owner: ck-hutchison}
    effect: closure
    from: 2025-10-12
    days: 10
`

// deployWriteScenario writes deployScenario into a new temporary folder
// and returns its path and its name.
func deployWriteScenario(t *testing.T) (path, name string) {
	t.Helper()
	path = filepath.Join(t.TempDir(), "deploy-check.yaml")
	if err := os.WriteFile(path, []byte(deployScenario), 0o644); err != nil {
		t.Fatal(err)
	}
	return path, "deploy-check"
}

// deployShardEnv are the variables from which canalsim reads its shard.
var deployShardEnv = []string{"SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_COUNT", "SLURM_ARRAY_TASK_MIN", "JOB_COMPLETION_INDEX"}

// deployClearShardEnv unsets the shard variables for the test (they are
// set when the tests themselves run as a SLURM array task or in an
// Indexed Job).
func deployClearShardEnv(t *testing.T) {
	t.Helper()
	for _, k := range deployShardEnv {
		t.Setenv(k, "") // restored after the test
		os.Unsetenv(k)
	}
}

// deploySameResults checks that the results folder got holds the same
// summary.json, daily.csv and replications.csv bytes as want.
func deploySameResults(t *testing.T, got, want string) {
	t.Helper()
	for _, f := range []string{"summary.json", "daily.csv", "replications.csv"} {
		g, err := os.ReadFile(filepath.Join(got, f))
		if err != nil {
			t.Errorf("merged results: %v", err)
			continue
		}
		w, err := os.ReadFile(filepath.Join(want, f))
		if err != nil {
			t.Errorf("unsharded results: %v", err)
			continue
		}
		if len(w) == 0 {
			t.Errorf("unsharded %s is empty", f)
		}
		if !bytes.Equal(g, w) {
			t.Errorf("%s: merged shards differ from the unsharded run: %s", f, deployFirstDiff(g, w))
		}
	}
}

// deployFirstDiff describes the first line where a and b differ.
func deployFirstDiff(a, b []byte) string {
	al, bl := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
	for i := 0; i < len(al) || i < len(bl); i++ {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			return fmt.Sprintf("line %d: merged %q, unsharded %q", i+1, x, y)
		}
	}
	return "same lines"
}

// deployRunUnsharded runs scenario unsharded into a new folder and
// returns the scenario's results folder there.
func deployRunUnsharded(t *testing.T, scenario, name string, reps int) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "unsharded")
	if code, _, stderr := canalsim(t, "run", scenario, "--replications", strconv.Itoa(reps), "--out", out, "--quiet"); code != 0 {
		t.Fatalf("unsharded run: exit %d: %s", code, stderr)
	}
	return filepath.Join(out, name)
}

// --- SLURM -----------------------------------------------------------

// deployScript is a shell script of deploy/slurm, read for what these
// tests need: its #SBATCH options, its variable assignments and its
// canalsim command line.
type deployScript struct {
	path       string
	directives map[string]string // "--array" -> "0-15"
	assigns    [][2]string       // name, raw value, in order
	command    string            // the line that starts with "$CANALSIM"
}

var (
	deployAssignRE = regexp.MustCompile(`^([A-Za-z_][A-Za-z0-9_]*)=(.*)$`)
	deployNameRE   = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
)

func deployReadScript(t *testing.T, path string) *deployScript {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := &deployScript{path: path, directives: map[string]string{}}
	text := strings.ReplaceAll(string(b), "\\\n", " ")
	body := false // past the first command: sbatch reads no #SBATCH line there
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(line, "#SBATCH"):
			if body {
				t.Errorf("%s:%d: #SBATCH after the first command is ignored by sbatch", path, i+1)
			}
			for _, f := range strings.Fields(strings.TrimPrefix(line, "#SBATCH")) {
				if strings.HasPrefix(f, "#") {
					break
				}
				k, v, _ := strings.Cut(f, "=")
				s.directives[k] = v
			}
		case line == "" || strings.HasPrefix(line, "#"):
		case deployAssignRE.MatchString(line):
			body = true
			m := deployAssignRE.FindStringSubmatch(line)
			s.assigns = append(s.assigns, [2]string{m[1], m[2]})
		case strings.HasPrefix(line, `"$CANALSIM" `):
			body = true
			if s.command != "" {
				t.Fatalf("%s: two canalsim command lines", path)
			}
			s.command = line
		default:
			body = true
		}
	}
	if s.command == "" {
		t.Fatalf(`%s: no line starting with "$CANALSIM"`, path)
	}
	return s
}

// vars evaluates the script's assignments in order, in an environment
// holding env (what the user exported), and returns every variable.
func (s *deployScript) vars(t *testing.T, env map[string]string) map[string]string {
	t.Helper()
	vars := map[string]string{}
	for k, v := range env {
		vars[k] = v
	}
	for _, a := range s.assigns {
		words := deployShellWords(t, a[1], vars)
		if len(words) > 1 {
			t.Fatalf("%s: %s=%s is %d words", s.path, a[0], a[1], len(words))
		}
		vars[a[0]] = strings.Join(words, "")
	}
	return vars
}

// args returns the arguments the script's command line passes to canalsim,
// checking that the program is $CANALSIM and the command is cmd.
func (s *deployScript) args(t *testing.T, vars map[string]string, cmd string) []string {
	t.Helper()
	words := deployShellWords(t, s.command, vars)
	if len(words) < 2 || words[0] != vars["CANALSIM"] || words[1] != cmd {
		t.Fatalf("%s: command line %q runs %q, want \"$CANALSIM\" %s ...", s.path, s.command, words, cmd)
	}
	return words[1:]
}

// deployShellWords splits a line of a script into words and expands them
// as bash would for the simple lines the scripts hold: quotes,
// backslashes, $NAME, ${NAME}, ${NAME:-default} (with set -u: an unset
// variable is an error), comments and globs (sorted matches, or the word
// itself when nothing matches). Anything else (command substitution,
// pipes, redirections, several commands) is refused: the scripts must
// stay that simple.
func deployShellWords(t *testing.T, line string, vars map[string]string) []string {
	t.Helper()
	var words []string
	var lit, pat strings.Builder // the word, and the word as a glob pattern
	inWord, glob := false, false
	add := func(s string) { // quoted or expanded text: literal in both
		inWord = true
		lit.WriteString(s)
		for _, c := range s {
			if strings.ContainsRune(`*?[\`, c) {
				pat.WriteByte('\\')
			}
			pat.WriteRune(c)
		}
	}
	flush := func() {
		if !inWord {
			return
		}
		var matches []string
		if glob {
			matches, _ = filepath.Glob(pat.String())
		}
		if len(matches) > 0 {
			words = append(words, matches...)
		} else {
			words = append(words, lit.String())
		}
		lit.Reset()
		pat.Reset()
		inWord, glob = false, false
	}
	quote := byte(0)
scan:
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case quote == '\'':
			if c == '\'' {
				quote = 0
			} else {
				add(string(c))
			}
		case c == '$':
			v, n := deployExpandParam(t, line[i:], vars)
			add(v)
			i += n - 1
		case c == '`':
			t.Fatalf("unsupported shell in %q: command substitution", line)
		case quote == '"':
			switch {
			case c == '"':
				quote = 0
			case c == '\\' && i+1 < len(line) && strings.IndexByte("$`\"\\", line[i+1]) >= 0:
				i++
				add(string(line[i]))
			default:
				add(string(c))
			}
		case c == '"' || c == '\'':
			quote = c
			inWord = true
		case c == ' ' || c == '\t':
			flush()
		case c == '\\' && i+1 < len(line):
			i++
			add(string(line[i]))
		case c == '#' && !inWord:
			break scan
		case c == '*' || c == '?' || c == '[':
			inWord, glob = true, true
			lit.WriteByte(c)
			pat.WriteByte(c)
		case strings.IndexByte(";&|<>()", c) >= 0:
			t.Fatalf("unsupported shell in %q: %q", line, c)
		default:
			add(string(c))
		}
	}
	if quote != 0 {
		t.Fatalf("unterminated quote in %q", line)
	}
	flush()
	return words
}

// deployExpandParam expands the parameter at the start of s ("$NAME...",
// "${...}") and returns its value and the length of s it took.
func deployExpandParam(t *testing.T, s string, vars map[string]string) (string, int) {
	t.Helper()
	lookup := func(name string) string {
		v, ok := vars[name]
		if !ok {
			t.Fatalf("unbound variable %s (the scripts run with set -u)", name)
		}
		return v
	}
	if len(s) < 2 {
		return "$", 1
	}
	switch c := s[1]; {
	case c == '{':
		depth := 0
		for j := 1; j < len(s); j++ {
			switch s[j] {
			case '{':
				depth++
			case '}':
				depth--
				if depth == 0 {
					inner := s[2:j]
					name, def, hasDef := strings.Cut(inner, ":-")
					if !deployNameRE.MatchString(name) {
						t.Fatalf("unsupported expansion ${%s}", inner)
					}
					if !hasDef {
						return lookup(name), j + 1
					}
					if v := vars[name]; v != "" {
						return v, j + 1
					}
					return strings.Join(deployShellWords(t, `"`+strings.ReplaceAll(def, `"`, `\"`)+`"`, vars), ""), j + 1
				}
			}
		}
		t.Fatalf("unterminated ${ in %q", s)
	case c == '_' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z':
		j := 2
		for j < len(s) && (s[j] == '_' || s[j] >= 'A' && s[j] <= 'Z' || s[j] >= 'a' && s[j] <= 'z' || s[j] >= '0' && s[j] <= '9') {
			j++
		}
		return lookup(s[1:j]), j
	case c == '(':
		t.Fatalf("unsupported shell in %q: command substitution", s)
	}
	return "$", 1
}

// TestDeploySlurm runs deploy/slurm/canalsim.sbatch's command once per
// array task, with the variables SLURM sets, then merge.sbatch's command,
// and compares the merged results with an unsharded run.
func TestDeploySlurm(t *testing.T) {
	deployClearShardEnv(t)
	dir := filepath.Join(deployRoot, "deploy", "slurm")
	shards := deployReadScript(t, filepath.Join(dir, "canalsim.sbatch"))
	merge := deployReadScript(t, filepath.Join(dir, "merge.sbatch"))

	// The array's directives.
	m := regexp.MustCompile(`^(\d+)-(\d+)(%\d+)?$`).FindStringSubmatch(shards.directives["--array"])
	if m == nil {
		t.Fatalf("canalsim.sbatch: #SBATCH --array=%q, want a range such as 0-15", shards.directives["--array"])
	}
	first, _ := strconv.Atoi(m[1])
	cpus := shards.directives["--cpus-per-task"]
	if n, err := strconv.Atoi(cpus); err != nil || n < 1 {
		t.Errorf("canalsim.sbatch: #SBATCH --cpus-per-task=%q", cpus)
	}
	if o := shards.directives["--output"]; !strings.Contains(o, "%A") || !strings.Contains(o, "%a") {
		t.Errorf("canalsim.sbatch: #SBATCH --output=%q, want one log per task (%%A and %%a)", o)
	}

	// The defaults: a library scenario, the same in both scripts, whose
	// name the merge's NAME is.
	defShards, defMerge := shards.vars(t, nil), merge.vars(t, nil)
	for _, v := range []string{"SCENARIO", "REPLICATIONS", "OUT", "CANALSIM"} {
		if defShards[v] == "" {
			t.Errorf("canalsim.sbatch: no default for %s", v)
		}
	}
	for _, v := range []string{"SCENARIO", "OUT", "NAME", "CANALSIM"} {
		if defMerge[v] == "" {
			t.Errorf("merge.sbatch: no default for %s", v)
		} else if v != "NAME" && defMerge[v] != defShards[v] {
			t.Errorf("%s defaults to %q in merge.sbatch but %q in canalsim.sbatch", v, defMerge[v], defShards[v])
		}
	}
	if sc, _, err := scenarios.Load(defShards["SCENARIO"]); err != nil {
		t.Errorf("default SCENARIO: %v", err)
	} else if defMerge["NAME"] != sc.Name {
		t.Errorf("merge.sbatch: NAME defaults to %q, the default scenario is named %q", defMerge["NAME"], sc.Name)
	}
	if n, err := strconv.Atoi(defShards["REPLICATIONS"]); err != nil || n < 1 {
		t.Errorf("canalsim.sbatch: REPLICATIONS defaults to %q", defShards["REPLICATIONS"])
	}

	// The user's run: a short scenario, 6 replications in 3 tasks
	// (sbatch --array=0-2), exported as submit.sh does.
	const tasks, reps = 3, 6
	scenario, name := deployWriteScenario(t)
	out := filepath.Join(t.TempDir(), "out")
	env := map[string]string{
		"SCENARIO": scenario, "REPLICATIONS": strconv.Itoa(reps), "OUT": out, "NAME": name,
		"CANALSIM": "canalsim", "SLURM_CPUS_PER_TASK": cpus,
	}
	vars := shards.vars(t, env)
	for id := first; id < first+tasks; id++ {
		t.Run(fmt.Sprintf("task-%d", id), func(t *testing.T) {
			t.Setenv("SLURM_ARRAY_TASK_ID", strconv.Itoa(id))
			t.Setenv("SLURM_ARRAY_TASK_COUNT", strconv.Itoa(tasks))
			t.Setenv("SLURM_ARRAY_TASK_MIN", strconv.Itoa(first))
			args := shards.args(t, vars, "run")
			if code, _, stderr := canalsim(t, args...); code != 0 {
				t.Fatalf("%q: exit %d: %s", args, code, stderr)
			}
			shard := filepath.Join(out, fmt.Sprintf("%s.shard-%d-of-%d", name, id-first+1, tasks))
			if st, err := os.Stat(shard); err != nil || !st.IsDir() {
				t.Errorf("task %d wrote no shard folder %s: %v", id, shard, err)
			}
		})
	}
	if t.Failed() {
		return
	}

	args := merge.args(t, merge.vars(t, env), "merge")
	if got := len(slices.DeleteFunc(slices.Clone(args), func(a string) bool { return !strings.Contains(a, ".shard-") })); got != tasks {
		t.Fatalf("merge.sbatch's command %q names %d shard folders, want %d", args, got, tasks)
	}
	if code, _, stderr := canalsim(t, args...); code != 0 {
		t.Fatalf("%q: exit %d: %s", args, code, stderr)
	}
	deploySameResults(t, filepath.Join(out, name), deployRunUnsharded(t, scenario, name, reps))
}

// TestDeploySlurmSubmit runs deploy/slurm/submit.sh with a stand-in for
// sbatch: it submits the array, then the merge after it (afterok), with
// the user's variables, or the defaults, exported to both.
func TestDeploySlurmSubmit(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	dir := filepath.Join(deployRoot, "deploy", "slurm")
	for _, f := range []string{"canalsim.sbatch", "merge.sbatch", "submit.sh"} {
		if out, err := exec.Command(bash, "-n", filepath.Join(dir, f)).CombinedOutput(); err != nil {
			t.Errorf("%s: bash -n: %v\n%s", f, err, out)
		}
	}
	// The defaults submit.sh exports are the scripts' own.
	def := deployReadScript(t, filepath.Join(dir, "canalsim.sbatch")).vars(t, nil)
	def["NAME"] = deployReadScript(t, filepath.Join(dir, "merge.sbatch")).vars(t, nil)["NAME"]
	userVars := []string{"SCENARIO", "REPLICATIONS", "OUT", "NAME", "CANALSIM", "SHARDS"}
	tests := []struct {
		name     string
		env      []string
		array    string // the --array option of the first call; "" for none
		exported string // the variables sbatch sees
	}{
		{"user's", []string{"SCENARIO=my.yaml", "NAME=mine", "REPLICATIONS=64", "OUT=/scratch/o", "SHARDS=32"},
			"--array=0-31", " | SCENARIO=my.yaml REPLICATIONS=64 OUT=/scratch/o NAME=mine CANALSIM=canalsim"},
		{"defaults", nil, "", fmt.Sprintf(" | SCENARIO=%s REPLICATIONS=%s OUT=%s NAME=%s CANALSIM=%s",
			def["SCENARIO"], def["REPLICATIONS"], def["OUT"], def["NAME"], def["CANALSIM"])},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bin := t.TempDir()
			log := filepath.Join(bin, "log")
			fake := `#!/bin/sh
echo "$* | SCENARIO=$SCENARIO REPLICATIONS=$REPLICATIONS OUT=$OUT NAME=$NAME CANALSIM=$CANALSIM" >> "` + log + `"
n=$(wc -l < "` + log + `")
echo "$((41 + n));cluster"
`
			if err := os.WriteFile(filepath.Join(bin, "sbatch"), []byte(fake), 0o755); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(bash, filepath.Join(dir, "submit.sh"), "--account=a1")
			for _, kv := range os.Environ() {
				if k, _, _ := strings.Cut(kv, "="); !slices.Contains(userVars, k) && k != "PATH" {
					cmd.Env = append(cmd.Env, kv)
				}
			}
			cmd.Env = append(cmd.Env, "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"))
			cmd.Env = append(cmd.Env, tt.env...)
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("submit.sh: %v\n%s", err, out)
			}
			b, err := os.ReadFile(log)
			if err != nil {
				t.Fatal(err)
			}
			calls := strings.Split(strings.TrimSpace(string(b)), "\n")
			if len(calls) != 2 {
				t.Fatalf("submit.sh called sbatch %d times, want 2:\n%s", len(calls), b)
			}
			first := []string{"--parsable", "--account=a1", "/canalsim.sbatch" + tt.exported}
			if tt.array != "" {
				first = append(first, tt.array)
			} else if strings.Contains(calls[0], "--array") {
				t.Errorf("sbatch call 1: %q overrides the script's --array", calls[0])
			}
			for i, want := range [][]string{first, {"--parsable", "--dependency=afterok:42 ", "--account=a1", "/merge.sbatch" + tt.exported}} {
				for _, w := range want {
					if !strings.Contains(calls[i], w) {
						t.Errorf("sbatch call %d: %q lacks %q", i+1, calls[i], w)
					}
				}
			}
		})
	}
}

// --- Kubernetes ------------------------------------------------------

// deployK8sObject is what the tests read of a Kubernetes object.
type deployK8sObject struct {
	APIVersion string `yaml:"apiVersion"`
	Kind       string `yaml:"kind"`
	Metadata   struct {
		Name string `yaml:"name"`
	} `yaml:"metadata"`
	Spec struct {
		AccessModes    []string `yaml:"accessModes"`
		CompletionMode string   `yaml:"completionMode"`
		Completions    *int     `yaml:"completions"`
		Parallelism    *int     `yaml:"parallelism"`
		Template       struct {
			Spec struct {
				RestartPolicy string `yaml:"restartPolicy"`
				Containers    []struct {
					Name         string `yaml:"name"`
					Image        string `yaml:"image"`
					Command      []any  `yaml:"command"`
					Args         []any  `yaml:"args"`
					VolumeMounts []struct {
						Name      string `yaml:"name"`
						MountPath string `yaml:"mountPath"`
					} `yaml:"volumeMounts"`
				} `yaml:"containers"`
				Volumes []struct {
					Name                  string `yaml:"name"`
					PersistentVolumeClaim *struct {
						ClaimName string `yaml:"claimName"`
					} `yaml:"persistentVolumeClaim"`
				} `yaml:"volumes"`
			} `yaml:"spec"`
		} `yaml:"template"`
	} `yaml:"spec"`
}

// deployReadK8s reads every object of a multi-document YAML file.
func deployReadK8s(t *testing.T, path string) []*deployK8sObject {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	dec := yaml.NewDecoder(f)
	var objs []*deployK8sObject
	for {
		o := new(deployK8sObject)
		err := dec.Decode(o)
		if errors.Is(err, io.EOF) {
			return objs
		}
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if o.Kind == "" {
			t.Fatalf("%s: an object with no kind", path)
		}
		objs = append(objs, o)
	}
}

// deployJobArgs checks a Job's pod (a Job's restart policy, one container that
// runs the image's entrypoint, the results volume mounted) and returns
// the container's image and arguments, and the folder the volume is
// mounted at.
func deployJobArgs(t *testing.T, job *deployK8sObject, claim string) (image string, args []string, mount string) {
	t.Helper()
	pod := job.Spec.Template.Spec
	name := "job/" + job.Metadata.Name
	if p := pod.RestartPolicy; p != "Never" && p != "OnFailure" {
		t.Errorf("%s: restartPolicy %q: a Job's pods need Never or OnFailure", name, p)
	}
	if len(pod.Containers) != 1 {
		t.Fatalf("%s: %d containers, want 1", name, len(pod.Containers))
	}
	c := pod.Containers[0]
	if len(c.Command) != 0 {
		t.Errorf("%s: command %v replaces the image's entrypoint (/canalsim)", name, c.Command)
	}
	for _, a := range c.Args {
		s, ok := a.(string)
		if !ok {
			t.Fatalf("%s: argument %v is a %T; Kubernetes takes only strings (quote it)", name, a, a)
		}
		args = append(args, s)
	}
	vol := ""
	for _, v := range pod.Volumes {
		if v.PersistentVolumeClaim != nil && v.PersistentVolumeClaim.ClaimName == claim {
			vol = v.Name
		}
	}
	for _, m := range c.VolumeMounts {
		if m.Name == vol && vol != "" {
			mount = m.MountPath
		}
	}
	if mount == "" {
		t.Fatalf("%s: the claim %s is not mounted", name, claim)
	}
	return c.Image, args, mount
}

// deployFlagAt returns the index of the value of flag --name in args ("--name
// V" or "--name=V"), and whether it is in the --name=V form.
func deployFlagAt(t *testing.T, args []string, name string) (int, bool) {
	t.Helper()
	for i, a := range args {
		if a == "--"+name && i+1 < len(args) {
			return i + 1, false
		}
		if strings.HasPrefix(a, "--"+name+"=") {
			return i, true
		}
	}
	t.Fatalf("%q has no --%s", args, name)
	return 0, false
}

func deployFlagValue(t *testing.T, args []string, name string) string {
	t.Helper()
	i, eq := deployFlagAt(t, args, name)
	if eq {
		return strings.TrimPrefix(args[i], "--"+name+"=")
	}
	return args[i]
}

func deploySetFlag(t *testing.T, args []string, name, value string) {
	t.Helper()
	i, eq := deployFlagAt(t, args, name)
	if eq {
		value = "--" + name + "=" + value
	}
	args[i] = value
}

// TestDeployKubernetes checks the Indexed Job of deploy/k8s/indexed-job.yaml
// and the merge Job of deploy/k8s/merge-job.yaml, then runs the first's
// arguments once per completion index, with JOB_COMPLETION_INDEX set as
// Kubernetes does, and the second's, and compares the merged results with
// an unsharded run.
func TestDeployKubernetes(t *testing.T) {
	deployClearShardEnv(t)
	dir := filepath.Join(deployRoot, "deploy", "k8s")
	objs := append(deployReadK8s(t, filepath.Join(dir, "indexed-job.yaml")), deployReadK8s(t, filepath.Join(dir, "merge-job.yaml"))...)
	var pvc, shardJob, mergeJob *deployK8sObject
	for _, o := range objs {
		switch {
		case o.Kind == "PersistentVolumeClaim":
			pvc = o
		case o.Kind == "Job" && o.Spec.CompletionMode == "Indexed":
			shardJob = o
		case o.Kind == "Job":
			mergeJob = o
		}
	}
	if pvc == nil || shardJob == nil || mergeJob == nil {
		t.Fatalf("want a PersistentVolumeClaim, an Indexed Job and a merge Job in %s", dir)
	}
	if !slices.Contains(pvc.Spec.AccessModes, "ReadWriteMany") {
		t.Errorf("claim %s: access modes %v: the shards' pods write to it at once, it needs ReadWriteMany", pvc.Metadata.Name, pvc.Spec.AccessModes)
	}

	// The shards.
	image, runArgs, mount := deployJobArgs(t, shardJob, pvc.Metadata.Name)
	if len(runArgs) < 2 || runArgs[0] != "run" {
		t.Fatalf("job/%s: args %q, want run SCENARIO ...", shardJob.Metadata.Name, runArgs)
	}
	shards, err := strconv.Atoi(deployFlagValue(t, runArgs, "shards"))
	if err != nil || shards < 1 {
		t.Fatalf("job/%s: --shards %q", shardJob.Metadata.Name, deployFlagValue(t, runArgs, "shards"))
	}
	if c, p := shardJob.Spec.Completions, shardJob.Spec.Parallelism; c == nil || *c != shards || p == nil || *p != shards {
		t.Errorf("job/%s: completions %s and parallelism %s, want both %d (--shards)", shardJob.Metadata.Name, deployIntString(c), deployIntString(p), shards)
	}
	if o := deployFlagValue(t, runArgs, "out"); o != mount {
		t.Errorf("job/%s: --out %s, but the results volume is at %s", shardJob.Metadata.Name, o, mount)
	}
	if _, err := strconv.Atoi(deployFlagValue(t, runArgs, "replications")); err != nil {
		t.Errorf("job/%s: --replications: %v", shardJob.Metadata.Name, err)
	}
	sc, _, err := scenarios.Load(runArgs[1])
	if err != nil {
		t.Fatalf("job/%s: scenario: %v", shardJob.Metadata.Name, err)
	}

	// The merge: every shard folder, listed (no shell to expand a glob).
	mergeImage, mergeArgs, mergeMount := deployJobArgs(t, mergeJob, pvc.Metadata.Name)
	if mergeImage != image {
		t.Errorf("job/%s runs image %s, job/%s %s", mergeJob.Metadata.Name, mergeImage, shardJob.Metadata.Name, image)
	}
	if len(mergeArgs) == 0 || mergeArgs[0] != "merge" {
		t.Fatalf("job/%s: args %q, want merge ...", mergeJob.Metadata.Name, mergeArgs)
	}
	mergeOut := deployFlagValue(t, mergeArgs, "out")
	if mergeOut != mergeMount || mergeMount != mount {
		t.Errorf("job/%s: --out %s with the results volume at %s; the shards are in %s", mergeJob.Metadata.Name, mergeOut, mergeMount, mount)
	}
	var folders, want []string
	at := -1 // where the folders are in mergeArgs
	for i, a := range mergeArgs[1:] {
		if strings.Contains(a, ".shard-") {
			if at < 0 {
				at = i + 1
			}
			folders = append(folders, a)
		}
	}
	for k := 1; k <= shards; k++ {
		want = append(want, fmt.Sprintf("%s/%s.shard-%d-of-%d", mount, sc.Name, k, shards))
	}
	if !slices.Equal(folders, want) {
		t.Fatalf("job/%s merges %q, want the %d shard folders %q", mergeJob.Metadata.Name, folders, shards, want)
	}
	if !slices.Equal(mergeArgs[at:at+len(folders)], folders) {
		t.Fatalf("job/%s: the shard folders are not together in %q", mergeJob.Metadata.Name, mergeArgs)
	}

	// The user's run: the short scenario, 4 replications in 2 shards,
	// the volume a local folder.
	const n, reps = 2, 4
	scenario, name := deployWriteScenario(t)
	out := filepath.Join(t.TempDir(), "results")
	local := func(a string) string { // a path in the volume, on the local folder
		if a == mount || strings.HasPrefix(a, mount+"/") {
			return out + strings.TrimPrefix(a, mount)
		}
		return a
	}
	runArgs[1] = scenario
	deploySetFlag(t, runArgs, "shards", strconv.Itoa(n))
	deploySetFlag(t, runArgs, "replications", strconv.Itoa(reps))
	for i := range runArgs {
		runArgs[i] = local(runArgs[i])
	}
	for index := 0; index < n; index++ {
		t.Run(fmt.Sprintf("index-%d", index), func(t *testing.T) {
			t.Setenv("JOB_COMPLETION_INDEX", strconv.Itoa(index))
			if code, _, stderr := canalsim(t, runArgs...); code != 0 {
				t.Fatalf("%q: exit %d: %s", runArgs, code, stderr)
			}
		})
	}
	if t.Failed() {
		return
	}
	var local2 []string
	for k := 1; k <= n; k++ {
		local2 = append(local2, fmt.Sprintf("%s/%s.shard-%d-of-%d", out, name, k, n))
	}
	args := slices.Concat(mergeArgs[:at], local2, mergeArgs[at+len(folders):])
	for i := range args {
		args[i] = local(args[i])
	}
	if code, _, stderr := canalsim(t, args...); code != 0 {
		t.Fatalf("%q: exit %d: %s", args, code, stderr)
	}
	deploySameResults(t, filepath.Join(out, name), deployRunUnsharded(t, scenario, name, reps))
}

func deployIntString(p *int) string {
	if p == nil {
		return "unset"
	}
	return strconv.Itoa(*p)
}
