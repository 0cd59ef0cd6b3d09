package tensor

import (
	"math"
	"testing"
)

// layerNorm64 is LayerNormRows in float64 on the float32 inputs: the
// reference for the fused pass.
func layerNorm64(x, w, b []float32, cols int, eps float64) []float64 {
	out := make([]float64, len(x))
	for i := 0; i < len(x)/cols; i++ {
		row := x[i*cols : (i+1)*cols]
		var m, v float64
		for _, e := range row {
			m += float64(e)
		}
		m /= float64(cols)
		for _, e := range row {
			v += (float64(e) - m) * (float64(e) - m)
		}
		r := 1 / math.Sqrt(v/float64(cols)+eps)
		for j, e := range row {
			out[i*cols+j] = (float64(e)-m)*r*float64(w[j]) + float64(b[j])
		}
	}
	return out
}

func TestLayerNormRows(t *testing.T) {
	rng := NewRand(5)
	x := RandN(rng, 0, 2, 3, 4, 7)
	// A row far from zero: its variance must be taken about the mean.
	for j := 0; j < 7; j++ {
		x.Data()[j] = 1000 + float32(j)*0.1
	}
	w := RandN(rng, 1, 0.5, 7)
	b := RandN(rng, 0, 0.5, 7)
	mean, rstd := make([]float32, 12), make([]float32, 12)
	y := LayerNormRows(nil, x, w, b, 1e-5, mean, rstd)
	want := layerNorm64(x.Data(), w.Data(), b.Data(), 7, 1e-5)
	for i, v := range y.Data() {
		// The statistics are float32, as the backward pass reads them:
		// the mean's rounding, half an ulp of the mean, scaled by rstd
		// and the weight, adds to the error of rows far from zero
		// (about as much as the rounding of such inputs themselves).
		r := i / 7
		tol := 1e-5*(1+math.Abs(want[i])) + ulp32(float64(mean[r]))/2*float64(rstd[r])*math.Abs(float64(w.Data()[i%7]))
		if d := math.Abs(float64(v) - want[i]); d > tol {
			t.Fatalf("y[%d] = %v, want %v", i, v, want[i])
		}
	}
	// Backward against central differences of L = Σ g·y in float64.
	g := RandN(rng, 0, 1, 3, 4, 7)
	dw, db := New(7), New(7)
	dx := LayerNormRowsBackward(nil, dw, db, g, x, w, mean, rstd)
	loss := func() float64 {
		var l float64
		for i, v := range layerNorm64(x.Data(), w.Data(), b.Data(), 7, 1e-5) {
			l += v * float64(g.Data()[i])
		}
		return l
	}
	num := func(p []float32, i int) float64 {
		old := p[i]
		h := 1e-2 * max(1, math.Abs(float64(old))*1e-3)
		p[i] = float32(float64(old) + h)
		up := loss()
		p[i] = float32(float64(old) - h)
		down := loss()
		p[i] = old
		return (up - down) / (float64(float32(float64(old)+h)) - float64(float32(float64(old)-h)))
	}
	for i := 7; i < x.Len(); i++ { // the first row's finite differences drown in its offset
		if n := num(x.Data(), i); math.Abs(n-float64(dx.Data()[i])) > 2e-3*(1+math.Abs(n)) {
			t.Errorf("dx[%d] = %v, finite difference %v", i, dx.Data()[i], n)
		}
	}
	for i := 0; i < 7; i++ {
		if n := num(w.Data(), i); math.Abs(n-float64(dw.Data()[i])) > 2e-3*(1+math.Abs(n)) {
			t.Errorf("dweight[%d] = %v, finite difference %v", i, dw.Data()[i], n)
		}
		if n := num(b.Data(), i); math.Abs(n-float64(db.Data()[i])) > 2e-3*(1+math.Abs(n)) {
			t.Errorf("dbias[%d] = %v, finite difference %v", i, db.Data()[i], n)
		}
	}
	// The parameter gradients accumulate; dx may be dy.
	LayerNormRowsBackward(g, dw, db, g, x, w, mean, rstd)
	for i, v := range g.Data() {
		if v != dx.Data()[i] {
			t.Fatalf("in-place dx differs at %d", i)
		}
	}
	mustPanic(t, func() { LayerNormRows(nil, x, New(6), b, 1e-5, mean, rstd) }, "[3 4 7]", "[6]")
	mustPanic(t, func() { LayerNormRows(nil, x, w, b, 1e-5, mean[:3], rstd) }, "3 means")
	mustPanic(t, func() { LayerNormRowsBackward(nil, dw, db, New(2, 7), x, w, mean, rstd) }, "[2 7]", "[3 4 7]")
}
