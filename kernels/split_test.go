package kernels

import (
	"fmt"
	"math"
	"math/rand"
	"testing"

	"github.com/corten-ml/corten/parallel"
)

// TestElementwiseThreads checks that the elementwise kernels that split
// long slices over the workers give the same bits, and write exactly
// their slices, on one and on several threads: lengths around the split
// threshold and not multiples of the vector width or of the range size,
// an odd offset, an in-place call, and a row width for AddBias that does
// not divide the range size.
func TestElementwiseThreads(t *testing.T) {
	defer parallel.SetThreads(parallel.SetThreads(0))
	defer parallel.SetForceSplit(parallel.SetForceSplit(true))
	r := rand.New(rand.NewSource(4))
	ops := []struct {
		name string
		run  func(out [2][]float32, a, b []float32)
	}{
		{"GELU", func(o [2][]float32, a, _ []float32) { GELU(o[0], a) }},
		{"GELU in place", func(o [2][]float32, a, _ []float32) { copy(o[0], a); GELU(o[0], o[0]) }},
		{"GELUBackward", func(o [2][]float32, a, b []float32) { GELUBackward(o[0], a, b) }},
		{"GELUWithGrad", func(o [2][]float32, a, _ []float32) { GELUWithGrad(o[0], o[1], a) }},
		{"GELUTanh", func(o [2][]float32, a, _ []float32) { GELUTanh(o[0], a) }},
		{"GELUTanhBackward", func(o [2][]float32, a, b []float32) { GELUTanhBackward(o[0], a, b) }},
		{"GELUTanhWithGrad", func(o [2][]float32, a, _ []float32) { GELUTanhWithGrad(o[0], o[1], a) }},
		{"Add", func(o [2][]float32, a, b []float32) { Add(o[0], a, b) }},
		{"Sub", func(o [2][]float32, a, b []float32) { Sub(o[0], a, b) }},
		{"Mul", func(o [2][]float32, a, b []float32) { Mul(o[0], a, b) }},
		{"AddBias", func(o [2][]float32, a, b []float32) {
			copy(o[0], a)
			AddBias(o[0][:len(a)/37*37], b[:37])
		}},
	}
	for _, n := range []int{2*elemMinChunk - 1, 2*elemMinChunk + 37, 5*elemMinChunk + 3} {
		a, b := make([]float32, n+1)[1:], make([]float32, n+1)[1:]
		for i := range a {
			a[i], b[i] = float32(r.NormFloat64()*3), float32(r.NormFloat64())
		}
		for _, op := range ops {
			var ref [2][]float32
			for _, th := range []int{1, 2, 3} {
				parallel.SetThreads(th)
				var out [2][]float32
				var backing [2][]float32
				for k := range out {
					out[k], backing[k] = guarded(n, 1)
				}
				op.run(out, a, b)
				what := fmt.Sprintf("%s n=%d threads=%d", op.name, n, th)
				for k := range out {
					checkGuards(t, what, backing[k], 1, n)
				}
				if th == 1 {
					ref = [2][]float32{append([]float32(nil), out[0]...), append([]float32(nil), out[1]...)}
					continue
				}
				for k := range out {
					for i := range out[k] {
						if math.Float32bits(out[k][i]) != math.Float32bits(ref[k][i]) {
							t.Fatalf("%s: output %d element %d = %v, %v on one thread", what, k, i, out[k][i], ref[k][i])
						}
					}
				}
			}
		}
	}
}

// TestGatesThreads checks that the LSTM and GRU gate kernels give the same
// bits on one and on several threads for batches that split by rows.
func TestGatesThreads(t *testing.T) {
	defer parallel.SetThreads(parallel.SetThreads(0))
	defer parallel.SetForceSplit(parallel.SetForceSplit(true))
	r := rand.New(rand.NewSource(5))
	fill := func(n int) []float32 {
		s := make([]float32, n)
		for i := range s {
			s[i] = float32(r.NormFloat64())
		}
		return s
	}
	for _, shape := range [][2]int{{64, 128}, {97, 100}, {300, 30}} {
		rows, hs := shape[0], shape[1]
		nh := rows * hs
		g4, g3, gh, st1, st2 := fill(4*nh), fill(3*nh), fill(3*nh), fill(nh), fill(nh)
		run := func() [][]float32 {
			lg, c, tc, h := append([]float32(nil), g4...), make([]float32, nh), make([]float32, nh), make([]float32, nh)
			LSTMGates(lg, st1, c, tc, h, hs)
			da, dc := make([]float32, 4*nh), append([]float32(nil), st2...)
			LSTMGatesBackward(da, dc, st1, lg, st2, tc, hs)
			gg, gh2 := append([]float32(nil), g3...), append([]float32(nil), gh...)
			hg := make([]float32, nh)
			GRUGates(gg, gh2, st1, hg, hs)
			dg, dgh, dhp := make([]float32, 3*nh), make([]float32, 3*nh), append([]float32(nil), st2...)
			GRUGatesBackward(dg, dgh, dhp, st1, gg, gh2, st2, hs)
			return [][]float32{lg, c, tc, h, da, dc, gg, hg, dg, dgh, dhp}
		}
		var ref [][]float32
		for _, th := range []int{1, 2, 3} {
			parallel.SetThreads(th)
			got := run()
			if th == 1 {
				ref = got
				continue
			}
			for k := range got {
				for i := range got[k] {
					if math.Float32bits(got[k][i]) != math.Float32bits(ref[k][i]) {
						t.Fatalf("%dx%d, %d threads: output %d element %d = %v, %v on one thread", rows, hs, th, k, i, got[k][i], ref[k][i])
					}
				}
			}
		}
	}
}
