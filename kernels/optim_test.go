package kernels

import (
	"fmt"
	"math"
	"math/rand"
	"testing"
)

// Tests of the optimizer kernels' flush of denormal state to zero, and of
// the RMSProp kernel. The Go references round every product explicitly, so
// unlike the other fused kernels these must agree with the assembly bit for
// bit on every architecture.

// optimImpls are the implementations to check: the Go reference always,
// the SIMD set when this build and CPU have one.
func optimImpls() []struct {
	name string
	o    *ops
} {
	impls := []struct {
		name string
		o    *ops
	}{{"go", &goOps}}
	if simdOps != nil {
		impls = append(impls, struct {
			name string
			o    *ops
		}{simdOps.name, simdOps})
	}
	return impls
}

// fillTiny sets s to values around the smallest normal float32, 2^-126:
// denormals, zeros of both signs, ±2^-126 and its neighbours, numbers from
// 2^-135 to 2^-100, a few ordinary values and, if specials, NaNs and
// infinities. With nonneg the values are non-negative (a second moment).
func fillTiny(r *rand.Rand, s []float32, specials, nonneg bool) {
	for i := range s {
		var x float32
		switch k := r.Intn(12); {
		case k == 0:
			x = 0
		case k == 1:
			x = float32(math.Copysign(0, -1))
		case k == 2:
			x = math.Float32frombits(1 + uint32(r.Intn(0x7fffff))) // denormal
		case k == 3:
			x = math.Float32frombits(0x00800000 + uint32(r.Intn(5)) - 2) // 2^-126 ± 2 ulps
		case k == 4:
			x = r.Float32()*4 - 2
		case specials && k == 5:
			x = float32(math.NaN())
		case specials && k == 6:
			x = float32(math.Inf(1))
		default:
			x = float32(math.Ldexp(1+r.Float64(), -100-r.Intn(36)))
		}
		if r.Intn(2) == 0 {
			x = -x
		}
		if nonneg {
			x = float32(math.Abs(float64(x)))
		}
		s[i] = x
	}
}

// flushed is the reference's flush rule, written independently: a value of
// magnitude below 2^-126 becomes +0.
func flushed(x float32) float32 {
	if math.Abs(float64(x)) < 0x1p-126 {
		return 0
	}
	return x
}

// checkNoDenormals fails if s holds a denormal or a negative zero.
func checkNoDenormals(t *testing.T, what string, s []float32) {
	t.Helper()
	for i, x := range s {
		if b := math.Float32bits(x); b&0x7f800000 == 0 && b != 0 {
			t.Fatalf("%s: [%d] = %v (%#08x): denormal or -0 not flushed", what, i, x, b)
		}
	}
}

// TestAdamFlushDenormals checks, on every path, that Adam stores m and v
// flushed to +0 where they fall below 2^-126 and uses the flushed values in
// the update of p, and that the paths agree bit for bit on such inputs.
func TestAdamFlushDenormals(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewSource(11))
	// Typed, so that 1-beta1 rounds as in the kernels.
	var beta1, beta2, eps float32 = 0.9, 0.999, 1e-8
	var step, vscale float32 = 1e-3 / (1 - 0.9*0.9), 1 / 0.04471
	for _, n := range testLens {
		t.Run(fmt.Sprintf("n=%d", n), func(t *testing.T) {
			off := n % 4
			p0, g0, m0, v0 := make([]float32, n), make([]float32, n), make([]float32, n), make([]float32, n)
			fill(r, p0, false)
			fillTiny(r, g0, true, false)
			fillTiny(r, m0, true, false)
			fillTiny(r, v0, true, true)
			var ref [4][]float32
			for k, im := range optimImpls() {
				p, pb := copyInto(p0, off)
				g, gb := copyInto(g0, (off+1)%4)
				m, mb := copyInto(m0, (off+2)%4)
				v, vb := copyInto(v0, (off+3)%4)
				im.o.adam(p, g, m, v, step, beta1, beta2, eps, vscale)
				what := fmt.Sprintf("%s adam n=%d", im.name, n)
				checkGuards(t, what+" p", pb, off, n)
				checkGuards(t, what+" g", gb, (off+1)%4, n)
				checkGuards(t, what+" m", mb, (off+2)%4, n)
				checkGuards(t, what+" v", vb, (off+3)%4, n)
				checkSame(t, what+" g changed", g, g0)
				checkNoDenormals(t, what+" m", m)
				checkNoDenormals(t, what+" v", v)
				for i := range n {
					gi := g0[i]
					mi := flushed(float32(beta1*m0[i]) + float32((1-beta1)*gi))
					vi := flushed(float32(beta2*v0[i]) + float32(float32((1-beta2)*gi)*gi))
					pi := p0[i] - step*mi/(float32(float32(math.Sqrt(float64(vi)))*vscale)+eps)
					if !sameFloat(m[i], mi) || !sameFloat(v[i], vi) || !sameFloat(p[i], pi) {
						t.Fatalf("%s [%d]: g,m,v = %v,%v,%v: p,m,v = %v,%v,%v want %v,%v,%v",
							what, i, gi, m0[i], v0[i], p[i], m[i], v[i], pi, mi, vi)
					}
				}
				if k == 0 {
					ref = [4][]float32{p, g, m, v}
				} else {
					checkSame(t, what+" p vs go", p, ref[0])
					checkSame(t, what+" m vs go", m, ref[2])
					checkSame(t, what+" v vs go", v, ref[3])
				}
			}
		})
	}
}

