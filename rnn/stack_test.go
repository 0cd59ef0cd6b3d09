package rnn

import (
	"math"
	"math/rand/v2"
	"testing"
)

// refForward is the definition of one layer in float64, PyTorch's
// equations written out step by step: it returns every step's state,
// batch-first [n, t, hs].
func refForward(c Cell, x []float32, n, t, in, hs int, w Weights) []float64 {
	g := c.Gates() * hs
	sig := func(v float64) float64 { return 1 / (1 + math.Exp(-v)) }
	out := make([]float64, n*t*hs)
	for b := 0; b < n; b++ {
		h, cs := make([]float64, hs), make([]float64, hs)
		for s := 0; s < t; s++ {
			xi := make([]float64, g) // W_ih·x + b_ih
			hh := make([]float64, g) // W_hh·h + b_hh
			for r := 0; r < g; r++ {
				xi[r], hh[r] = float64(w.BIH[r]), float64(w.BHH[r])
				for k := 0; k < in; k++ {
					xi[r] += float64(w.IH[r*in+k]) * float64(x[(b*t+s)*in+k])
				}
				for k := 0; k < hs; k++ {
					hh[r] += float64(w.HH[r*hs+k]) * h[k]
				}
			}
			nh := make([]float64, hs)
			for j := 0; j < hs; j++ {
				switch c {
				case Tanh:
					nh[j] = math.Tanh(xi[j] + hh[j])
				case LSTM:
					i, f := sig(xi[j]+hh[j]), sig(xi[hs+j]+hh[hs+j])
					gg, o := math.Tanh(xi[2*hs+j]+hh[2*hs+j]), sig(xi[3*hs+j]+hh[3*hs+j])
					cs[j] = f*cs[j] + i*gg
					nh[j] = o * math.Tanh(cs[j])
				case GRU:
					r, z := sig(xi[j]+hh[j]), sig(xi[hs+j]+hh[hs+j])
					nn := math.Tanh(xi[2*hs+j] + r*hh[2*hs+j])
					nh[j] = (1-z)*nn + z*h[j]
				}
			}
			h = nh
			for j := 0; j < hs; j++ {
				out[(b*t+s)*hs+j] = h[j]
			}
		}
	}
	return out
}

func randWeights(rng *rand.Rand, c Cell, in, hs int) Weights {
	g := c.Gates() * hs
	r := func(k int) []float32 {
		s := make([]float32, k)
		for i := range s {
			s[i] = float32(rng.Float64() - 0.5)
		}
		return s
	}
	return Weights{IH: r(g * in), HH: r(g * hs), BIH: r(g), BHH: r(g)}
}

// TestForwardMatchesDefinition compares a two-layer stack's outputs, all
// steps and the last, with the float64 definition, for every cell.
func TestForwardMatchesDefinition(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	const in, hs = 5, 6
	for _, c := range []Cell{Tanh, LSTM, GRU} {
		w := []Weights{randWeights(rng, c, in, hs), randWeights(rng, c, hs, hs)}
		s := New(c, in, hs, 2)
		for _, shape := range [][2]int{{3, 7}, {1, 1}, {4, 2}} {
			n, steps := shape[0], shape[1]
			x := make([]float32, n*steps*in)
			for i := range x {
				x[i] = float32(rng.NormFloat64())
			}
			x1 := make([]float32, n*steps*hs)
			for i, v := range refForward(c, x, n, steps, in, hs, w[0]) {
				x1[i] = float32(v)
			}
			want := refForward(c, x1, n, steps, hs, hs, w[1])
			y := make([]float32, n*steps*hs)
			s.Forward(y, x, n, steps, false, w)
			last := make([]float32, n*hs)
			s.Forward(last, x, n, steps, true, w)
			for i, v := range y {
				if d := math.Abs(float64(v) - want[i]); d > 1e-5 {
					t.Fatalf("%v n=%d t=%d: output %d = %g, want %g", c, n, steps, i, v, want[i])
				}
			}
			for b := 0; b < n; b++ {
				for j := 0; j < hs; j++ {
					if got, w := last[b*hs+j], y[(b*steps+steps-1)*hs+j]; got != w {
						t.Fatalf("%v: last step [%d %d] = %g, all steps give %g", c, b, j, got, w)
					}
				}
			}
		}
	}
}

func TestSwapLeading(t *testing.T) {
	// [2, 3, 2] -> [3, 2, 2]
	src := []float32{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}
	dst := make([]float32, len(src))
	swapLeading(dst, 2, src, 2, 3, 2)
	want := []float32{0, 1, 6, 7, 2, 3, 8, 9, 4, 5, 10, 11}
	for i := range want {
		if dst[i] != want[i] {
			t.Fatalf("got %v, want %v", dst, want)
		}
	}
}

