// Package inputtest holds what the fuzzers of the input readers share: a
// check that reading an input costs time and memory in proportion to its
// size, whatever it holds. It is a test helper, like net/http/httptest,
// and lives outside sim because it reads the wall clock.
package inputtest

import (
	"runtime"
	"testing"
	"time"
)

// Budgets of Bounded: a fixed part, and a part per byte of input.
const (
	BaseTime     = 2 * time.Second
	TimePerMiB   = 2 * time.Second
	BaseBytes    = 64 << 20
	BytesPerByte = 512
)

// Bounded runs read, which reads an input of size bytes, and fails t if
// it took longer than BaseTime plus TimePerMiB per MiB, or allocated more
// than BaseBytes plus BytesPerByte per byte: a reader that is
// superlinear, or that a small input makes allocate without bound, is
// caught on the inputs the fuzzer finds. Allocation is counted over the
// whole process, so Bounded must not run in parallel with other work.
func Bounded(t testing.TB, size int, read func()) {
	t.Helper()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	read()
	took := time.Since(start)
	runtime.ReadMemStats(&after)
	if limit := BaseTime + time.Duration(float64(TimePerMiB)*float64(size)/(1<<20)); took > limit {
		t.Errorf("reading %d bytes took %v; at most %v", size, took, limit)
	}
	if used, limit := after.TotalAlloc-before.TotalAlloc, uint64(BaseBytes+BytesPerByte*size); used > limit {
		t.Errorf("reading %d bytes allocated %d bytes; at most %d", size, used, limit)
	}
}
