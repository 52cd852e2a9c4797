package main

import (
	"context"
	"fmt"
	"io"
)

func versionCmd(_ context.Context, args []string, stdout, _ io.Writer) error {
	if len(args) > 0 {
		return usagef("version takes no arguments")
	}
	fmt.Fprintln(stdout, "canalsim", programVersion())
	return nil
}
