package kernels

import (
	"fmt"
	"math"
	"math/rand"
	"testing"
	"time"
)

// unaryMath describes one elementwise kernel for the accuracy sweeps:
// pick selects it from a mathOps, ref is its float64 reference, and bound
// its documented error in ulps of the float32-rounded reference.
type unaryMath struct {
	name  string
	pick  func(*mathOps) func(dst, x []float32)
	ref   func(x float64) float64
	bound float64
	// abs, if non-zero, is an absolute error allowed on top of bound
	// (for gradients that cross zero).
	abs float64
	// cond, if set, adds ulps allowed at x: an error amplified by the
	// function's condition, which no float32 evaluation avoids.
	cond func(x float64) float64
}

func sigmoid64(x float64) float64 {
	if x >= 0 {
		return 1 / (1 + math.Exp(-x))
	}
	e := math.Exp(x)
	return e / (1 + e)
}

func gelu64(x float64) float64 {
	if math.IsInf(x, -1) {
		return math.Copysign(0, -1)
	}
	return x * 0.5 * math.Erfc(-x/math.Sqrt2)
}

func geluTanh64(x float64) float64 {
	if math.IsInf(x, -1) {
		return math.Copysign(0, -1)
	}
	return x * sigmoid64(2*math.Sqrt(2/math.Pi)*(x+0.044715*x*x*x))
}

var unaryMaths = []unaryMath{
	{"Exp", func(o *mathOps) func(d, x []float32) { return o.exp }, math.Exp, 1, 0, nil},
	{"Sigmoid", func(o *mathOps) func(d, x []float32) { return o.sigmoid }, sigmoid64, 2.5, 0, nil},
	{"Tanh", func(o *mathOps) func(d, x []float32) { return o.tanh }, math.Tanh, 1.5, 0, nil},
	{"GELU", func(o *mathOps) func(d, x []float32) { return o.gelu }, gelu64, 8, 0, nil},
	{"GELUTanh", func(o *mathOps) func(d, x []float32) { return o.geluTanh }, geluTanh64, 4, 0, func(x float64) float64 {
		// ln σ(v) changes by v·ε when v has the relative error ε
		// that rounding x², the float32 constants and the product give.
		return 3 * math.Abs(2*math.Sqrt(2/math.Pi)*(x+0.044715*x*x*x))
	}},
	{"GELUBackward", func(o *mathOps) func(d, x []float32) { return withOnes(o.geluBack) }, func(x float64) float64 {
		if math.IsInf(x, 0) {
			return 0.5 + math.Copysign(0.5, x)
		}
		return 0.5*math.Erfc(-x/math.Sqrt2) + x*math.Exp(-x*x/2)/math.Sqrt(2*math.Pi)
	}, 4, 0x1p-21, nil},
	{"GELUTanhBackward", func(o *mathOps) func(d, x []float32) { return withOnes(o.geluTanhBack) }, func(x float64) float64 {
		if math.IsInf(x, 0) {
			return 0.5 + math.Copysign(0.5, x)
		}
		k := 2 * math.Sqrt(2/math.Pi)
		s := sigmoid64(k * (x + 0.044715*x*x*x))
		return s + x*s*(1-s)*k*(1+3*0.044715*x*x)
	}, 4, 0x1p-21, nil},
}

// withOnes turns a gradient kernel into the derivative itself (dy = 1).
func withOnes(f func(dx, dy, x []float32)) func(dst, x []float32) {
	return func(dst, x []float32) {
		ones := make([]float32, len(dst))
		for i := range ones {
			ones[i] = 1
		}
		f(dst, ones, x)
	}
}

// ulpErr is the error of got in units of the last place of want rounded
// to float32 (2^-149 in the denormals); 0 when both are the same NaN or
// infinity, +Inf when only one is NaN.
func ulpErr(got float32, want float64) float64 {
	if math.IsNaN(want) || got != got {
		if math.IsNaN(want) && got != got {
			return 0
		}
		return math.Inf(1)
	}
	w32 := float32(want)
	if got == w32 {
		return 0
	}
	g := float64(got)
	if math.IsInf(g, 0) {
		g = math.Copysign(0x1p128, g)
	}
	if math.IsInf(want, 0) {
		want = math.Copysign(0x1p128, want)
	}
	a := math.Abs(want)
	ulp := 0x1p-149
	if a >= 0x1p-126 {
		_, e := math.Frexp(a) // a = f·2^e, f in [0.5, 1)
		ulp = math.Ldexp(1, e-24)
	}
	return math.Abs(g-want) / ulp
}

