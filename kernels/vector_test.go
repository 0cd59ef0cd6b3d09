package kernels

import (
	"fmt"
	"math"
	"math/rand"
	"strings"
	"testing"
)

// The SIMD kernels are checked against goOps directly, not through the
// public wrappers, so one run compares both paths whatever SetSIMD says,
// and these tests can run in parallel: no test switches the dispatch while
// a parallel test runs (Go starts parallel tests after the sequential ones).

// testLens covers every tail of the 4-, 8-, 16- and 32-lane loops (0..67)
// plus sizes that run the unrolled loops many times with an odd tail.
var testLens = func() []int {
	var l []int
	for n := 0; n <= 67; n++ {
		l = append(l, n)
	}
	return append(l, 1000, 4099, 65537)
}()

// guardBits is a NaN with a payload no kernel produces, written around each
// output slice: a kernel that writes out of bounds changes it.
const guardBits = 0x7fa1dead

const guardLen = 9

func needSIMD(t testing.TB) {
	t.Helper()
	if simdOps == nil {
		t.Skip("no SIMD kernels in this build or CPU")
	}
}

// guarded returns a slice of length n starting at element off of a backing
// array that has guard values before and after the slice.
func guarded(n, off int) (s, backing []float32) {
	backing = make([]float32, off+n+guardLen)
	for i := range backing {
		backing[i] = math.Float32frombits(guardBits)
	}
	return backing[off : off+n : off+n], backing
}

func checkGuards(t testing.TB, what string, backing []float32, off, n int) {
	t.Helper()
	for i, v := range backing {
		if (i < off || i >= off+n) && math.Float32bits(v) != guardBits {
			t.Fatalf("%s: guard at backing[%d] (slice at [%d:%d]) overwritten with %v", what, i, off, off+n, v)
		}
	}
}

// sameFloat is bitwise equality, except that any two NaNs are equal: the
// hardware's choice of NaN payload is not part of the contract.
func sameFloat(a, b float32) bool {
	if a != a && b != b {
		return true
	}
	return math.Float32bits(a) == math.Float32bits(b)
}

func checkSame(t testing.TB, what string, got, want []float32) {
	t.Helper()
	for i := range want {
		if !sameFloat(got[i], want[i]) {
			t.Fatalf("%s: [%d] = %v (%#08x), want %v (%#08x)", what, i,
				got[i], math.Float32bits(got[i]), want[i], math.Float32bits(want[i]))
		}
	}
}

// fill sets s to values in [-2, 2) with some exact zeros of both signs and,
// if specials, NaNs and infinities.
func fill(r *rand.Rand, s []float32, specials bool) {
	for i := range s {
		switch k := r.Intn(40); {
		case k == 0:
			s[i] = 0
		case k == 1:
			s[i] = float32(math.Copysign(0, -1))
		case specials && k == 2:
			s[i] = float32(math.NaN())
		case specials && k == 3:
			s[i] = float32(math.Inf(1 - 2*r.Intn(2)))
		default:
			s[i] = r.Float32()*4 - 2
		}
	}
}

// copyInto returns a guarded copy of src at offset off.
func copyInto(src []float32, off int) (s, backing []float32) {
	s, backing = guarded(len(src), off)
	copy(s, src)
	return s, backing
}

