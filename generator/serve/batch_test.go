package serve

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// fakeQuiet is a batcher whose quiet periods end when the test says: each
// start of one is sent on started, and it ends when the test sends on it
// (unbuffered: the send returns once the batcher has seen the end).
func fakeQuiet(t *testing.T) (*batcher, chan chan time.Time) {
	t.Helper()
	started := make(chan chan time.Time, 16)
	b := newBatcher(time.Hour)
	b.after = func(time.Duration) <-chan time.Time {
		c := make(chan time.Time)
		started <- c
		return c
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	go b.run(ctx)
	return b, started
}

// end ends the quiet period the batcher waits for: c, or one started after
// it (a change the batcher took late starts one more), and reports false if
// a batch was handed over meanwhile (in *batch). The timeout is a safeguard
// against a hang, not part of what is tested.
func end(t *testing.T, b *batcher, started chan chan time.Time, c chan time.Time, batch *[]string) bool {
	t.Helper()
	timeout := time.After(10 * time.Second)
	for {
		select {
		case c <- time.Time{}:
			return true
		case c = <-started:
		case got, ok := <-b.out:
			if !ok {
				t.Fatal("out closed")
			}
			*batch = got
			return false
		case <-timeout:
			t.Fatal("the batcher waits for no quiet period")
		}
	}
}

// drive ends every quiet period the batcher starts until it hands over a
// batch, and returns it.
func drive(t *testing.T, b *batcher, started chan chan time.Time) []string {
	t.Helper()
	var batch []string
	for {
		select {
		case c := <-started:
			if !end(t, b, started, c, &batch) {
				return batch
			}
		case got, ok := <-b.out:
			if !ok {
				t.Fatal("out closed")
			}
			return got
		case <-time.After(10 * time.Second):
			t.Fatal("no batch handed over")
		}
	}
}

func TestBatcher(t *testing.T) {
	b, started := fakeQuiet(t)

	// A burst: every change starts the quiet period anew, and the batch,
	// sorted and without repeats, comes when the last one ends.
	b.add("content/b.md", "content/a.md")
	first := <-started
	b.add("content/a.md")
	last := <-started // the batcher took the second change: first is forgotten
	last <- time.Time{}
	if got := fmt.Sprint(drive(t, b, started)); got != "[content/a.md content/b.md]" {
		t.Errorf("burst = %s", got)
	}
	select {
	case first <- time.Time{}:
		t.Error("the batcher still waits for the end of a quiet period it restarted")
	default:
	}

	// Changes lost in a burst: nil, whatever else came.
	b.add("x.md")
	b.lose()
	if got := drive(t, b, started); got != nil {
		t.Errorf("lost burst = %v, want nil", got)
	}

	var early []string
	// Changes that come while a batch waits for the receiver are not lost:
	// they come in that batch or the next, once each.
	b.add("1.md")
	seen := map[string]int{}
	if !end(t, b, started, <-started, &early) {
		t.Fatalf("a batch before the quiet period ended: %v", early)
	}
	b.add("2.md")
	for seen["1.md"] == 0 || seen["2.md"] == 0 {
		for _, p := range drive(t, b, started) {
			seen[p]++
		}
	}
	if seen["1.md"] != 1 || seen["2.md"] != 1 {
		t.Errorf("paths handed over: %v", seen)
	}
}

// take: a burst's paths sorted and without repeats; nil if changes were
// lost; nothing to hand over for a burst without paths.
func TestBatcherTake(t *testing.T) {
	b := newBatcher(time.Hour)
	b.add("b.md", "a.md")
	b.add("a.md")
	if got, ok := b.take(); fmt.Sprint(got) != "[a.md b.md]" || !ok {
		t.Errorf("take = %v, %v", got, ok)
	}
	if got, ok := b.take(); got != nil || ok {
		t.Errorf("take of nothing = %v, %v, want nil, false", got, ok)
	}
	b.add()
	if got, ok := b.take(); got != nil || ok {
		t.Errorf("take after add() = %v, %v, want nil, false", got, ok)
	}
	b.add("x.md")
	b.lose()
	if got, ok := b.take(); got != nil || !ok {
		t.Errorf("take after lose = %v, %v, want nil, true", got, ok)
	}
	if got, ok := b.take(); got != nil || ok {
		t.Errorf("take after a lost burst = %v, %v, want nil, false", got, ok)
	}
}

// When ctx is done, out is closed.
func TestBatcherStops(t *testing.T) {
	b := newBatcher(time.Hour)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { b.run(ctx); close(done) }()
	b.add("a.md")
	cancel()
	<-done
	if _, ok := <-b.out; ok {
		t.Error("out still open")
	}
}
