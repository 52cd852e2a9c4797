package main

import (
	"context"
	"io"
	"os"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// progress shows a study's replications done and the time left, on a
// terminal only: with output to a file or a pipe, or with --quiet, it
// shows nothing.
type progress struct {
	mu  sync.Mutex
	bar *progressbar.ProgressBar
}

// newProgress returns the progress display of a study of total
// replications named name, on w if w is a terminal.
func newProgress(w io.Writer, quiet bool, name string, total int) *progress {
	f, ok := w.(*os.File)
	if quiet || !ok || !term.IsTerminal(int(f.Fd())) {
		return &progress{}
	}
	return &progress{bar: progressbar.NewOptions(total,
		progressbar.OptionSetWriter(f),
		progressbar.OptionSetDescription(name),
		progressbar.OptionShowCount(),
		progressbar.OptionSetItsString("replications"),
		progressbar.OptionShowIts(),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionFullWidth(),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish(),
	)}
}

// set shows done replications; calls may come from several goroutines.
func (p *progress) set(done int) {
	if p.bar == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if done > int(p.bar.State().CurrentNum) {
		_ = p.bar.Set(done)
	}
}

// finish removes the bar.
func (p *progress) finish() {
	if p.bar == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	_ = p.bar.Exit()
}

// stopKey carries, in a context, the channel that closes when the user
// asks the program to stop gracefully (the first Ctrl-C or SIGTERM).
type stopKey struct{}

// withStop returns ctx carrying the graceful-stop channel stop.
func withStop(ctx context.Context, stop <-chan struct{}) context.Context {
	return context.WithValue(ctx, stopKey{}, stop)
}

// stopRequested returns ctx's graceful-stop channel (nil, which never
// closes, when there is none).
func stopRequested(ctx context.Context) <-chan struct{} {
	stop, _ := ctx.Value(stopKey{}).(<-chan struct{})
	return stop
}

// gracefulStop returns a channel that closes when the program is asked to
// stop gracefully (stopRequested) or when halt is called (as --stop-after
// does); release ends the watch of ctx.
func gracefulStop(ctx context.Context) (stop <-chan struct{}, halt, release func()) {
	ch := make(chan struct{})
	var once sync.Once
	halt = func() { once.Do(func() { close(ch) }) }
	finished := make(chan struct{})
	go func() {
		select {
		case <-stopRequested(ctx):
			halt()
		case <-finished:
		}
	}()
	return ch, halt, func() { close(finished) }
}

// closed returns a Stop hook (sim.Options) that says whether ch is
// closed: whether the program was asked to stop.
func closed(ch <-chan struct{}) func() bool {
	return func() bool {
		select {
		case <-ch:
			return true
		default:
			return false
		}
	}
}