func TestVectorBinary(t *testing.T) {
	t.Parallel()
	needSIMD(t)
	kernels := []struct {
		name      string
		simd, ref func(dst, a, b []float32)
	}{
		{"add", simdOps.add, goOps.add},
		{"sub", simdOps.sub, goOps.sub},
		{"mul", simdOps.mul, goOps.mul},
		{"reluBack", simdOps.reluBack, goOps.reluBack},
	}
	r := rand.New(rand.NewSource(1))
	for _, k := range kernels {
		for _, n := range testLens {
			t.Run(fmt.Sprintf("%s/n=%d", k.name, n), func(t *testing.T) {
				for off := 0; off <= 3; off++ {
					a0, b0 := make([]float32, n), make([]float32, n)
					fill(r, a0, true)
					fill(r, b0, true)
					want := make([]float32, n)
					k.ref(want, a0, b0)

					a, _ := copyInto(a0, (off+1)%4)
					b, _ := copyInto(b0, (off+2)%4)
					dst, back := guarded(n, off)
					k.simd(dst, a, b)
					what := fmt.Sprintf("%s n=%d off=%d", k.name, n, off)
					checkGuards(t, what, back, off, n)
					checkSame(t, what, dst, want)
					checkSame(t, what+" (input a changed)", a, a0)
					checkSame(t, what+" (input b changed)", b, b0)

					// In place, dst aliasing each input in turn.
					k.simd(a, a, b)
					checkSame(t, what+" dst=a", a, want)
					copy(a, a0)
					k.simd(b, a, b)
					checkSame(t, what+" dst=b", b, want)
				}
			})
		}
	}
}

func TestVectorUnary(t *testing.T) {
	t.Parallel()
	needSIMD(t)
	r := rand.New(rand.NewSource(2))
	for _, n := range testLens {
		t.Run(fmt.Sprintf("n=%d", n), func(t *testing.T) {
			for off := 0; off <= 3; off++ {
				x0 := make([]float32, n)
				fill(r, x0, true)
				what := fmt.Sprintf("n=%d off=%d", n, off)

				want := make([]float32, n)
				goOps.relu(want, x0)
				x, _ := copyInto(x0, (off+1)%4)
				dst, back := guarded(n, off)
				simdOps.relu(dst, x)
				checkGuards(t, "relu "+what, back, off, n)
				checkSame(t, "relu "+what, dst, want)
				simdOps.relu(x, x)
				checkSame(t, "relu in place "+what, x, want)

				for _, alpha := range []float32{0, -1.5, 3.25} {
					copy(want, x0)
					goOps.scale(alpha, want)
					x, back := copyInto(x0, off)
					simdOps.scale(alpha, x)
					checkGuards(t, "scale "+what, back, off, n)
					checkSame(t, "scale "+what, x, want)
				}
			}
		})
	}
}

// matShapes are (rows, cols) pairs: every column count 1..67 with a few row
// counts, and the shapes of a small MLP.
var matShapes = func() [][2]int {
	var s [][2]int
	for n := 1; n <= 67; n++ {
		for _, m := range []int{0, 1, 3} {
			s = append(s, [2]int{m, n})
		}
	}
	return append(s, [2]int{64, 128}, [2]int{1000, 10}, [2]int{7, 784}, [2]int{2, 4099})
}()

func TestVectorBias(t *testing.T) {
	t.Parallel()
	needSIMD(t)
	r := rand.New(rand.NewSource(3))
	for _, sh := range matShapes {
		m, n := sh[0], sh[1]
		t.Run(fmt.Sprintf("%dx%d", m, n), func(t *testing.T) {
			for off := 0; off <= 3; off++ {
				what := fmt.Sprintf("%dx%d off=%d", m, n, off)
				x0, b0 := make([]float32, m*n), make([]float32, n)
				fill(r, x0, true)
				fill(r, b0, true)

				want := append([]float32(nil), x0...)
				goOps.addBias(want, b0)
				x, back := copyInto(x0, off)
				b, _ := copyInto(b0, (off+1)%4)
				simdOps.addBias(x, b)
				checkGuards(t, "addBias "+what, back, off, m*n)
				checkSame(t, "addBias "+what, x, want)
				checkSame(t, "addBias bias changed "+what, b, b0)

				// Column sums are compared exactly: both paths add the rows
				// into dst[j] top to bottom.
				want = append([]float32(nil), b0...)
				goOps.addColSums(want, x0)
				dst, back := copyInto(b0, off)
				x, _ = copyInto(x0, (off+2)%4)
				simdOps.addColSums(dst, x)
				checkGuards(t, "addColSums "+what, back, off, n)
				checkSame(t, "addColSums "+what, dst, want)
				checkSame(t, "addColSums x changed "+what, x, x0)
			}
		})
	}
}