func TestPanics(t *testing.T) {
	s := New(LSTM, 2, 3, 1)
	w := []Weights{randWeights(rand.New(rand.NewPCG(1, 1)), LSTM, 2, 3)}
	for name, f := range map[string]func(){
		"bad cell":       func() { New(Cell(7), 1, 1, 1) },
		"zero hidden":    func() { New(GRU, 1, 0, 1) },
		"short input":    func() { s.Forward(make([]float32, 6), make([]float32, 11), 1, 6, true, w) },
		"short output":   func() { s.Forward(make([]float32, 5), make([]float32, 12), 1, 6, false, w) },
		"weights":        func() { s.Forward(make([]float32, 3), make([]float32, 12), 1, 6, true, w[:0]) },
		"backward first": func() { New(LSTM, 2, 3, 1).Backward(nil, make([]float32, 3), true, w, w) },
		"short gradient": func() {
			s.Forward(make([]float32, 3), make([]float32, 12), 1, 6, true, w)
			s.Backward(nil, make([]float32, 2), true, w, w)
		},
		"short weight ih": func() {
			s.Forward(make([]float32, 3), make([]float32, 12), 1, 6, true, []Weights{{IH: w[0].IH[1:], HH: w[0].HH, BIH: w[0].BIH, BHH: w[0].BHH}})
		},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			f()
		}()
	}
}

// TestBackwardChunks checks that the gradients do not depend, beyond
// rounding, on how many steps backwardLayer hands to the sums over time
// at once: chunks of 1, 2 and 3 steps against one chunk of all, for
// every cell, a two-layer stack, the output at every step or the last,
// with the input gradient.
func TestBackwardChunks(t *testing.T) {
	saved, savedRows := chunkBytes, chunkMinRows
	t.Cleanup(func() { chunkBytes, chunkMinRows = saved, savedRows })
	chunkMinRows = 1
	rng := rand.New(rand.NewPCG(5, 6))
	const in, hs, n, steps = 5, 6, 3, 7
	for _, c := range []Cell{Tanh, LSTM, GRU} {
		w := []Weights{randWeights(rng, c, in, hs), randWeights(rng, c, hs, hs)}
		x := make([]float32, n*steps*in)
		for i := range x {
			x[i] = float32(rng.NormFloat64())
		}
		for _, last := range []bool{false, true} {
			dy := make([]float32, n*hs*ternary(last, 1, steps))
			for i := range dy {
				dy[i] = float32(rng.NormFloat64())
			}
			run := func(chunk int) ([]float32, []Weights) {
				per := 4 * n * c.Gates() * hs
				if c == GRU {
					per *= 2
				}
				chunkBytes = chunk * per
				s := New(c, in, hs, 2)
				s.Forward(make([]float32, len(dy)), x, n, steps, last, w)
				g := []Weights{randWeights(rng, c, in, hs), randWeights(rng, c, hs, hs)}
				for _, gk := range g { // gradients start at zero
					clear(gk.IH)
					clear(gk.HH)
					clear(gk.BIH)
					clear(gk.BHH)
				}
				dx := make([]float32, len(x))
				s.Backward(dx, dy, last, w, g)
				return dx, g
			}
			wantDx, wantG := run(steps)
			for _, chunk := range []int{1, 2, 3} {
				dx, g := run(chunk)
				close := func(what string, got, want []float32) {
					for i := range want {
						if d := math.Abs(float64(got[i] - want[i])); d > 1e-5*(1+math.Abs(float64(want[i]))) {
							t.Fatalf("%v last=%v chunk=%d: %s[%d] = %g, one chunk gives %g", c, last, chunk, what, i, got[i], want[i])
						}
					}
				}
				close("dx", dx, wantDx)
				for k := range g {
					close("dW_ih", g[k].IH, wantG[k].IH)
					close("dW_hh", g[k].HH, wantG[k].HH)
					close("db_ih", g[k].BIH, wantG[k].BIH)
					close("db_hh", g[k].BHH, wantG[k].BHH)
				}
			}
		}
	}
}

// TestChunkSteps checks the chunk sizes: by bytes for the MNIST row models
// (batch 64, hidden 128: two GRU steps, three LSTM steps), at least
// chunkMinRows rows, and all steps for weights larger than
// chunkWeightBytes.
func TestChunkSteps(t *testing.T) {
	for _, c := range []struct {
		cell      Cell
		n, hidden int
		want      int
	}{{GRU, 64, 128, 2}, {LSTM, 64, 128, 3}, {GRU, 64, 200, 2}, {LSTM, 64, 512, 10000}, {Tanh, 1, 16, 6144}} {
		s := New(c.cell, 1, c.hidden, 1)
		s.n = c.n
		s.t = 10000
		if got := s.chunkSteps(28); got != c.want {
			t.Errorf("%v n=%d hidden=%d: %d steps a chunk, want %d", c.cell, c.n, c.hidden, got, c.want)
		}
	}
}