// sweepInputs returns the inputs of the accuracy sweeps: every stride-th
// bit pattern of the 2^32 (from a random start), plus all patterns
// within 2^12 of the interesting points of the kernels.
func sweepInputs(stride uint64) []float32 {
	var x []float32
	for b := uint64(stride / 3); b < 1<<32; b += stride {
		x = append(x, math.Float32frombits(uint32(b)))
	}
	centres := []float32{0, 0x1p-126, 0x1p-149 * 4096, 0.5, 1, 2, 0.625, 0.75,
		88.72284, 89, 104, 103.97208, 87.33655, 17.32868, 9.010913, 16, 14.5, 13, 20,
		1e-5, 1e-20, math.MaxFloat32, float32(math.Inf(1)), float32(math.NaN())}
	for _, c := range centres {
		for _, s := range []float32{1, -1} {
			u := math.Float32bits(c * s)
			for d := uint32(0); d < 1<<12; d++ {
				x = append(x, math.Float32frombits(u+d), math.Float32frombits(u-d))
			}
		}
	}
	return x
}

// sweepStride sizes the strided sweep to the speed of the machine: about
// two seconds per kernel natively (every 97th pattern at most), far
// coarser under an emulator or the race detector.
func sweepStride(f func(dst, x []float32)) uint64 {
	x := make([]float32, 1<<14)
	for i := range x {
		x[i] = float32(i) * 0.01
	}
	start := time.Now()
	f(x, x)
	per := time.Since(start).Seconds() / float64(len(x)) * 2 // and the reference
	n := 2.0 / per
	stride := uint64(float64(1<<32) / n)
	if testing.Short() {
		stride *= 8
	}
	return max(stride|1, 97)
}

// TestMathAccuracy measures every kernel's error against float64 math
// over the sweep and checks it against the documented bound, and checks
// that every SIMD path gives the same bits as the Go path.
func TestMathAccuracy(t *testing.T) {
	for _, k := range unaryMaths {
		t.Run(k.name, func(t *testing.T) {
			ref := k.pick(&goMath)
			x := sweepInputs(sweepStride(ref))
			got := make([]float32, len(x))
			ref(got, x)
			worst, at := 0.0, float32(0)
			for i, v := range x {
				e := ulpErr(got[i], k.ref(float64(v)))
				if k.cond != nil && v-v == 0 {
					e -= k.cond(float64(v))
				}
				if k.abs != 0 {
					d := math.Abs(float64(got[i]) - k.ref(float64(v)))
					if d <= k.abs {
						continue
					}
				}
				if e > worst || e != e {
					worst, at = e, v
				}
			}
			t.Logf("%d inputs, max error %.3f ulps (beyond any absolute or conditioning allowance) at x = %v (%#08x)", len(x), worst, at, math.Float32bits(at))
			if !(worst <= k.bound) {
				w := k.ref(float64(at))
				var g [1]float32
				ref(g[:], []float32{at})
				t.Errorf("error %.3f ulps at x = %v: got %v, want %v; bound %v", worst, at, g[0], w, k.bound)
			}
			simd := make([]float32, len(x))
			for j, m := range simdMathAll {
				k.pick(m)(simd, x)
				for i := range x {
					if !sameFloat(simd[i], got[i]) {
						t.Fatalf("x = %v (%#08x): simd set %d %v (%#08x), go %v (%#08x)", x[i], math.Float32bits(x[i]),
							j, simd[i], math.Float32bits(simd[i]), got[i], math.Float32bits(got[i]))
					}
				}
			}
		})
	}
}

// TestMathSpecial checks the values the documentation promises exactly.
func TestMathSpecial(t *testing.T) {
	inf, nan := float32(math.Inf(1)), float32(math.NaN())
	negz := float32(math.Copysign(0, -1))
	cases := []struct {
		name string
		f    func(dst, x []float32)
		x    []float32
		want []float32
	}{
		{"Exp", Exp, []float32{0, negz, -inf, inf, nan, 88.73, -104, 1}, []float32{1, 1, 0, inf, nan, inf, 0, math.E}},
		{"Sigmoid", Sigmoid, []float32{0, negz, -inf, inf, nan, 17.33, 200, -200}, []float32{0.5, 0.5, 0, 1, nan, 1, 1, 0}},
		{"Tanh", Tanh, []float32{0, negz, -inf, inf, nan, 9.02, -9.02, 1e-30}, []float32{0, negz, -1, 1, nan, 1, -1, 1e-30}},
		{"GELU", GELU, []float32{0, negz, -inf, inf, nan, 100, -100}, []float32{0, negz, negz, inf, nan, 100, negz}},
		{"GELUTanh", GELUTanh, []float32{0, negz, -inf, inf, nan, 100, -100}, []float32{0, negz, negz, inf, nan, 100, negz}},
	}
	was := SetSIMD(true)
	defer SetSIMD(was)
	for _, on := range []bool{false, true} {
		SetSIMD(on)
		for _, c := range cases {
			got := make([]float32, len(c.x))
			c.f(got, c.x)
			for i := range got {
				if !sameFloat(got[i], c.want[i]) {
					t.Errorf("simd=%v %s(%v) = %v, want %v", on, c.name, c.x[i], got[i], c.want[i])
				}
			}
		}
	}
}

// mathKernels lists every kernel of mathOps as a function of one input
// slice (the gradients get a fixed pseudo-random dy) for the tail tests.
type mathKernel struct {
	name string
	f    func(o *mathOps, dst, x, dy []float32)
}

