package kernels

import (
	"math"
	"math/rand"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// countRanges records how often parallelFor hands out each index.
type countRanges struct {
	hits  []atomic.Int32
	align bool // every range but the last starts and ends on a multiple of 16
	bad   atomic.Bool
}

func (c *countRanges) runRange(lo, hi int) {
	if lo%16 != 0 || (hi != len(c.hits) && hi%16 != 0) || (lo >= hi && len(c.hits) > 0) {
		c.bad.Store(true)
	}
	for i := lo; i < hi; i++ {
		c.hits[i].Add(1)
	}
}

// TestParallelForCovers checks that parallelFor runs every index exactly
// once, in cache-line-aligned ranges, for several sizes and thread counts,
// including the parked-worker path (no spinning).
func TestParallelForCovers(t *testing.T) {
	defer SetThreads(SetThreads(0))
	defer forceSplit.Store(forceSplit.Swap(true))
	defer poolSpin.Store(poolSpin.Load())
	for _, spin := range []time.Duration{time.Duration(poolSpin.Load()), 0} {
		poolSpin.Store(int64(spin))
		for _, th := range []int{1, 2, 3, 8} {
			SetThreads(th)
			for _, n := range []int{0, 1, 15, 16, 17, 100, 1000, 4097, 100000} {
				for _, minChunk := range []int{1, 16, 100} {
					c := &countRanges{hits: make([]atomic.Int32, n)}
					parallelFor(n, minChunk, c)
					if c.bad.Load() {
						t.Fatalf("spin %v threads %d n %d minChunk %d: a range not aligned to 16", spin, th, n, minChunk)
					}
					for i := range c.hits {
						if h := c.hits[i].Load(); h != 1 {
							t.Fatalf("spin %v threads %d n %d minChunk %d: index %d run %d times", spin, th, n, minChunk, i, h)
						}
					}
				}
			}
		}
	}
}

// sumParts records which parts ran, from several callers at once.
type sumParts struct {
	job  parJob
	hits []atomic.Int32
}

func (s *sumParts) runPart(i int) {
	s.hits[i].Add(1)
	if i%3 == 0 {
		time.Sleep(time.Microsecond) // let other callers interleave
	}
}

// TestParallelConcurrentCallers runs parallel from several goroutines at
// once (more callers than workers, so offers find workers busy and are
// withdrawn), with and without spinning, for the race detector.
func TestParallelConcurrentCallers(t *testing.T) {
	defer SetThreads(SetThreads(0))
	defer poolSpin.Store(poolSpin.Load())
	for _, spin := range []time.Duration{time.Duration(poolSpin.Load()), 0} {
		poolSpin.Store(int64(spin))
		var wg sync.WaitGroup
		for g := 0; g < 4; g++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				s := &sumParts{hits: make([]atomic.Int32, 37)}
				for r := 1; r <= 30; r++ {
					parallel(&s.job, s, len(s.hits), 1+r%4)
					for i := range s.hits {
						if h := s.hits[i].Load(); h != int32(r) {
							t.Errorf("round %d: part %d ran %d times in all", r, i, h)
							return
						}
					}
				}
			}()
		}
		wg.Wait()
	}
}

// TestOptimThreadsBitIdentical checks that AdamStep and RMSPropStep give
// the same bits on one and on several threads, on slices long enough to be
// split and with lengths and offsets that are not multiples of the vector
// width.
func TestOptimThreadsBitIdentical(t *testing.T) {
	defer SetThreads(SetThreads(0))
	defer forceSplit.Store(forceSplit.Swap(true))
	r := rand.New(rand.NewSource(3))
	for _, n := range []int{2*optimMinChunk + 37, 5*optimMinChunk + 3} {
		fill := func(nonneg bool) []float32 {
			s := make([]float32, n+1)
			for i := range s {
				s[i] = r.Float32()*2 - 1
				if nonneg {
					s[i] *= s[i]
				}
			}
			return s[1:] // an odd offset
		}
		p0, g, m0, v0 := fill(false), fill(false), fill(false), fill(true)
		var ref [3][]float32
		var rmsRef [2][]float32
		for _, th := range []int{1, 2, 3} {
			SetThreads(th)
			p, m, v := append([]float32(nil), p0...), append([]float32(nil), m0...), append([]float32(nil), v0...)
			AdamStep(p, g, m, v, 1e-3, 0.9, 0.999, 1e-8, 7)
			sq := append([]float32(nil), v0...)
			p2 := append([]float32(nil), p0...)
			RMSPropStep(p2, g, sq, 1e-2, 0.99, 1e-8)
			got := [3][]float32{p, m, v}
			got2 := [2][]float32{p2, sq}
			if th == 1 {
				ref, rmsRef = got, got2
				continue
			}
			for k := range got {
				for i := range got[k] {
					if math.Float32bits(got[k][i]) != math.Float32bits(ref[k][i]) {
						t.Fatalf("AdamStep n=%d: slice %d element %d = %v on %d threads, %v on 1", n, k, i, got[k][i], th, ref[k][i])
					}
				}
			}
			for k := range got2 {
				for i := range got2[k] {
					if math.Float32bits(got2[k][i]) != math.Float32bits(rmsRef[k][i]) {
						t.Fatalf("RMSPropStep n=%d: slice %d element %d = %v on %d threads, %v on 1", n, k, i, got2[k][i], th, rmsRef[k][i])
					}
				}
			}
		}
	}
}

// TestOptimZeroAlloc checks that split optimizer steps allocate nothing
// once warm.
func TestOptimZeroAlloc(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates")
	}
	defer SetThreads(SetThreads(2))
	defer forceSplit.Store(forceSplit.Swap(true))
	n := 4 * optimMinChunk
	p, g, m, v := make([]float32, n), make([]float32, n), make([]float32, n), make([]float32, n)
	if a := testing.AllocsPerRun(10, func() { AdamStep(p, g, m, v, 1e-3, 0.9, 0.999, 1e-8, 1) }); a != 0 {
		t.Errorf("AdamStep: %v allocations per call, want 0", a)
	}
	if a := testing.AllocsPerRun(10, func() { RMSPropStep(p, g, v, 1e-3, 0.99, 1e-8) }); a != 0 {
		t.Errorf("RMSPropStep: %v allocations per call, want 0", a)
	}
}

// TestHelpRate checks the split hint: always after helpers took part, one
// call in 16 after they did not.
func TestHelpRate(t *testing.T) {
	var h helpRate
	for i := 0; i < 64; i++ {
		h.record(true)
	}
	for i := 0; i < 32; i++ {
		if !h.split() {
			t.Fatalf("call %d: no split after helpers took part", i)
		}
	}
	for i := 0; i < 64; i++ {
		h.record(false)
	}
	n := 0
	for i := 0; i < 160; i++ {
		if h.split() {
			n++
		}
	}
	if n != 10 {
		t.Fatalf("%d splits in 160 calls after helpers stayed away, want 10", n)
	}
}
