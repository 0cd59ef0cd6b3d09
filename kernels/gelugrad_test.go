package kernels

import (
	"fmt"
	"math"
	"math/rand"
	"testing"
)

// geluGradSpecials are the inputs where GELU and its derivative change
// branch or saturate: ±0, ±Inf, NaN, huge and tiny values, the zero of
// the derivative near -0.75 and the clamp at ±16.
var geluGradSpecials = func() []float32 {
	inf, nan := float32(math.Inf(1)), float32(math.NaN())
	s := []float32{0, float32(math.Copysign(0, -1)), inf, -inf, nan, -nan,
		math.MaxFloat32, -math.MaxFloat32, 1e30, -1e30, 0x1p-149, -0x1p-149,
		0x1p-126, -0x1p-126, 1e-30, -1e-30, 16, -16, 13, -13, 20, -20, 9.5, -9.5}
	for _, c := range []float32{-0.75, -0.7517915, 16, -16} {
		u := math.Float32bits(c)
		for d := uint32(0); d < 8; d++ {
			s = append(s, math.Float32frombits(u+d), math.Float32frombits(u-d))
		}
	}
	return s
}()

// geluGradLens covers every tail of the 32-, 16-, 8- and 4-lane loops
// twice over and a few long slices.
var geluGradLens = func() []int {
	var l []int
	for n := 0; n <= 70; n++ {
		l = append(l, n)
	}
	return append(l, 95, 96, 97, 127, 1000, 4099)
}()

// geluGradKernel pairs a kernel that writes the activation and its
// derivative with the forward and backward kernels it must agree with.
type geluGradKernel struct {
	name  string
	grad  func(o *mathOps) func(dst, grad, x []float32)
	value func(o *mathOps) func(dst, x []float32)
	back  func(o *mathOps) func(dx, dy, x []float32)
}

var geluGradKernels = []geluGradKernel{
	{"GELU",
		func(o *mathOps) func(dst, grad, x []float32) { return o.geluGrad },
		func(o *mathOps) func(dst, x []float32) { return o.gelu },
		func(o *mathOps) func(dx, dy, x []float32) { return o.geluBack }},
	{"GELUTanh",
		func(o *mathOps) func(dst, grad, x []float32) { return o.geluTanhGrad },
		func(o *mathOps) func(dst, x []float32) { return o.geluTanh },
		func(o *mathOps) func(dx, dy, x []float32) { return o.geluTanhBack }},
}

// want returns the activation at x, its derivative (the backward kernel
// with dy = 1) and the backward kernel's dx, all from the Go reference.
func (k geluGradKernel) want(x, dy []float32) (y, g, dx []float32) {
	n := len(x)
	y, g, dx = make([]float32, n), make([]float32, n), make([]float32, n)
	ones := make([]float32, n)
	for i := range ones {
		ones[i] = 1
	}
	k.value(&goMath)(y, x)
	k.back(&goMath)(g, ones, x)
	k.back(&goMath)(dx, dy, x)
	return y, g, dx
}

// TestGELUWithGrad checks geluGrad and geluTanhGrad on the Go path and
// every SIMD path against the forward and backward kernels bit for bit at
// every length and offset, with guards around both outputs, in place on
// x too, and that dy·grad is the backward kernel's result.
func TestGELUWithGrad(t *testing.T) {
	for _, k := range geluGradKernels {
		t.Run(k.name, func(t *testing.T) { testGELUWithGrad(t, k) })
	}
}

func testGELUWithGrad(t *testing.T, k geluGradKernel) {
	r := rand.New(rand.NewSource(11))
	sets := append([]*mathOps{&goMath}, simdMathAll...)
	for _, n := range geluGradLens {
		for off := 0; off <= 3; off++ {
			x0, dy := make([]float32, n), make([]float32, n)
			fillMath(r, x0)
			for i := range x0 {
				if r.Intn(4) == 0 {
					x0[i] = geluGradSpecials[r.Intn(len(geluGradSpecials))]
				}
			}
			fill(r, dy, true)
			wantY, wantG, wantDx := k.want(x0, dy)
			for j, o := range sets {
				m := k.grad(o)
				what := fmt.Sprintf("set %d n=%d off=%d", j, n, off)
				x, _ := copyInto(x0, (off+1)%4)
				y, yb := guarded(n, off)
				g, gb := guarded(n, (off+2)%4)
				m(y, g, x)
				checkGuards(t, what+" dst", yb, off, n)
				checkGuards(t, what+" grad", gb, (off+2)%4, n)
				checkSame(t, what+" dst", y, wantY)
				checkSame(t, what+" grad", g, wantG)
				checkSame(t, what+" (input changed)", x, x0)
				dx := make([]float32, n)
				mulGo(dx, dy, g)
				checkSame(t, what+" dy·grad", dx, wantDx)

				m(x, g, x)
				checkSame(t, what+" dst in place", x, wantY)
				checkSame(t, what+" grad, dst in place", g, wantG)
				copy(x, x0)
				m(y, x, x)
				checkSame(t, what+" grad in place", x, wantG)
				checkSame(t, what+" dst, grad in place", y, wantY)
			}
		}
	}
}

// TestGELUWithGradSweep checks every path over the accuracy sweep's
// inputs (the whole float32 range, coarser than TestMathAccuracy).
func TestGELUWithGradSweep(t *testing.T) {
	for _, k := range geluGradKernels {
		x := sweepInputs(sweepStride(k.value(&goMath)) * 4)
		x = append(x, geluGradSpecials...)
		wantY, wantG, _ := k.want(x, make([]float32, len(x)))
		y, g := make([]float32, len(x)), make([]float32, len(x))
		for j, o := range append([]*mathOps{&goMath}, simdMathAll...) {
			k.grad(o)(y, g, x)
			for i, v := range x {
				if !sameFloat(y[i], wantY[i]) || !sameFloat(g[i], wantG[i]) {
					t.Fatalf("%s set %d x = %v (%#08x): got %v, %v; want %v, %v", k.name, j, v, math.Float32bits(v),
						y[i], g[i], wantY[i], wantG[i])
				}
			}
		}
	}
}

// TestGELUWithGradAPI checks the exported entry points on both paths and
// their length checks.
func TestGELUWithGradAPI(t *testing.T) {
	x := []float32{-3, -0.75, 0, 0.5, 2, float32(math.Inf(-1))}
	was := SetSIMD(true)
	defer SetSIMD(was)
	for i, f := range []func(dst, grad, x []float32){GELUWithGrad, GELUTanhWithGrad} {
		k := geluGradKernels[i]
		wantY, wantG, _ := k.want(x, make([]float32, len(x)))
		for _, on := range []bool{false, true} {
			SetSIMD(on)
			y, g := make([]float32, len(x)), make([]float32, len(x))
			f(y, g, x)
			checkSame(t, fmt.Sprintf("%s simd=%v dst", k.name, on), y, wantY)
			checkSame(t, fmt.Sprintf("%s simd=%v grad", k.name, on), g, wantG)
		}
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%sWithGrad with a short grad did not panic", k.name)
				}
			}()
			f(make([]float32, 3), make([]float32, 2), make([]float32, 3))
		}()
	}
}
