package kernels

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// countParts records how often Parallel runs each part; parts below
// nestBelow run a nested Parallel over inner.
type countParts struct {
	hits      []atomic.Int32
	nestBelow int
	inner     *countParts
}

func (c *countParts) RunPart(i int) {
	c.hits[i].Add(1)
	if i < c.nestBelow {
		Parallel(len(c.inner.hits), c.inner)
	}
}

func (c *countParts) check(t *testing.T, what string, want int32) {
	t.Helper()
	for i := range c.hits {
		if h := c.hits[i].Load(); h != want {
			t.Fatalf("%s: part %d ran %d times, want %d", what, i, h, want)
		}
	}
}

// TestParallelCovers checks that Parallel runs every part exactly once for
// several part and thread counts, with and without spinning workers, and
// when a part calls Parallel itself.
func TestParallelCovers(t *testing.T) {
	defer SetThreads(SetThreads(0))
	defer poolSpin.Store(poolSpin.Load())
	for _, spin := range []time.Duration{time.Duration(poolSpin.Load()), 0} {
		poolSpin.Store(int64(spin))
		for _, th := range []int{1, 2, 3, 8} {
			SetThreads(th)
			for _, n := range []int{0, 1, 2, 3, 17, 100} {
				c := &countParts{hits: make([]atomic.Int32, n)}
				Parallel(n, c)
				c.check(t, "flat", 1)
				inner := &countParts{hits: make([]atomic.Int32, 5)}
				c = &countParts{hits: make([]atomic.Int32, n), nestBelow: 2, inner: inner}
				Parallel(n, c)
				c.check(t, "nested outer", 1)
				inner.check(t, "nested inner", int32(min(n, 2)))
			}
		}
	}
}

// TestParallelConcurrent runs Parallel from more goroutines than there
// are workers, for the race detector.
func TestParallelConcurrent(t *testing.T) {
	defer SetThreads(SetThreads(3))
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := &countParts{hits: make([]atomic.Int32, 23)}
			for r := int32(1); r <= 50; r++ {
				Parallel(len(c.hits), c)
				for i := range c.hits {
					if h := c.hits[i].Load(); h != r {
						t.Errorf("round %d: part %d ran %d times in all", r, i, h)
						return
					}
				}
			}
		}()
	}
	wg.Wait()
}

// TestParallelZeroAlloc checks that a warm Parallel allocates nothing.
func TestParallelZeroAlloc(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates")
	}
	defer SetThreads(SetThreads(2))
	c := &countParts{hits: make([]atomic.Int32, 8)}
	Parallel(len(c.hits), c)
	if a := testing.AllocsPerRun(100, func() { Parallel(len(c.hits), c) }); a != 0 {
		t.Errorf("%v allocations per call, want 0", a)
	}
}
