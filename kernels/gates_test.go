package kernels

import (
	"math"
	"math/rand"
	"testing"
)

// TestGatesMatchActivations checks the documented equalities of the gate
// kernels on both paths: the activations are those of Sigmoid and Tanh
// bit for bit, and the products are the stated float32 operations
// (checked against float64 to the one or two roundings they make).
func TestGatesMatchActivations(t *testing.T) {
	r := rand.New(rand.NewSource(21))
	const hs, rows = 37, 3
	nh := rows * hs
	for _, on := range []bool{false, true} {
		was := SetSIMD(on)
		pre := randSlice(r, 4*nh, true)
		for i := range pre {
			pre[i] *= 8
		}
		cp := randSlice(r, nh, false)
		g, c, tc, h := append([]float32(nil), pre...), make([]float32, nh), make([]float32, nh), make([]float32, nh)
		LSTMGates(g, cp, c, tc, h, hs)
		want := make([]float32, 4*nh)
		for k := 0; k < rows; k++ {
			o := k * 4 * hs
			Sigmoid(want[o:o+2*hs], pre[o:o+2*hs])
			Tanh(want[o+2*hs:o+3*hs], pre[o+2*hs:o+3*hs])
			Sigmoid(want[o+3*hs:o+4*hs], pre[o+3*hs:o+4*hs])
		}
		checkSame(t, "LSTM activations", g, want)
		wantTc := make([]float32, nh)
		Tanh(wantTc, c)
		checkSame(t, "LSTM tanh(c)", tc, wantTc)
		for k := 0; k < rows; k++ {
			for j := 0; j < hs; j++ {
				gr := g[k*4*hs:]
				i, f, gg, o := float64(gr[j]), float64(gr[hs+j]), float64(gr[2*hs+j]), float64(gr[3*hs+j])
				s := k*hs + j
				wc := f*float64(cp[s]) + i*gg
				if d := math.Abs(float64(c[s]) - wc); !(d <= 0x1p-24*(math.Abs(f*float64(cp[s]))+2*math.Abs(i*gg))) && !math.IsNaN(wc) {
					t.Fatalf("simd=%v: c[%d] = %v, want %v", on, s, c[s], wc)
				}
				if !sameFloat(h[s], float32(o*float64(tc[s]))) {
					t.Fatalf("simd=%v: h[%d] = %v, want o·tc = %v", on, s, h[s], o*float64(tc[s]))
				}
			}
		}

		pre3, gh, hp := randSlice(r, 3*nh, true), randSlice(r, 3*nh, false), randSlice(r, nh, false)
		g3, h3 := append([]float32(nil), pre3...), make([]float32, nh)
		GRUGates(g3, gh, hp, h3, hs)
		for k := 0; k < rows; k++ {
			o := k * 3 * hs
			sum := make([]float32, 2*hs)
			Add(sum, pre3[o:o+2*hs], gh[o:o+2*hs])
			Sigmoid(sum, sum)
			checkSame(t, "GRU r, z", g3[o:o+2*hs], sum)
			n := make([]float32, hs)
			for j := range n {
				n[j] = fma32(g3[o+j], gh[o+2*hs+j], pre3[o+2*hs+j])
			}
			Tanh(n, n)
			checkSame(t, "GRU n", g3[o+2*hs:o+3*hs], n)
		}
		SetSIMD(was)
	}
}

// TestGatesScaleRange runs the gate kernels on arguments whose
// exponentials are scaled into the subnormal range or to the edge of
// overflow (see TestMathScaleRange), and on arguments far beyond the
// exponential's clamps (up to ±3e38, with ±Inf and NaN among them),
// SIMD against the Go path.
func TestGatesScaleRange(t *testing.T) {
	needFused(t)
	const hs, rows = 128, 64
	nh := rows * hs
	sweep := func(n int, lo, hi float32) []float32 {
		s := make([]float32, n)
		for i := range s {
			s[i] = lo + (hi-lo)*float32(i)/float32(n)
			if i%2 == 1 {
				s[i] = -s[i]
			}
		}
		return s
	}
	specials := []float32{float32(math.Inf(1)), float32(math.Inf(-1)), float32(math.NaN()), 0, float32(math.Copysign(0, -1))}
	for _, r := range [][2]float32{{85, 104.5}, {40, 45}, {100, 3e38}} {
		pre, cp := sweep(4*nh, r[0], r[1]), sweep(nh, 0, 2)
		if r[0] == 100 {
			for i := range pre {
				if i%97 == 0 {
					pre[i] = specials[i/97%len(specials)]
				}
			}
		}
		fusedBoth(t, "LSTMGates", 0, [][]float32{pre, cp, make([]float32, nh), make([]float32, nh), make([]float32, nh)}, func(s [][]float32) {
			LSTMGates(s[0], s[1], s[2], s[3], s[4], hs)
		})
		pre3, gh := sweep(3*nh, r[0], r[1]), sweep(3*nh, 0, 1)
		fusedBoth(t, "GRUGates", 1, [][]float32{pre3, gh, cp, make([]float32, nh)}, func(s [][]float32) {
			GRUGates(s[0], s[1], s[2], s[3], hs)
		})
	}
}
