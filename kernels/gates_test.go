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