// TestAdamFlushCases checks single elements at the edges of the flush.
func TestAdamFlushCases(t *testing.T) {
	t.Parallel()
	var beta1, beta2, eps float32 = 0.9, 0.999, 1e-8
	var step, vscale float32 = 0.25, 1
	den := math.Float32frombits(3) // 3 ulps: 0.9*m rounds back to m
	cases := []struct {
		name         string
		g, m, v      float32
		wantM, wantV float32
	}{
		{"denormal m, zero g", 0, den, 1e-10, 0, 1e-10 * beta2},
		{"negative denormal m", 0, -den, 1e-10, 0, 1e-10 * beta2},
		{"m at 2^-126 decays below", 0, 0x1p-126, 1e-10, 0, 1e-10 * beta2},
		{"m at 2^-125 stays normal", 0, 0x1p-125, 0, beta1 * 0x1p-125, 0},
		{"negative zero m", float32(math.Copysign(0, -1)), float32(math.Copysign(0, -1)), 0, 0, 0},
		{"denormal v", 0, 0, math.Float32frombits(0x400000), 0, 0},
		{"tiny g: v underflows, m kept", 0x1p-63, 0, 0, (1 - beta1) * 0x1p-63, 0},
		{"denormal g", math.Float32frombits(5), 0, 0, 0, 0},
		{"NaN m kept", 0, float32(math.NaN()), 1, float32(math.NaN()), beta2},
		{"Inf v kept", 0, 0, float32(math.Inf(1)), 0, float32(math.Inf(1))},
	}
	for _, c := range cases {
		wantP := 0.5 - step*c.wantM/(float32(float32(math.Sqrt(float64(c.wantV)))*vscale)+eps)
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			for _, im := range optimImpls() {
				// Every length up to 17 puts the element in the vector loops
				// and in the scalar tail.
				for n := 1; n <= 17; n++ {
					p, g, m, v := make([]float32, n), make([]float32, n), make([]float32, n), make([]float32, n)
					for i := range n {
						p[i], g[i], m[i], v[i] = 0.5, c.g, c.m, c.v
					}
					im.o.adam(p, g, m, v, step, beta1, beta2, eps, vscale)
					for i := range n {
						if !sameFloat(m[i], c.wantM) || !sameFloat(v[i], c.wantV) || !sameFloat(p[i], wantP) {
							t.Fatalf("%s: %s n=%d [%d]: p,m,v = %v,%v (%#x),%v (%#x), want %v,%v,%v",
								c.name, im.name, n, i, p[i], m[i], math.Float32bits(m[i]), v[i], math.Float32bits(v[i]),
								wantP, c.wantM, c.wantV)
						}
					}
				}
			}
		})
	}
}

// TestAdamDeadUnit runs the case that motivated the flush: a parameter
// whose gradient is zero from some step on. Its m must reach +0 rather
// than stick among the denormals, and both paths must stay identical. It
// switches the path with SetSIMD (restored when it ends): not parallel.
func TestAdamDeadUnit(t *testing.T) {
	const n = 37
	was := SetSIMD(false)
	t.Cleanup(func() { SetSIMD(was) })
	run := func(simd bool) (p, m, v []float32) {
		SetSIMD(simd)
		p, g, m, v := make([]float32, n), make([]float32, n), make([]float32, n), make([]float32, n)
		for i := range n {
			p[i], g[i] = float32(i)/n-0.5, float32(i+1)*1e-3
		}
		AdamStep(p, g, m, v, 1e-3, 0.9, 0.999, 1e-8, 1)
		clear(g)
		for step := 2; step <= 1200; step++ {
			AdamStep(p, g, m, v, 1e-3, 0.9, 0.999, 1e-8, step)
			checkNoDenormals(t, fmt.Sprintf("simd=%v step %d m", simd, step), m)
		}
		return p, m, v
	}
	p, m, v := run(false)
	for i := range m {
		if m[i] != 0 || v[i] == 0 {
			t.Fatalf("go: after 1200 steps m[%d] = %v, v = %v; want m 0, v > 0", i, m[i], v[i])
		}
	}
	if HasSIMD() {
		ps, ms, vs := run(true)
		checkSame(t, "simd p", ps, p)
		checkSame(t, "simd m", ms, m)
		checkSame(t, "simd v", vs, v)
	}
}