// maxCases returns inputs of length n that exercise Max and ArgMax's
// contract: NaNs anywhere (including first), all NaN, signed zeros as the
// maximum, -Inf, ties.
func maxCases(r *rand.Rand, n int) [][]float32 {
	if n == 0 {
		return nil
	}
	nan := float32(math.NaN())
	negZero := float32(math.Copysign(0, -1))
	var cs [][]float32
	add := func(f func(i int) float32) {
		x := make([]float32, n)
		for i := range x {
			x[i] = f(i)
		}
		cs = append(cs, x)
	}
	add(func(int) float32 { return r.Float32()*4 - 2 })
	add(func(int) float32 { return nan })
	add(func(int) float32 { return float32(math.Inf(-1)) })
	add(func(i int) float32 { return []float32{nan, float32(math.Inf(-1))}[i%2] })
	add(func(i int) float32 { return []float32{negZero, 0, -1}[r.Intn(3)] })
	add(func(i int) float32 { return []float32{0, negZero, nan, -3}[r.Intn(4)] })
	add(func(i int) float32 { return float32(r.Intn(3)) }) // ties
	add(func(i int) float32 {
		if i == 0 {
			return nan
		}
		return -float32(r.Intn(5)) - 0.5
	})
	add(func(int) float32 {
		x := make([]float32, 1)
		fill(r, x, true)
		return x[0]
	})
	// The maximum alone at each position for small n, so every lane and
	// tail position wins once.
	if n <= 40 {
		for p := 0; p < n; p++ {
			add(func(i int) float32 {
				if i == p {
					return 5
				}
				return -float32(i)
			})
		}
	}
	return cs
}

func TestVectorMaxArgMax(t *testing.T) {
	t.Parallel()
	needSIMD(t)
	r := rand.New(rand.NewSource(4))
	for _, n := range testLens {
		t.Run(fmt.Sprintf("n=%d", n), func(t *testing.T) {
			for ci, x0 := range maxCases(r, n) {
				off := ci % 4
				x, back := copyInto(x0, off)
				what := fmt.Sprintf("n=%d case=%d", n, ci)
				wantI := goOps.argmax(x0)
				if got := simdOps.argmax(x); got != wantI {
					t.Fatalf("argmax %s = %d, want %d", what, got, wantI)
				}
				want := goOps.max(x0)
				if math.Float32bits(want) != math.Float32bits(x0[wantI]) {
					t.Fatalf("max %s: Go reference %v is not x[argmax] = %v", what, want, x0[wantI])
				}
				checkSame(t, "max "+what, []float32{simdOps.max(x)}, []float32{want})
				checkGuards(t, "max "+what, back, off, n)
			}
		})
	}
}

// dotErrorBound bounds the rounding error of the SIMD dot product: each of
// its lanes (at most 32 on AVX2, 16 on NEON) adds about n/16 products in
// sequence, the lanes are combined in a tree of depth 5, and a scalar tail
// adds at most 7 more, each step losing at most half an ulp of a partial
// sum of |x_i*y_i|. The order differs from the Go reference (and FMA skips
// a rounding), so exact equality with it is not expected.
func dotErrorBound(x, y []float32) float64 {
	var abs float64
	for i := range x {
		abs += math.Abs(float64(x[i]) * float64(y[i]))
	}
	return (float64(len(x))/16 + 16) * 0x1p-24 * abs
}

