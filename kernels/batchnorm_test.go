package kernels

import (
	"fmt"
	"math"
	"math/rand"
	"testing"
)

// bnInners covers every run length up to 70 (every tail of the sixteen-
// and eight-element steps, several times over) and a few long runs,
// among them LeNet-5's 28·28 and 10·10.
var bnInners = func() []int {
	var l []int
	for n := 0; n <= 70; n++ {
		l = append(l, n)
	}
	return append(l, 100, 127, 784, 1000)
}()

// bnData fills x with one kind of values and names it.
func bnData(r *rand.Rand, kind int, x []float32) string {
	for i := range x {
		v := r.NormFloat64()
		switch kind {
		case 0:
			x[i] = float32(v)
		case 1: // far from zero, narrow
			x[i] = float32(1e4 + 1e-2*v)
		case 2: // huge
			x[i] = float32(3e38 * math.Tanh(v))
		case 3: // NaN, ±Inf, huge and tiny among ordinary values
			x[i] = float32(v)
			switch r.Intn(12) {
			case 0:
				x[i] = float32(math.NaN())
			case 1:
				x[i] = float32(math.Inf(1 - 2*r.Intn(2)))
			case 2:
				x[i] = 3e38
			case 3:
				x[i] = 1e-42
			}
		}
	}
	return [...]string{"normal", "offset 1e4, spread 1e-2", "huge", "specials"}[kind]
}

func same64(a, b float64) bool {
	return (a != a && b != b) || math.Float64bits(a) == math.Float64bits(b)
}

// bnRuns returns a slice for n runs of inner values stride apart that
// starts at element off of a backing array filled with guard values, and
// the backing array; fill, if given, sets the elements of the runs.
func bnRuns(n, inner, stride, off int, fill []float32) (s, backing []float32) {
	need, _ := span(n, inner, stride)
	s, backing = guarded(need, off)
	for i := range n {
		if fill != nil && inner > 0 {
			copy(s[i*stride:i*stride+inner], fill[i*stride:i*stride+inner])
		}
	}
	return s, backing
}

// checkRuns compares the runs of got with those of want and checks that
// every other element of got's backing array still holds its guard.
func checkRuns(t *testing.T, what string, got, backing, want []float32, n, inner, stride, off int) {
	t.Helper()
	in := make([]bool, len(backing))
	for i := range n {
		if inner == 0 {
			break
		}
		lo, hi := i*stride, i*stride+inner
		checkSame(t, fmt.Sprintf("%s run %d", what, i), got[lo:hi], want[lo:hi])
		for j := off + lo; j < off+hi; j++ {
			in[j] = true
		}
	}
	for j, v := range backing {
		if !in[j] && math.Float32bits(v) != guardBits {
			t.Fatalf("%s: element %d of the backing array (slice at %d) outside the runs overwritten with %v", what, j, off, v)
		}
	}
}

// TestBatchNormKernels checks every assembly pass against its Go twin,
// bit for bit, at every run length 0..70 and some long ones, several run
// counts and strides, four kinds of data and unaligned starts, with guard
// values around the runs and between them.
func TestBatchNormKernels(t *testing.T) {
	needFused(t)
	if !bnHasAsm {
		t.Skip("no batch normalisation assembly in this build")
	}
	gateVariants(func(wide bool) { testBatchNormKernels(t, wide) })
}

func testBatchNormKernels(t *testing.T, wide bool) {
	r := rand.New(rand.NewSource(17))
	for _, inner := range bnInners {
		for _, n := range []int{1, 2, 3, 5} {
			for _, gap := range []int{0, 3, inner + 5} {
				for kind := range 4 {
					stride, off := inner+gap, (inner+n+kind)%4
					need, _ := span(n, inner, stride)
					x, dy := make([]float32, need), make([]float32, need)
					name := bnData(r, kind, x)
					bnData(r, []int{0, 0, 0, 3}[kind], dy)
					what := fmt.Sprintf("wide=%v inner=%d n=%d stride=%d %s", wide, inner, n, stride, name)

					mean, ssd := bnStatsSIMD(x, n, inner, stride)
					wm, ws := bnStatsGo(x, n, inner, stride)
					if !same64(mean, wm) || !same64(ssd, ws) {
						t.Fatalf("%s: stats (%v, %v), Go (%v, %v)", what, mean, ssd, wm, ws)
					}
					if kind == 1 && n*inner > 1 {
						if v := ssd / float64(n*inner); !(math.Abs(mean-1e4) < 0.1 && v >= 0 && v < 1e-3) {
							t.Fatalf("%s: mean %v variance %v", what, mean, v)
						}
					}

					inv, w, b := 1/math.Sqrt(ssd/float64(max(n*inner, 1))+1e-5), float32(r.NormFloat64()), float32(r.NormFloat64())
					wantY, wantH := make([]float32, need), make([]float32, need)
					bnForwardGo(wantY, wantH, x, n, inner, stride, mean, inv, w, b)
					y, yb := bnRuns(n, inner, stride, off, nil)
					h, hb := bnRuns(n, inner, stride, (off+1)%4, nil)
					xs, _ := bnRuns(n, inner, stride, (off+2)%4, x)
					bnForwardSIMD(y, h, xs, n, inner, stride, mean, inv, w, b)
					checkRuns(t, what+" y", y, yb, wantY, n, inner, stride, off)
					checkRuns(t, what+" xhat", h, hb, wantH, n, inner, stride, (off+1)%4)

					sd, sh := bnBackSumsSIMD(dy, wantH, n, inner, stride)
					wd, wh := bnBackSumsGo(dy, wantH, n, inner, stride)
					if !same64(sd, wd) || !same64(sh, wh) {
						t.Fatalf("%s: backward sums (%v, %v), Go (%v, %v)", what, sd, sh, wd, wh)
					}

					k, md, mh := float32(r.NormFloat64()), float32(wd/float64(max(n*inner, 1))), float32(wh/float64(max(n*inner, 1)))
					for _, train := range []bool{true, false} {
						want := make([]float32, need)
						if train {
							bnDxGo(want, dy, wantH, n, inner, stride, k, md, mh)
						} else {
							bnScaleGo(want, dy, n, inner, stride, k)
						}
						dx, db := bnRuns(n, inner, stride, (off+3)%4, nil)
						bnDxSIMD(dx, dy, wantH, n, inner, stride, k, md, mh, train)
						checkRuns(t, fmt.Sprintf("%s dx train=%v", what, train), dx, db, want, n, inner, stride, (off+3)%4)
					}
				}
			}
		}
	}
}

