package search

import (
	"bytes"
	"context"
	"errors"
	"runtime"
	"sync/atomic"
	"testing"

	"gen/generator/internal/corpus"
	"gen/generator/output"
)

// countdown is a context that is done from its n-th look on: cancelling
// at every point where Write looks, one after another.
type countdown struct {
	context.Context
	left  atomic.Int64
	looks atomic.Int64
}

func (c *countdown) Err() error {
	c.looks.Add(1)
	if c.left.Add(-1) < 0 {
		return context.Canceled
	}
	return nil
}

// TestWriteCancelledAnywhere cancels Write at each point where it looks at
// its context, on four goroutines, so that some have begun a pass and
// others have not: it must return the cancellation or, when the last look
// passed, the very files of a write not cancelled — never panic or write
// something else.
func TestWriteCancelledAnywhere(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	ds := docs(corpus.Entries(120, 7))
	write := func(ctx context.Context) (*output.Mem, error) {
		ix := New(len(ds))
		ix.bigMin = 256
		for i, d := range ds {
			ix.Add(i, d)
		}
		mem := output.NewMem()
		_, err := ix.Write(ctx, mem)
		return mem, err
	}
	all := &countdown{Context: context.Background()}
	all.left.Store(1 << 40)
	want, err := write(all)
	if err != nil {
		t.Fatal(err)
	}
	looks := all.looks.Load()
	if looks < 20 {
		t.Fatalf("Write looked at its context %d times; the test needs a write of many passes", looks)
	}
	for n := int64(0); n <= looks+4; n++ {
		ctx := &countdown{Context: context.Background()}
		ctx.left.Store(n)
		got, err := write(ctx)
		switch {
		case errors.Is(err, context.Canceled):
			continue
		case err != nil:
			t.Fatalf("cancelled at look %d: %v", n, err)
		}
		if got.Len() != want.Len() {
			t.Fatalf("cancelled at look %d, Write returned no error but wrote %d files, not %d", n, got.Len(), want.Len())
		}
		want.Range(func(name string, b []byte) {
			if g, _ := got.Get(name); !bytes.Equal(g, b) {
				t.Errorf("cancelled at look %d, Write returned no error but %s differs", n, name)
			}
		})
	}
}