func TestVectorDot(t *testing.T) {
	t.Parallel()
	needSIMD(t)
	r := rand.New(rand.NewSource(5))
	for _, n := range testLens {
		t.Run(fmt.Sprintf("n=%d", n), func(t *testing.T) {
			for off := 0; off <= 3; off++ {
				x0, y0 := make([]float32, n), make([]float32, n)
				fill(r, x0, false)
				fill(r, y0, false)
				var exact float64
				for i := range x0 {
					exact += float64(x0[i]) * float64(y0[i])
				}
				x, _ := copyInto(x0, off)
				y, _ := copyInto(y0, (off+1)%4)
				got := simdOps.dot(x, y)
				if d := math.Abs(float64(got) - exact); d > dotErrorBound(x0, y0) {
					t.Fatalf("dot n=%d off=%d = %v, exact %v, error %g > bound %g (go %v)",
						n, off, got, exact, d, dotErrorBound(x0, y0), goOps.dot(x0, y0))
				}
			}
		})
	}
	// NaN and Inf propagate as in the reference.
	x := []float32{1, 2, float32(math.NaN()), 4, 5, 6, 7, 8, 9}
	if v := simdOps.dot(x, x); v == v {
		t.Errorf("dot with NaN = %v", v)
	}
}

// adamClose reports whether got is within a few ulps of want, measured on
// the scale of the operands (scale), since p - delta may cancel. The
// arithmetic is the same as the reference's, but the Go compiler may fuse
// a*b+c into an FMA (it does on arm64), which rounds once instead of twice.
func adamClose(got, want, scale float32) bool {
	if sameFloat(got, want) {
		return true
	}
	return math.Abs(float64(got)-float64(want)) <= 8*0x1p-24*math.Abs(float64(scale))
}

// adamPClose checks p against the update computed in float64 from the m
// and v the kernel produced. It is the test for p where m suffered
// cancellation (beta1*m ~ -(1-beta1)*g): a last-bit difference in m is then
// a large relative one, which the update carries into p.
func adamPClose(p, p0, m, v, step, eps, vscale float32) bool {
	d := float64(step) * float64(m) / (math.Sqrt(float64(v))*float64(vscale) + float64(eps))
	want := float64(p0) - d
	return math.Abs(float64(p)-want) <= 8*0x1p-24*(math.Abs(float64(p0))+math.Abs(d))
}

func TestVectorAdam(t *testing.T) {
	t.Parallel()
	needSIMD(t)
	r := rand.New(rand.NewSource(6))
	const lr, beta1, beta2, eps = 1e-3, 0.9, 0.999, 1e-8
	for _, n := range testLens {
		t.Run(fmt.Sprintf("n=%d", n), func(t *testing.T) {
			for _, step := range []int{1, 2, 100} {
				off := step % 4
				p0, g0, m0, v0 := make([]float32, n), make([]float32, n), make([]float32, n), make([]float32, n)
				fill(r, p0, false)
				fill(r, g0, false)
				fill(r, m0, false)
				for i := range v0 {
					v0[i] = r.Float32() * r.Float32()
				}
				stepSize := float32(lr / (1 - math.Pow(beta1, float64(step))))
				vscale := float32(1 / math.Sqrt(1-math.Pow(beta2, float64(step))))

				pw, gw := append([]float32(nil), p0...), append([]float32(nil), g0...)
				mw, vw := append([]float32(nil), m0...), append([]float32(nil), v0...)
				goOps.adam(pw, gw, mw, vw, stepSize, beta1, beta2, eps, vscale)

				p, pb := copyInto(p0, off)
				g, gb := copyInto(g0, (off+1)%4)
				m, mb := copyInto(m0, (off+2)%4)
				v, vb := copyInto(v0, (off+3)%4)
				simdOps.adam(p, g, m, v, stepSize, beta1, beta2, eps, vscale)
				what := fmt.Sprintf("adam n=%d step=%d", n, step)
				checkGuards(t, what+" p", pb, off, n)
				checkGuards(t, what+" g", gb, (off+1)%4, n)
				checkGuards(t, what+" m", mb, (off+2)%4, n)
				checkGuards(t, what+" v", vb, (off+3)%4, n)
				checkSame(t, what+" g changed", g, g0)
				for i := 0; i < n; i++ {
					if !adamClose(m[i], mw[i], float32(math.Abs(float64(m0[i]))+math.Abs(float64(g0[i])))) ||
						!adamClose(v[i], vw[i], v0[i]+g0[i]*g0[i]) ||
						!adamClose(p[i], pw[i], float32(math.Abs(float64(p0[i]))+math.Abs(float64(p0[i]-pw[i])))) &&
							!adamPClose(p[i], p0[i], m[i], v[i], stepSize, eps, vscale) {
						t.Fatalf("%s [%d]: p,m,v = %v,%v,%v want %v,%v,%v", what, i, p[i], m[i], v[i], pw[i], mw[i], vw[i])
					}
				}
			}
		})
	}
}

