package kernels

import (
	"math"
	"math/rand"
	"testing"

	"github.com/corten-ml/corten/parallel"
)

// The optimizer steps on the worker pool: the pool itself is tested in
// package parallel.

// TestOptimThreadsBitIdentical checks that AdamStep and RMSPropStep give
// the same bits on one and on several threads, on slices long enough to be
// split and with lengths and offsets that are not multiples of the vector
// width.
func TestOptimThreadsBitIdentical(t *testing.T) {
	defer parallel.SetThreads(parallel.SetThreads(0))
	defer parallel.SetForceSplit(parallel.SetForceSplit(true))
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
			parallel.SetThreads(th)
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
	defer parallel.SetThreads(parallel.SetThreads(2))
	defer parallel.SetForceSplit(parallel.SetForceSplit(true))
	n := 4 * optimMinChunk
	p, g, m, v := make([]float32, n), make([]float32, n), make([]float32, n), make([]float32, n)
	if a := testing.AllocsPerRun(10, func() { AdamStep(p, g, m, v, 1e-3, 0.9, 0.999, 1e-8, 1) }); a != 0 {
		t.Errorf("AdamStep: %v allocations per call, want 0", a)
	}
	if a := testing.AllocsPerRun(10, func() { RMSPropStep(p, g, v, 1e-3, 0.99, 1e-8) }); a != 0 {
		t.Errorf("RMSPropStep: %v allocations per call, want 0", a)
	}
}
