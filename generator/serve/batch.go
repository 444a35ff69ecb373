package serve

import (
	"context"
	"sort"
	"sync"
	"time"
)

// batcher gathers changed paths into bursts, as Hugo's watcher/batcher.go
// does: an editor's save is several events (write, chmod, rename …) and a
// "save all" or a git checkout is hundreds, and the site should be rebuilt
// once for them all. A burst ends when no change has come for quiet; its
// paths are handed over sorted and without repeats. While the receiver is
// busy with a burst, later changes join the next one. A burst in which
// changes were lost (lose) is handed over as nil: everything must be read
// again. A burst without paths is not handed over.
type batcher struct {
	out   chan []string // closed when run returns
	quiet time.Duration
	// after starts the quiet period anew at each change: time.After, or a
	// test's own clock.
	after func(time.Duration) <-chan time.Time

	mu      sync.Mutex
	pending map[string]bool
	lost    bool
	kick    chan struct{} // a change came; holds one at most
}

func newBatcher(quiet time.Duration) *batcher {
	return &batcher{out: make(chan []string), quiet: quiet, after: time.After, pending: map[string]bool{}, kick: make(chan struct{}, 1)}
}

// add notes changed paths.
func (b *batcher) add(paths ...string) {
	b.mu.Lock()
	for _, p := range paths {
		b.pending[p] = true
	}
	b.mu.Unlock()
	b.poke()
}

// lose notes that changes were lost.
func (b *batcher) lose() {
	b.mu.Lock()
	b.lost = true
	b.mu.Unlock()
	b.poke()
}

func (b *batcher) poke() {
	select {
	case b.kick <- struct{}{}:
	default:
	}
}

// run hands over bursts on out until ctx is done.
func (b *batcher) run(ctx context.Context) {
	defer close(b.out)
	for {
		select {
		case <-ctx.Done():
			return
		case <-b.kick:
		}
		quiet := b.after(b.quiet)
	burst:
		for {
			select {
			case <-ctx.Done():
				return
			case <-b.kick:
				quiet = b.after(b.quiet)
			case <-quiet:
				break burst
			}
		}
		batch, ok := b.take()
		if !ok {
			continue
		}
		select {
		case b.out <- batch:
		case <-ctx.Done():
			return
		}
	}
}

// take empties the burst: its sorted paths (nil if changes were lost), and
// false when there is nothing to hand over.
func (b *batcher) take() ([]string, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	lost, pending := b.lost, b.pending
	b.pending, b.lost = map[string]bool{}, false
	if lost {
		return nil, true
	}
	if len(pending) == 0 {
		return nil, false
	}
	batch := make([]string, 0, len(pending))
	for p := range pending {
		batch = append(batch, p)
	}
	sort.Strings(batch)
	return batch, true
}