// TestWrapperPanics checks that the public wrappers reject mismatched
// lengths with a message that names both lengths.
func TestWrapperPanics(t *testing.T) {
	t.Parallel()
	a, b := make([]float32, 7), make([]float32, 11)
	cases := []struct {
		name  string
		f     func()
		words []string
	}{
		{"Axpy", func() { Axpy(1, a, b) }, []string{"Axpy", "7", "11"}},
		{"Dot", func() { Dot(a, b) }, []string{"Dot", "7", "11"}},
		{"Add", func() { Add(a, a, b) }, []string{"Add", "7", "11"}},
		{"Sub", func() { Sub(a, b, a) }, []string{"Sub", "7", "11"}},
		{"Mul", func() { Mul(b, a, b) }, []string{"Mul", "7", "11"}},
		{"ReLU", func() { ReLU(a, b) }, []string{"ReLU", "7", "11"}},
		{"ReLUBackward", func() { ReLUBackward(a, a, b) }, []string{"ReLUBackward", "7", "11"}},
		{"Exp", func() { Exp(a, b) }, []string{"Exp", "7", "11"}},
		{"AdamStep", func() { AdamStep(a, a, a, b, 1e-3, 0.9, 0.999, 1e-8, 1) }, []string{"AdamStep", "7", "11"}},
		{"RMSPropStep", func() { RMSPropStep(a, a, b, 1e-2, 0.99, 1e-8) }, []string{"RMSPropStep", "7", "11"}},
		{"AddBias", func() { AddBias(b, a[:3]) }, []string{"AddBias", "11", "3"}},
		{"AddColSums", func() { AddColSums(a[:3], b) }, []string{"AddColSums", "11", "3"}},
		{"Max", func() { Max(nil) }, []string{"Max", "empty"}},
		{"ArgMax", func() { ArgMax(nil) }, []string{"ArgMax", "empty"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			defer func() {
				r := recover()
				if r == nil {
					t.Fatal("no panic")
				}
				msg := fmt.Sprint(r)
				for _, w := range c.words {
					if !strings.Contains(msg, w) {
						t.Fatalf("panic %q does not mention %q", msg, w)
					}
				}
			}()
			c.f()
		})
	}
}

// TestVectorWrappers runs the public API on both paths once, so the
// dispatch (including maxVia) is exercised, not just the raw kernels. It
// switches the path with SetSIMD (restored when it ends): not parallel.
func TestVectorWrappers(t *testing.T) {
	was := SetSIMD(true)
	t.Cleanup(func() { SetSIMD(was) })
	x := []float32{-1, 3, 0, 3, -7, 2, 1, 0.5, 9, -2}
	for _, on := range []bool{false, true} {
		SetSIMD(on)
		if got := ArgMax(x); got != 8 {
			t.Errorf("simd=%v ArgMax = %d, want 8", on, got)
		}
		if got := Max(x); got != 9 {
			t.Errorf("simd=%v Max = %v, want 9", on, got)
		}
		z := []float32{float32(math.Copysign(0, -1)), -1, 0}
		if got := Max(z); !math.Signbit(float64(got)) || got != 0 {
			t.Errorf("simd=%v Max(-0,-1,0) = %v, want -0 (the first zero)", on, got)
		}
		if got := Dot(x, x); got != 158.25 {
			t.Errorf("simd=%v Dot = %v, want 158.25", on, got)
		}
	}
}
