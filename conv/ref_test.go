package conv

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// ref is the definition of the convolution, in float64: the output and,
// for the upstream gradient dy, the three gradients.
func ref(g Geometry, x, w, b, dy []float32, n int) (y, dx, dw, db []float64) {
	oh, ow := g.OH(), g.OW()
	cin, h, wd, cout, kh, kw, s, pad := g.In, g.H, g.W, g.Out, g.KH, g.KW, g.Stride, g.Pad
	y = make([]float64, n*cout*oh*ow)
	dx = make([]float64, len(x))
	dw = make([]float64, len(w))
	db = make([]float64, cout)
	for i := 0; i < n; i++ {
		for o := 0; o < cout; o++ {
			for p := 0; p < oh; p++ {
				for q := 0; q < ow; q++ {
					yi := ((i*cout+o)*oh+p)*ow + q
					acc := float64(b[o])
					gy := float64(dy[yi])
					db[o] += gy
					for c := 0; c < cin; c++ {
						for u := 0; u < kh; u++ {
							for v := 0; v < kw; v++ {
								r, col := p*s+u-pad, q*s+v-pad
								if r < 0 || r >= h || col < 0 || col >= wd {
									continue
								}
								xi := ((i*cin+c)*h+r)*wd + col
								wi := ((o*cin+c)*kh+u)*kw + v
								acc += float64(w[wi]) * float64(x[xi])
								dx[xi] += float64(w[wi]) * gy
								dw[wi] += float64(x[xi]) * gy
							}
						}
					}
					y[yi] = acc
				}
			}
		}
	}
	return
}

// closeTo64 compares got with want to a relative tolerance, widened where
// mag (when not nil: the sums of the terms' magnitudes) says that float32
// rounding of a long sum with cancellation may exceed it: a few units of
// float32 rounding of mag.
func closeTo64(got []float32, want, mag []float64, tol float64) error {
	if len(got) != len(want) {
		return fmt.Errorf("%d values, want %d", len(got), len(want))
	}
	for i := range got {
		bound := tol * (1 + math.Abs(want[i]))
		if mag != nil {
			bound = max(bound, 4*0x1p-24*mag[i])
		}
		if d := math.Abs(float64(got[i]) - want[i]); !(d <= bound) {
			return fmt.Errorf("element %d: got %.9g, want %.9g", i, got[i], want[i])
		}
	}
	return nil
}

// abs returns the magnitudes of x: ref on them gives the sums of the
// magnitudes of the terms of each result.
func abs(x []float32) []float32 {
	a := make([]float32, len(x))
	for i, v := range x {
		a[i] = float32(math.Abs(float64(v)))
	}
	return a
}

// randn returns n standard normal values.
func randn(rng *rand.Rand, n int) []float32 {
	s := make([]float32, n)
	for i := range s {
		s[i] = float32(rng.NormFloat64())
	}
	return s
}

var nan = float32(math.NaN())

// filled returns n copies of v.
func filled(n int, v float32) []float32 {
	s := make([]float32, n)
	for i := range s {
		s[i] = v
	}
	return s
}
