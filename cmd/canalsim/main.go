// Command canalsim simulates the Panama Canal and the container terminals
// at its entrances, and measures what a disruption (a terminal closed, a
// lock lane out) does to canal and port throughput.
//
// Usage:
//
//	canalsim run [SCENARIO...] [flags]   run scenarios paired with their baselines
//	canalsim merge SHARD_FOLDER...       combine the shards of a run or an analysis into its results
//	canalsim sensitivity SCENARIO        measure which assumptions drive its answer
//	canalsim plot DIR... [--format F]    redraw the figures of results folders
//	canalsim report DIR...               write report.html for results folders
//	canalsim compare DIR DIR... [--out F] compare results folders side by side
//	canalsim hindcast DIR OBSERVED.csv   compare a results folder with a published series
//	canalsim validate SCENARIO...        check scenario files without running them
//	canalsim targets SCENARIO [--as-of DATE]  show what each target resolves to
//	canalsim network [--format dot|geojson]   export the network
//	canalsim list                        list the library's scenarios
//	canalsim version                     print the program version
//
// Run "canalsim COMMAND --help" for a command's flags. Exit status: 0 on
// success, 1 when a run fails, 2 for bad usage or bad input.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/pflag"

	"github.com/canalsim/canalsim/sim/input"
)

// version is the program version; release builds set it with
// -ldflags "-X main.version=v1.2.3".
var version = ""

// programVersion returns the program version: the one set at link time,
// the module version when installed with go install, or "dev" with the
// commit it was built from when the build recorded one ("dev+0123abcd4567",
// "-dirty" for uncommitted changes), so that records of different builds
// are told apart.
func programVersion() string {
	if version != "" {
		return version
	}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "dev"
	}
	if bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	v := "dev"
	var rev, dirty string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				dirty = "-dirty"
			}
		}
	}
	if rev != "" {
		v += "+" + rev[:min(12, len(rev))] + dirty
	}
	return v
}

// command is a subcommand: its name, a one-line summary, and its entry
// point, which gets the arguments after the command's name.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

func commands() []command {
	return []command{
		{"run", "run scenarios, each paired with its baseline, and write results", runCmd},
		{"merge", "combine the shards of a run or an analysis into its results", mergeCmd},
		{"sensitivity", "measure which of a scenario's assumptions drive its answer", sensitivityCmd},
		{"plot", "redraw the figures of results folders from their files", plotCmd},
		{"report", "write report.html for results folders from their files", reportCmd},
		{"compare", "compare results folders side by side in compare.html", compareCmd},
		{"hindcast", "compare a results folder with a published series", hindcastCmd},
		{"validate", "check scenario files without running them", validateCmd},
		{"targets", "show what each disruption's target resolves to, with owners", targetsCmd},
		{"network", "export the network for Graphviz (DOT) or GIS tools (GeoJSON)", networkCmd},
		{"list", "list the library's scenarios", listCmd},
		{"version", "print the program version", versionCmd},
	}
}

func main() {
	// The first Ctrl-C (or SIGTERM, as a cluster scheduler sends before
	// it kills a job) stops gracefully: replications under way finish
	// and what is done is kept; the second stops at once.
	ctx, cancel := context.WithCancel(context.Background())
	stop := make(chan struct{})
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-sigs
		close(stop)
		fmt.Fprintln(os.Stderr, "\ncanalsim: stopping once the replications under way finish (Ctrl-C again to stop at once)")
		<-sigs
		cancel()
		// What watches ctx (the replications, the writing of results
		// between files) ends at once; what does not (a large file being
		// written) is not waited for long. The temporary folder it leaves
		// is removed by a later run (cleanStale).
		time.Sleep(2 * time.Second)
		fmt.Fprintln(os.Stderr, "canalsim: stopped")
		os.Exit(exitFailure)
	}()
	code := run(withStop(ctx, stop), os.Args[1:], os.Stdout, os.Stderr)
	cancel()
	os.Exit(code)
}

// Exit codes.
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
)

// usageError marks an error as bad usage (exit status 2).
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error {
	return usageError{fmt.Errorf(format, args...)}
}