// rmspropWant is RMSProp on one element, written out with the reference's
// rounding.
func rmspropWant(p, g, sq, lr, alpha, eps float32) (float32, float32) {
	s := flushed(float32(alpha*sq) + float32(float32((1-alpha)*g)*g))
	return p - lr*g/(float32(math.Sqrt(float64(s)))+eps), s
}

func TestVectorRMSProp(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewSource(12))
	for _, hp := range []struct{ lr, alpha, eps float32 }{{0.01, 0.99, 1e-8}, {1e-3, 0.9, 1e-6}} {
		for _, n := range testLens {
			t.Run(fmt.Sprintf("lr=%g,alpha=%g/n=%d", hp.lr, hp.alpha, n), func(t *testing.T) {
				for _, tiny := range []bool{false, true} {
					off := n % 4
					p0, g0, s0 := make([]float32, n), make([]float32, n), make([]float32, n)
					fill(r, p0, false)
					if tiny {
						fillTiny(r, g0, true, false)
						fillTiny(r, s0, true, true)
					} else {
						fill(r, g0, false)
						for i := range s0 {
							s0[i] = r.Float32() * r.Float32()
						}
					}
					var ref [2][]float32
					for k, im := range optimImpls() {
						p, pb := copyInto(p0, off)
						g, gb := copyInto(g0, (off+1)%4)
						sq, sb := copyInto(s0, (off+2)%4)
						im.o.rmsprop(p, g, sq, hp.lr, hp.alpha, hp.eps)
						what := fmt.Sprintf("%s rmsprop lr=%g alpha=%g n=%d tiny=%v", im.name, hp.lr, hp.alpha, n, tiny)
						checkGuards(t, what+" p", pb, off, n)
						checkGuards(t, what+" g", gb, (off+1)%4, n)
						checkGuards(t, what+" sq", sb, (off+2)%4, n)
						checkSame(t, what+" g changed", g, g0)
						checkNoDenormals(t, what+" sq", sq)
						for i := range n {
							pw, sw := rmspropWant(p0[i], g0[i], s0[i], hp.lr, hp.alpha, hp.eps)
							if !sameFloat(p[i], pw) || !sameFloat(sq[i], sw) {
								t.Fatalf("%s [%d]: p,g,sq %v,%v,%v: p,sq = %v,%v want %v,%v",
									what, i, p0[i], g0[i], s0[i], p[i], sq[i], pw, sw)
							}
						}
						if k == 0 {
							ref = [2][]float32{p, sq}
						} else {
							checkSame(t, what+" p vs go", p, ref[0])
							checkSame(t, what+" sq vs go", sq, ref[1])
						}
					}
				}
			})
		}
	}
}

// TestRMSPropPyTorch checks the public wrapper against the update computed
// in float64, as PyTorch defines it, for a few steps. It switches the path
// with SetSIMD (restored when it ends): not parallel.
func TestRMSPropPyTorch(t *testing.T) {
	const n, lr, alpha, eps = 21, 0.01, 0.99, 1e-8
	was := SetSIMD(false)
	t.Cleanup(func() { SetSIMD(was) })
	for _, simd := range []bool{false, true} {
		if simd && !HasSIMD() {
			continue
		}
		SetSIMD(simd)
		p, g, sq := make([]float32, n), make([]float32, n), make([]float32, n)
		pd, sd := make([]float64, n), make([]float64, n)
		for i := range n {
			p[i] = float32(i)/n - 0.5
			pd[i] = float64(p[i])
		}
		for step := range 5 {
			for i := range n {
				g[i] = float32(math.Sin(float64(i*7+step))) * 0.1
				sd[i] = alpha*sd[i] + (1-alpha)*float64(g[i])*float64(g[i])
				pd[i] -= lr * float64(g[i]) / (math.Sqrt(sd[i]) + eps)
			}
			RMSPropStep(p, g, sq, lr, alpha, eps)
		}
		for i := range n {
			if math.Abs(float64(p[i])-pd[i]) > 1e-6 || math.Abs(float64(sq[i])-sd[i]) > 4e-6*sd[i] {
				t.Errorf("simd=%v [%d]: p,sq = %v,%v want %v,%v", simd, i, p[i], sq[i], pd[i], sd[i])
				break
			}
		}
	}
}
