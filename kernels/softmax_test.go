package kernels

import (
	"fmt"
	"math"
	"math/rand"
	"testing"
)

// TestSoftmaxRows checks both paths against a float64 softmax within the
// documented bound, and the paths against each other bit for bit.
func TestSoftmaxRows(t *testing.T) {
	was := SetSIMD(true)
	defer SetSIMD(was)
	r := rand.New(rand.NewSource(11))
	for _, cols := range []int{1, 2, 3, 7, 8, 9, 17, 64, 100, 300, 1000} {
		for _, rows := range []int{0, 1, 3} {
			x := make([]float32, rows*cols)
			for i := range x {
				x[i] = float32(r.NormFloat64() * 10)
			}
			var outs, louts [2][]float32
			for p, on := range []bool{false, true} {
				SetSIMD(on)
				out := make([]float32, len(x))
				SoftmaxRows(out, x, cols)
				outs[p] = out
				lout := append([]float32(nil), x...)
				LogSoftmaxRows(lout, lout, cols)
				louts[p] = lout
				for i := 0; i < rows; i++ {
					row := x[i*cols : (i+1)*cols]
					m := math.Inf(-1)
					for _, v := range row {
						m = math.Max(m, float64(v))
					}
					var s float64
					for _, v := range row {
						s += math.Exp(float64(v) - m)
					}
					bound := 2 + float64(cols)/16
					for j, v := range row {
						want := math.Exp(float64(v)-m) / s
						bound := bound + 2*math.Abs(float64(v)-m)
						if e := ulpErr(out[i*cols+j], want); e > bound {
							t.Fatalf("simd=%v cols=%d: softmax [%d,%d] = %v, want %v (%.1f ulps > %.1f)", on, cols, i, j, out[i*cols+j], want, e, bound)
						}
						lw := float64(v) - m - math.Log(s)
						lb := 2*math.Abs(float64(v)-m)*0x1p-24 + bound*0x1p-24
						if d := math.Abs(float64(lout[i*cols+j]) - lw); d > lb+0x1p-24*math.Abs(lw) {
							t.Fatalf("simd=%v cols=%d: log-softmax [%d,%d] = %v, want %v", on, cols, i, j, lout[i*cols+j], lw)
						}
					}
				}
			}
			checkSame(t, fmt.Sprintf("softmax paths cols=%d rows=%d", cols, rows), outs[1], outs[0])
			checkSame(t, fmt.Sprintf("log-softmax paths cols=%d rows=%d", cols, rows), louts[1], louts[0])
		}
	}
}

func TestSoftmaxRowsPanics(t *testing.T) {
	for _, c := range []struct {
		n, cols int
	}{{6, 4}, {6, 0}, {6, -1}} {
		func() {
			defer func() {
				if r := recover(); r == nil {
					t.Errorf("len %d cols %d: no panic", c.n, c.cols)
				}
			}()
			x := make([]float32, c.n)
			SoftmaxRows(x, x, c.cols)
		}()
	}
	SoftmaxRows(nil, nil, 0) // empty is fine
}

// TestMathAllocs checks that the kernels allocate nothing, padded tails
// included.
func TestMathAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates")
	}
	x, y := make([]float32, 13), make([]float32, 13)
	for i := range x {
		x[i] = float32(i) - 6
	}
	n := testing.AllocsPerRun(10, func() {
		Exp(y, x)
		Sigmoid(y, x)
		Tanh(y, x)
		SigmoidBackward(y, x, y)
		TanhBackward(y, x, y)
		GELU(y, x)
		GELUBackward(y, x, x)
		GELUTanh(y, x)
		GELUTanhBackward(y, x, x)
		SoftmaxRows(y, x, 13)
		LogSoftmaxRows(y, x, 13)
	})
	if n != 0 {
		t.Fatalf("%v allocations per run", n)
	}
}