// run is the whole program: it parses args, runs the command and maps its
// error to an exit status. It writes only to stdout and stderr.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	err := dispatch(ctx, args, stdout, stderr)
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, pflag.ErrHelp):
		return exitOK
	}
	fmt.Fprintln(stderr, message(err))
	if isUsage(err) {
		return exitUsage
	}
	return exitFailure
}

// message formats an error for the user: input errors one per line, as
// file:line:col: message; others prefixed with the program's name.
func message(err error) string {
	if l := input.AsErrors(err); l != nil {
		return l.Error()
	}
	// Bounded, as a value given on the command line may be of any length.
	return "canalsim: " + input.Truncate(err.Error(), input.MaxMessageBytes)
}

// isUsage reports whether err is the user's to fix: bad flags or
// arguments, bad input files, or an output folder that cannot be written.
func isUsage(err error) bool {
	var u usageError
	var o outputError
	return errors.As(err, &u) || errors.As(err, &o) || input.AsErrors(err) != nil
}

func dispatch(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := pflag.NewFlagSet("canalsim", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	showVersion := fs.BoolP("version", "v", false, "print the program version")
	fs.SetInterspersed(false)
	fs.Usage = func() { mainUsage(stdout, fs) }
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *showVersion {
		return versionCmd(ctx, nil, stdout, stderr)
	}
	rest := fs.Args()
	if len(rest) == 0 {
		mainUsage(stderr, fs)
		return usagef("no command given")
	}
	if rest[0] == "help" {
		if len(rest) > 1 {
			return dispatch(ctx, []string{rest[1], "--help"}, stdout, stderr)
		}
		mainUsage(stdout, fs)
		return nil
	}
	for _, c := range commands() {
		if c.name == rest[0] {
			return c.run(ctx, rest[1:], stdout, stderr)
		}
	}
	names := make([]string, 0, len(commands()))
	for _, c := range commands() {
		names = append(names, c.name)
	}
	if s := input.Suggest(rest[0], names); s != "" {
		return usagef("unknown command %q; did you mean %q?", rest[0], s)
	}
	return usagef("unknown command %q; commands: %s", rest[0], strings.Join(names, ", "))
}

// parseFlags parses a command's flags: bad flags are usage errors, and an
// unknown flag gets the closest known one as a suggestion
// ("--replicatons: did you mean --replications?"). --help gives
// pflag.ErrHelp.
func parseFlags(fs *pflag.FlagSet, args []string) error {
	err := fs.Parse(args)
	if err == nil || errors.Is(err, pflag.ErrHelp) {
		return err
	}
	var ne *pflag.NotExistError
	if !errors.As(err, &ne) {
		return usageError{err}
	}
	names := []string{"help"} // pflag's own
	fs.VisitAll(func(f *pflag.Flag) {
		if !f.Hidden {
			names = append(names, f.Name)
		}
	})
	help := "canalsim --help"
	if fs.Name() != "canalsim" {
		help = "canalsim " + fs.Name() + " --help"
	}
	name, group := ne.GetSpecifiedName(), ne.GetSpecifiedShortnames()
	if group != "" {
		// -replications is read as the short flags -r -e -p ...: the
		// long flag was likely meant.
		if s := input.Suggest(group, names); s != "" {
			return usagef("unknown flag -%s; did you mean --%s?", input.Truncate(group, 80), s)
		}
		return usagef("unknown flag -%s in -%s (the flags: %s)", name[:1], input.Truncate(group, 80), help)
	}
	if s := input.Suggest(name, names); s != "" {
		return usagef("unknown flag --%s; did you mean --%s?", input.Truncate(name, 80), s)
	}
	return usagef("unknown flag --%s (the flags: %s)", input.Truncate(name, 80), help)
}

func mainUsage(w io.Writer, fs *pflag.FlagSet) {
	fmt.Fprintf(w, `canalsim simulates the Panama Canal and the container terminals at its
entrances, and measures what a disruption does to canal and port throughput.

Usage:
  canalsim COMMAND [ARGS] [FLAGS]

Commands:
`)
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(w, `
Flags:
%s
Run "canalsim COMMAND --help" for a command's flags. With no scenario,
"canalsim run" runs the library's ppc-closure scenario.
`, fs.FlagUsages())
}
