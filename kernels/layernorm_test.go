package kernels

import (
	"fmt"
	"math"
	"math/rand"
	"testing"
)

// lnRow fills a row of the accuracy tests with one of its kinds of data.
func lnRow(r *rand.Rand, kind int, row []float32) string {
	c := float32(r.NormFloat64() * 100)
	for j := range row {
		v := r.NormFloat64()
		switch kind {
		case 0:
			row[j] = float32(v)
		case 1: // far from zero, narrow
			row[j] = float32(1e4 + 1e-2*v)
		case 2: // constant
			row[j] = c
		case 3: // huge: the float32 squares overflow
			row[j] = float32(1e37 * v)
		case 4: // tiny: the squares underflow, eps dominates
			row[j] = float32(1e-30 * v)
		case 5: // one outlier at the edge of the range
			row[j] = float32(v)
			if j == len(row)/2 {
				row[j] = 1e38
			}
		case 6: // offset and wide
			row[j] = float32(-3e3 + 50*v)
		}
	}
	return [...]string{"normal", "offset 1e4, spread 1e-2", "constant", "huge", "tiny", "outlier", "offset and wide"}[kind]
}

func ulp32At(x float64) float64 {
	a := math.Abs(float64(float32(x)))
	if a < 0x1p-126 {
		return 0x1p-149
	}
	_, e := math.Frexp(a)
	return math.Ldexp(1, e-24)
}

// TestLayerNormAccuracy checks both passes against float64 on random rows
// of every width up to 300 and every kind of lnRow, to the bounds in
// LayerNormRows' and LayerNormRowsBackward's comments.
func TestLayerNormAccuracy(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	const eps = 1e-5
	for _, on := range []bool{false, true} {
		was := SetSIMD(on)
		var worstY, worstDx float64
		var whereY, whereDx string
		for cols := 1; cols <= 300; cols++ {
			for kind := 0; kind < 7; kind++ {
				x, y := make([]float32, cols), make([]float32, cols)
				name := lnRow(r, kind, x)
				w, b, dy := make([]float32, cols), make([]float32, cols), make([]float32, cols)
				for j := range w {
					w[j], b[j], dy[j] = float32(1+r.NormFloat64()), float32(r.NormFloat64()), float32(r.NormFloat64())
				}
				var mean, rstd [1]float32
				LayerNormRows(y, x, w, b, cols, eps, mean[:], rstd[:])
				var m, v float64
				for _, e := range x {
					m += float64(e)
				}
				m /= float64(cols)
				for _, e := range x {
					v += (float64(e) - m) * (float64(e) - m)
				}
				rs := 1 / math.Sqrt(v/float64(cols)+eps)
				for j, e := range x {
					xh := (float64(e) - m) * rs
					want := xh*float64(w[j]) + float64(b[j])
					excess := math.Abs(float64(y[j])-want) - math.Abs(float64(w[j]))*rs*ulp32At(m)/2
					scale := math.Abs(float64(w[j]))*(1+math.Abs(xh)) + math.Abs(float64(b[j]))
					if e := excess / scale / 0x1p-24; e > worstY {
						worstY, whereY = e, fmt.Sprintf("%s row of %d, [%d]: %v, want %v", name, cols, j, y[j], want)
					}
				}

				dx, dw, db := make([]float32, cols), make([]float32, cols), make([]float32, cols)
				LayerNormRowsBackward(dx, dw, db, dy, x, w, cols, mean[:], rstd[:])
				mr, rr := float64(mean[0]), float64(rstd[0])
				var gm, gxm, agm, agxm float64
				for j, e := range x {
					g, xh := float64(dy[j])*float64(w[j]), (float64(e)-mr)*rr
					gm, gxm, agm, agxm = gm+g, gxm+g*xh, agm+math.Abs(g), agxm+math.Abs(g*xh)
				}
				n := float64(cols)
				gm, gxm, agm, agxm = gm/n, gxm/n, agm/n, agxm/n
				for j, e := range x {
					g, xh := float64(dy[j])*float64(w[j]), (float64(e)-mr)*rr
					want := rr * (g - gm - xh*gxm)
					scale := rr * (math.Abs(g) + agm + (1+math.Abs(xh))*agxm)
					if e := math.Abs(float64(dx[j])-want) / scale / 0x1p-24; e > worstDx || e != e {
						worstDx, whereDx = e, fmt.Sprintf("%s row of %d, [%d]: %v, want %v", name, cols, j, dx[j], want)
					}
					if db[j] != dy[j] || float64(dw[j]) != float64(float32(float64(dy[j])*float64(float32(float32(e-mean[0])*rstd[0])))) {
						t.Fatalf("%s row of %d: dw, db [%d] = %v, %v; dy %v", name, cols, j, dw[j], db[j], dy[j])
					}
				}
			}
		}
		SetSIMD(was)
		t.Logf("simd=%v: forward %.2f, backward %.2f units of 2^-24 of the scale", on, worstY, worstDx)
		if worstY > 8 {
			t.Errorf("simd=%v: forward error %.2f·2^-24 of the scale at %s", on, worstY, whereY)
		}
		if worstDx > 8 {
			t.Errorf("simd=%v: backward error %.2f·2^-24 of the scale at %s", on, worstDx, whereDx)
		}
	}
}

// TestLayerNormSpecial checks the rows whose statistics come from float64
// sums: NaN and infinite inputs make the row NaN, and values whose float32
// sums overflow still normalise.
func TestLayerNormSpecial(t *testing.T) {
	inf, nan := float32(math.Inf(1)), float32(math.NaN())
	w, b := []float32{1, 1, 1, 1}, []float32{0, 0, 0, 0}
	for _, on := range []bool{false, true} {
		was := SetSIMD(on)
		for _, x := range [][]float32{{1, nan, 2, 3}, {1, 2, inf, 3}, {-inf, 2, inf, 3}} {
			y := make([]float32, 4)
			var m, rs [1]float32
			LayerNormRows(y, x, w, b, 4, 1e-5, m[:], rs[:])
			for j, v := range y {
				if v == v {
					t.Errorf("simd=%v: LayerNormRows(%v)[%d] = %v, want NaN", on, x, j, v)
				}
			}
		}
		x := []float32{math.MaxFloat32, math.MaxFloat32, -math.MaxFloat32, -math.MaxFloat32}
		y := make([]float32, 4)
		var m, rs [1]float32
		LayerNormRows(y, x, w, b, 4, 1e-5, m[:], rs[:])
		for j, v := range y {
			if want := float32(math.Copysign(1, float64(x[j]))); math.Abs(float64(v-want)) > 1e-6 {
				t.Errorf("simd=%v: LayerNormRows(±MaxFloat32)[%d] = %v, want %v", on, j, v, want)
			}
		}
		SetSIMD(was)
	}
}