var mathKernels = []mathKernel{
	{"exp", func(o *mathOps, d, x, _ []float32) { o.exp(d, x) }},
	{"sigmoid", func(o *mathOps, d, x, _ []float32) { o.sigmoid(d, x) }},
	{"tanh", func(o *mathOps, d, x, _ []float32) { o.tanh(d, x) }},
	{"gelu", func(o *mathOps, d, x, _ []float32) { o.gelu(d, x) }},
	{"geluTanh", func(o *mathOps, d, x, _ []float32) { o.geluTanh(d, x) }},
	{"sigmoidBack", func(o *mathOps, d, x, dy []float32) { o.sigmoidBack(d, dy, x) }},
	{"tanhBack", func(o *mathOps, d, x, dy []float32) { o.tanhBack(d, dy, x) }},
	{"geluBack", func(o *mathOps, d, x, dy []float32) { o.geluBack(d, dy, x) }},
	{"geluTanhBack", func(o *mathOps, d, x, dy []float32) { o.geluTanhBack(d, dy, x) }},
	{"logShift", func(o *mathOps, d, x, _ []float32) { o.logShift(d, x, 0.75, -1.25) }},
	{"expSum", func(o *mathOps, d, x, _ []float32) {
		s := o.expSum(d, x, 0.75)
		if len(d) > 0 {
			d[0] += s // fold the sum into the compared output
		}
	}},
	{"sumExp", func(o *mathOps, d, x, _ []float32) {
		s := make([]float32, len(d))
		for i := range s {
			s[i] = o.sumExp(x[:i], -0.5)
		}
		copy(d, s)
	}},
}

// mathLens covers every tail of the 16-, 8- and 4-lane loops, the
// lengths around the 32-lane steps of the AVX-512 exact-GELU kernels and
// a few long slices.
var mathLens = func() []int {
	var l []int
	for n := 0; n <= 2*16+3; n++ {
		l = append(l, n)
	}
	return append(l, 47, 48, 49, 63, 64, 65, 67, 95, 96, 97, 1000, 4099)
}()

// fillMath sets s to values spread over the kernels' interesting range,
// with some zeros, infinities and NaNs.
func fillMath(r *rand.Rand, s []float32) {
	fill(r, s, true)
	for i := range s {
		if r.Intn(3) == 0 {
			s[i] = float32(r.NormFloat64() * 30)
		}
	}
}

// TestMathTails checks each kernel of every SIMD set against the Go reference at every
// tail length and offset, with guards around the output, in place too.
func TestMathTails(t *testing.T) {
	if simdMath == nil {
		t.Skip("no SIMD kernels in this build or CPU")
	}
	r := rand.New(rand.NewSource(7))
	for _, k := range mathKernels {
		for _, n := range mathLens {
			for off := 0; off <= 3; off++ {
				x0, dy := make([]float32, n), make([]float32, n)
				fillMath(r, x0)
				fill(r, dy, false)
				want := make([]float32, n)
				k.f(&goMath, want, x0, dy)

				for j, m := range simdMathAll {
					x, _ := copyInto(x0, (off+1)%4)
					dst, back := guarded(n, off)
					k.f(m, dst, x, dy)
					what := fmt.Sprintf("%s set %d n=%d off=%d", k.name, j, n, off)
					checkGuards(t, what, back, off, n)
					checkSame(t, what, dst, want)
					checkSame(t, what+" (input changed)", x, x0)
					k.f(m, x, x, dy)
					checkSame(t, what+" in place", x, want)
				}
			}
		}
	}
}

// TestMathScaleRange sweeps the arguments whose e^x is scaled into the
// subnormal range or to the edge of overflow, where an exp kernel's last
// step (the scaling by 2^k, done in one instruction on AVX-512 and as two
// multiplications in Go) must still round once: every kernel of every
// SIMD set against the Go reference.
func TestMathScaleRange(t *testing.T) {
	if simdMath == nil {
		t.Skip("no SIMD kernels in this build or CPU")
	}
	var x []float32
	for _, r := range [][2]float32{{-104.5, -85}, {85, 89.5}, {-45, -40}, {40, 45}} {
		for v := r[0]; v < r[1]; v = math.Nextafter32(v, r[1]) {
			x = append(x, v)
			for i := 0; i < 37; i++ { // every 38th value: ~10^5 per range
				v = math.Nextafter32(v, r[1])
			}
		}
	}
	dy := make([]float32, len(x))
	for i := range dy {
		dy[i] = 1 - float32(i%7)/8
	}
	for _, k := range mathKernels {
		if k.name == "sumExp" {
			continue // quadratic in the length; TestMathTails covers it
		}
		want := make([]float32, len(x))
		k.f(&goMath, want, x, dy)
		for j, m := range simdMathAll {
			got := make([]float32, len(x))
			k.f(m, got, x, dy)
			checkSame(t, fmt.Sprintf("%s set %d", k.name, j), got, want)
		}
	}
}
