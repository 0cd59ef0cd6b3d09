package rnn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/corten-ml/corten/parallel"
)

// TestBatchPartsBitIdentical checks that running the steps on parts of the
// batch (several threads) gives the bits of one thread, forward and
// backward, for every cell, with one and two layers, several chunks and
// batches that split unevenly.
func TestBatchPartsBitIdentical(t *testing.T) {
	savedRows, savedChunk, savedMin := stepRows, chunkBytes, chunkMinRows
	t.Cleanup(func() { stepRows, chunkBytes, chunkMinRows = savedRows, savedChunk, savedMin })
	defer parallel.SetThreads(parallel.SetThreads(0))
	defer parallel.SetForceSplit(parallel.SetForceSplit(true))
	stepRows, chunkMinRows = 2, 1
	rng := rand.New(rand.NewPCG(7, 8))
	const in, hs, steps = 5, 19, 6
	for _, c := range []Cell{Tanh, LSTM, GRU} {
		for _, layers := range []int{1, 2} {
			for _, n := range []int{4, 7, 15} {
				for _, last := range []bool{false, true} {
					w := []Weights{randWeights(rng, c, in, hs), randWeights(rng, c, hs, hs)}[:layers]
					x := make([]float32, n*steps*in)
					for i := range x {
						x[i] = float32(rng.NormFloat64())
					}
					dy := make([]float32, n*hs*ternary(last, 1, steps))
					for i := range dy {
						dy[i] = float32(rng.NormFloat64())
					}
					// Chunks of two steps: the backward meets the parts'
					// results at every chunk.
					chunkBytes = 2 * 4 * n * c.Gates() * hs * ternary(c == GRU, 2, 1)
					// The gradients start non-zero: Backward adds to them.
					g0 := make([]Weights, layers)
					for k := range g0 {
						g0[k] = randWeights(rng, c, ternary(k == 0, in, hs), hs)
					}
					run := func(threads int) ([]float32, []float32, []Weights) {
						parallel.SetThreads(threads)
						s := New(c, in, hs, layers)
						y := make([]float32, len(dy))
						s.Forward(y, x, n, steps, last, w)
						g := make([]Weights, layers)
						for k := range g {
							g[k] = Weights{append([]float32(nil), g0[k].IH...), append([]float32(nil), g0[k].HH...),
								append([]float32(nil), g0[k].BIH...), append([]float32(nil), g0[k].BHH...)}
						}
						dx := make([]float32, len(x))
						s.Backward(dx, dy, last, w, g)
						return y, dx, g
					}
					y1, dx1, g1 := run(1)
					for _, threads := range []int{2, 3} {
						y, dx, g := run(threads)
						name := fmt.Sprintf("%v layers=%d n=%d last=%v threads=%d", c, layers, n, last, threads)
						same(t, name+" y", y, y1)
						same(t, name+" dx", dx, dx1)
						for k := range g {
							same(t, name+" dW_ih", g[k].IH, g1[k].IH)
							same(t, name+" dW_hh", g[k].HH, g1[k].HH)
							same(t, name+" db_ih", g[k].BIH, g1[k].BIH)
							same(t, name+" db_hh", g[k].BHH, g1[k].BHH)
						}
					}
				}
			}
		}
	}
}

func same(t *testing.T, what string, got, want []float32) {
	t.Helper()
	for i := range want {
		if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
			t.Fatalf("%s[%d] = %g, one thread gives %g", what, i, got[i], want[i])
		}
	}
}
