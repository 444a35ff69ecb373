package photo

import (
	"context"
	"io/fs"
	"runtime"
	"sync"
)

// Batch makes every photo of names on Options.Workers goroutines (default
// GOMAXPROCS). each(i, res, err) is called for names[i] as soon as it is
// done — write the outputs there and drop them, so that memory does not
// grow with the number of photos; progress(done, total) after each one.
// Both are called from one goroutine at a time (either may be nil).
// Once ctx is done no new photo starts, the ones running stop at their
// next stage or read, and Batch returns ctx's error; what was finished is
// in the cache. Batch saves the index of originals when it ends; when not
// cancelled it keeps only the names it was given, so give it every photo.
func (p *Processor) Batch(ctx context.Context, fsys fs.FS, names []string,
	progress func(done, total int), each func(i int, res *Result, err error)) error {
	return p.batch(ctx, fsys, names, progress, each, true)
}

// Fill makes the copies of names into the cache, as Batch does, but keeps
// every other photo in the index of originals: it is for some photos
// only (gen serve's Pending ones). failed[i] is why names[i] could not be
// made (nil: it is in the cache now, or was kept); err is ctx's.
func (p *Processor) Fill(ctx context.Context, fsys fs.FS, names []string) (failed []error, err error) {
	failed = make([]error, len(names))
	err = p.batch(ctx, fsys, names, nil, func(i int, _ *Result, err error) { failed[i] = err }, false)
	return failed, err
}

func (p *Processor) batch(ctx context.Context, fsys fs.FS, names []string,
	progress func(done, total int), each func(i int, res *Result, err error), prune bool) error {
	workers := p.opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	var (
		mu   sync.Mutex
		done int
		wg   sync.WaitGroup
		next = make(chan int)
	)
	for range min(workers, len(names)) {
		wg.Go(func() {
			for i := range next {
				res, err := p.Make(ctx, fsys, names[i])
				mu.Lock()
				done++
				if each != nil && (err == nil || ctx.Err() == nil) {
					each(i, res, err)
				}
				if progress != nil {
					progress(done, len(names))
				}
				mu.Unlock()
			}
		})
	}
feed:
	for i := range names {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	// A failure to write the index only costs the next run its reads.
	p.idx.save(prune && ctx.Err() == nil)
	return ctx.Err()
}

// budget is a counting semaphore over bytes: jobs take what they will
// hold at their peak, so that Memory bounds the decoded pixels of all
// goroutines together. Acquirers queue one at a time (mu), so two large
// jobs can never each hold half of what both need.
type budget struct {
	mu     sync.Mutex // held by the one acquirer that is waiting
	tokens chan struct{}
	unit   int64
}

const budgetUnit = 1 << 20 // 1 MiB

func newBudget(total int64) *budget {
	n := max(1, total/budgetUnit)
	b := &budget{tokens: make(chan struct{}, n), unit: budgetUnit}
	for range n {
		b.tokens <- struct{}{}
	}
	return b
}

func (b *budget) units(n int64) int {
	return int(min(max(1, (n+b.unit-1)/b.unit), int64(cap(b.tokens))))
}

func (b *budget) acquire(ctx context.Context, n int64) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	for got := 0; got < b.units(n); got++ {
		select {
		case <-b.tokens:
		case <-ctx.Done():
			for range got {
				b.tokens <- struct{}{}
			}
			return ctx.Err()
		}
	}
	return nil
}

func (b *budget) release(n int64) {
	for range b.units(n) {
		b.tokens <- struct{}{}
	}
}
