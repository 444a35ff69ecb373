// Package parallel is gen's one concurrency pattern: the caller
// preallocates a result slot per item, For runs f for every index on at most
// GOMAXPROCS goroutines, each call writes only its own slot, and For returns
// when all are done, so the next stage starts with every result in place.
package parallel

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"
)

// For calls f(i) for i in [0, n) on at most GOMAXPROCS goroutines and waits.
// Once ctx is done no new calls start, and For returns ctx's error.
func For(ctx context.Context, n int, f func(i int)) error {
	workers := min(runtime.GOMAXPROCS(0), n)
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= n || ctx.Err() != nil {
					return
				}
				f(i)
			}
		}()
	}
	wg.Wait()
	return ctx.Err()
}
