//go:build linux

package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// The memory budgets of issue 17, measured on the program itself: each
// benchmark builds canalsim from this module, runs it as a process of its
// own and reports its peak resident memory (peak-MB: the kernel's maxrss,
// which /usr/bin/time -v prints as "Maximum resident set size") and its
// wall time (s/run). They are long, so make bench runs them once each
// (-benchtime 1x), apart from the others: BenchmarkRunMemory in make
// bench, BenchmarkRunMemoryYear in make bench-year.

// BenchmarkRunMemory runs "canalsim run ppc-closure -n 10000 --quiet",
// figures and report included. The budget is 500 MB.
func BenchmarkRunMemory(b *testing.B) {
	benchRunMemory(b, []string{"ppc-closure", "-n", "10000"})
}

// BenchmarkRunMemoryYear runs 100,000 paired replications of a one-year
// ppc-closure (the library's scenario over 365 reported days after its 14
// of warm-up), figures and report included: about 75 minutes on two
// cores, and 14 GB of daily.csv in the temporary folder. The budget is
// 4 GB.
func BenchmarkRunMemoryYear(b *testing.B) {
	text, err := os.ReadFile(filepath.Join("..", "..", "scenarios", "ppc-closure.yaml"))
	if err != nil {
		b.Fatal(err)
	}
	year := strings.Replace(string(text), "\ndays: 120\n", "\ndays: 365\n", 1)
	if year == string(text) {
		b.Fatal("scenarios/ppc-closure.yaml no longer has days: 120; update this benchmark")
	}
	// The scenario's relative references (none today) would be read
	// from the library's folder.
	path := filepath.Join(b.TempDir(), "ppc-closure-year.yaml")
	if err := os.WriteFile(path, []byte(year), 0o644); err != nil {
		b.Fatal(err)
	}
	benchRunMemory(b, []string{path, "-n", "100000"})
}

// benchRunMemory builds canalsim and runs "canalsim run ARGS --quiet" b.N
// times, reporting the largest peak resident memory of the runs.
func benchRunMemory(b *testing.B, args []string) {
	bin := filepath.Join(b.TempDir(), "canalsim")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	var peak int64
	b.ResetTimer()
	for range b.N {
		out := filepath.Join(b.TempDir(), "out")
		cmd := exec.Command(bin, append(append([]string{"run"}, args...), "--quiet", "--out", out)...)
		cmd.Stderr = os.Stderr
		if err := cmd.Run(); err != nil {
			b.Fatalf("canalsim run %s: %v", strings.Join(args, " "), err)
		}
		ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
		if !ok {
			b.Fatal("no resource usage for the run")
		}
		peak = max(peak, ru.Maxrss) // kilobytes on Linux
		b.StopTimer()
		os.RemoveAll(out)
		b.StartTimer()
	}
	b.ReportMetric(float64(peak)/1024, "peak-MB")
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/run")
}