// TestBatchNormDispatch: the exported kernels give the Go twins' bits with
// and without the assembly, short runs (which stay in Go) and long ones
// alike, and an empty channel has a NaN mean.
func TestBatchNormDispatch(t *testing.T) {
	r := rand.New(rand.NewSource(19))
	for _, on := range []bool{false, true} {
		was := SetSIMD(on)
		for _, inner := range []int{1, 5, 8, 49, 784} {
			n, stride := 4, 3*inner
			need, _ := span(n, inner, stride)
			x, dy := make([]float32, need), make([]float32, need)
			bnData(r, 0, x)
			bnData(r, 0, dy)
			mean, ssd := BatchNormStats(x, n, inner, stride)
			wm, ws := bnStatsGo(x, n, inner, stride)
			if !same64(mean, wm) || !same64(ssd, ws) {
				t.Fatalf("simd=%v inner=%d: stats (%v, %v), Go (%v, %v)", on, inner, mean, ssd, wm, ws)
			}
			y, h, wy, wh := make([]float32, need), make([]float32, need), make([]float32, need), make([]float32, need)
			BatchNormForward(y, h, x, n, inner, stride, mean, 1.5, 2, 0.5)
			bnForwardGo(wy, wh, x, n, inner, stride, mean, 1.5, 2, 0.5)
			checkSame(t, "y", y, wy)
			checkSame(t, "xhat", h, wh)
			sd, sh := BatchNormBackwardSums(dy, h, n, inner, stride)
			wd, wsh := bnBackSumsGo(dy, h, n, inner, stride)
			if !same64(sd, wd) || !same64(sh, wsh) {
				t.Fatalf("simd=%v inner=%d: backward sums differ", on, inner)
			}
			dx, want := make([]float32, need), make([]float32, need)
			BatchNormBackwardDx(dx, dy, h, n, inner, stride, 0.7, 0.1, -0.2)
			bnDxGo(want, dy, h, n, inner, stride, 0.7, 0.1, -0.2)
			checkSame(t, "dx", dx, want)
			BatchNormScale(dx, dy, n, inner, stride, 0.7)
			bnScaleGo(want, dy, n, inner, stride, 0.7)
			checkSame(t, "dx eval", dx, want)
		}
		if m, s := BatchNormStats(nil, 0, 16, 16); !math.IsNaN(m) || s != 0 {
			t.Errorf("simd=%v: empty channel: (%v, %v)", on, m, s)
		}
		SetSIMD(was)
	}
}

func TestBatchNormPanics(t *testing.T) {
	s := func(n int) []float32 { return make([]float32, n) }
	mustPanicWith(t, func() { BatchNormStats(s(10), 3, 4, 3) }, "3 runs of 4 values 3 apart")
	mustPanicWith(t, func() { BatchNormStats(s(10), -1, 4, 4) }, "-1 runs")
	mustPanicWith(t, func() { BatchNormStats(s(13), 3, 4, 5) }, "13", "14")
	mustPanicWith(t, func() { BatchNormStats(s(10), 3, 4, math.MaxInt/2) }, "overflow")
	mustPanicWith(t, func() { BatchNormForward(s(14), s(13), s(14), 3, 4, 5, 0, 1, 1, 0) }, "BatchNormForward", "13", "14")
	mustPanicWith(t, func() { BatchNormBackwardSums(s(14), s(13), 3, 4, 5) }, "13", "14")
	mustPanicWith(t, func() { BatchNormBackwardDx(s(14), s(14), s(2), 3, 4, 5, 1, 0, 0) }, "2", "14")
	mustPanicWith(t, func() { BatchNormScale(s(1), s(14), 3, 4, 5, 1) }, "1", "14")
}
