package main

import (
	"context"
	"fmt"
	"io"
)

func versionCmd(_ context.Context, args []string, stdout, _ io.Writer) error {
	if len(args) == 1 && (args[0] == "--help" || args[0] == "-h") {
		fmt.Fprintln(stdout, "Usage:\n  canalsim version\n\nPrints the program's version (also canalsim --version).")
		return nil
	}
	if len(args) > 0 {
		return usagef("version takes no arguments")
	}
	fmt.Fprintln(stdout, "canalsim", programVersion())
	return nil
}
