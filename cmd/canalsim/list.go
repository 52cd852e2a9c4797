package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/pflag"

	"github.com/canalsim/canalsim/scenarios"
)

// listCmd implements "canalsim list".
func listCmd(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := pflag.NewFlagSet("list", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stdout, "Usage:\n  canalsim list\n\nLists the library's scenarios, usable by name with canalsim run.\n")
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("list takes no arguments")
	}
	width := 0
	for _, name := range scenarios.Library() {
		width = max(width, len(name))
	}
	for _, name := range scenarios.Library() {
		sc, _, err := scenarios.Load(name)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%-*s  %s\n", width, name, strings.Join(strings.Fields(sc.Description), " "))
	}
	return nil
}
