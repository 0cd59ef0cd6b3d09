package parallel

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// withSpins runs f with the workers' default spin time and with none (so
// that workers nap and park between calls and callers park on their
// helpers), restoring the setting afterwards.
func withSpins(f func(spin time.Duration)) {
	defer poolSpin.Store(poolSpin.Load())
	for _, spin := range []time.Duration{time.Duration(poolSpin.Load()), 0} {
		poolSpin.Store(int64(spin))
		f(spin)
	}
}

// countParts records how often Run runs each part; parts below nestBelow
// run a nested Run over inner.
type countParts struct {
	hits      []atomic.Int32
	nestBelow int
	inner     *countParts
}

func (c *countParts) RunPart(i int) {
	c.hits[i].Add(1)
	if i < c.nestBelow {
		Run(len(c.inner.hits), c.inner)
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

// TestRunCovers checks that Run runs every part exactly once for several
// part and thread counts, with and without spinning workers, and when a
// part calls Run itself.
func TestRunCovers(t *testing.T) {
	defer SetThreads(SetThreads(0))
	withSpins(func(spin time.Duration) {
		for _, th := range []int{1, 2, 3, 8} {
			SetThreads(th)
			for _, n := range []int{0, 1, 2, 3, 17, 100} {
				c := &countParts{hits: make([]atomic.Int32, n)}
				Run(n, c)
				c.check(t, "flat", 1)
				inner := &countParts{hits: make([]atomic.Int32, 5)}
				c = &countParts{hits: make([]atomic.Int32, n), nestBelow: 2, inner: inner}
				Run(n, c)
				c.check(t, "nested outer", 1)
				inner.check(t, "nested inner", int32(min(n, 2)))
			}
		}
	})
}

// TestRunConcurrent runs Run from more goroutines than there are
// workers, for the race detector.
func TestRunConcurrent(t *testing.T) {
	defer SetThreads(SetThreads(3))
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := &countParts{hits: make([]atomic.Int32, 23)}
			for r := int32(1); r <= 50; r++ {
				Run(len(c.hits), c)
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

// countRanges records how often For hands out each index.
type countRanges struct {
	hits []atomic.Int32
	bad  atomic.Bool // a range was empty or not aligned to 16 (but at n)
}

func (c *countRanges) RunRange(lo, hi int) {
	if lo%16 != 0 || (hi != len(c.hits) && hi%16 != 0) || (lo >= hi && len(c.hits) > 0) {
		c.bad.Store(true)
	}
	for i := lo; i < hi; i++ {
		c.hits[i].Add(1)
	}
}

// TestForCovers checks that For runs every index exactly once, in
// cache-line-aligned ranges, for several sizes and thread counts, with and
// without spinning workers.
func TestForCovers(t *testing.T) {
	defer SetThreads(SetThreads(0))
	defer SetForceSplit(SetForceSplit(true))
	withSpins(func(spin time.Duration) {
		for _, th := range []int{1, 2, 3, 8} {
			SetThreads(th)
			for _, n := range []int{0, 1, 15, 16, 17, 100, 1000, 4097, 100000} {
				for _, minChunk := range []int{1, 16, 100} {
					c := &countRanges{hits: make([]atomic.Int32, n)}
					For(n, minChunk, c)
					if c.bad.Load() {
						t.Fatalf("spin %v threads %d n %d minChunk %d: a range empty or not aligned to 16", spin, th, n, minChunk)
					}
					for i := range c.hits {
						if h := c.hits[i].Load(); h != 1 {
							t.Fatalf("spin %v threads %d n %d minChunk %d: index %d run %d times", spin, th, n, minChunk, i, h)
						}
					}
				}
			}
		}
	})
}

// TestForUnforced runs For under Demand's own judgement, which may or may
// not split: every index still runs exactly once.
func TestForUnforced(t *testing.T) {
	defer SetThreads(SetThreads(2))
	for r := 0; r < 50; r++ {
		c := &countRanges{hits: make([]atomic.Int32, 5000)}
		For(len(c.hits), 100, c)
		for i := range c.hits {
			if h := c.hits[i].Load(); h != 1 {
				t.Fatalf("round %d: index %d run %d times", r, i, h)
			}
		}
	}
}

// TestZeroAlloc checks that warm Run and For calls allocate nothing.
func TestZeroAlloc(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates")
	}
	defer SetThreads(SetThreads(2))
	defer SetForceSplit(SetForceSplit(true))
	c := &countParts{hits: make([]atomic.Int32, 8)}
	Run(len(c.hits), c)
	if a := testing.AllocsPerRun(100, func() { Run(len(c.hits), c) }); a != 0 {
		t.Errorf("Run: %v allocations per call, want 0", a)
	}
	r := &countRanges{hits: make([]atomic.Int32, 1000)}
	For(len(r.hits), 16, r)
	if a := testing.AllocsPerRun(100, func() { For(len(r.hits), 16, r) }); a != 0 {
		t.Errorf("For: %v allocations per call, want 0", a)
	}
}
