package kernels

import "math"

// GELU computes dst = x·Φ(x) = x/2·(1+erf(x/√2)) elementwise (PyTorch's
// default, exact GELU); dst may be x.
//
// Φ is computed from the upper tail Q(a) = Φ(-a), a = |x|, as
// e^{-a²/2}·t·F(t) with t = 1/(1+a/4) and F a polynomial fit, so
// Φ(x) = Q for x < 0 and 1-Q for x >= 0 without cancellation, and the
// result keeps its relative precision far into the negative tail. It is
// within 8 ulps of the float64 value over the whole float32 range;
// GELU(+Inf) = +Inf, GELU(-Inf) = -0, NaN gives NaN.
func GELU(dst, x []float32) {
	sameLen("GELU", len(dst), x)
	split2(mathActive().gelu, dst, x)
}

// GELUBackward computes the gradient through GELU, dx = dy·(Φ(x)+x·φ(x)),
// from GELU's input x; dx may be dy or x. The derivative crosses zero
// near x = -0.75, where no relative bound holds: its error is below
// 2^-21 absolute or 4 ulps relative.
func GELUBackward(dx, dy, x []float32) {
	sameLen("GELUBackward", len(dx), dy, x)
	split3(mathActive().geluBack, dx, dy, x)
}

// GELUWithGrad computes dst = GELU(x) and grad = GELU'(x) = Φ(x)+x·φ(x)
// elementwise, from one evaluation of the tail that both share. dst
// has GELU's bits and grad the derivative GELUBackward multiplies dy by,
// so that Mul(dx, dy, grad) gives GELUBackward(dx, dy, x) bit for bit: a
// training forward pass keeps grad and its backward pass is one multiply.
// dst or grad may be x; dst and grad must not overlap.
func GELUWithGrad(dst, grad, x []float32) {
	sameLen("GELUWithGrad", len(dst), grad, x)
	split3(mathActive().geluGrad, dst, grad, x)
}

// GELUTanh computes the tanh approximation of GELU,
// dst = x/2·(1+tanh(√(2/π)(x+0.044715x³))), elementwise; dst may be x.
// It is evaluated as x·σ(2√(2/π)(x+0.044715x³)), the same function
// written without the cancellation of 1+tanh for negative x. Its error
// against the float64 value of that formula is below 4 + 3|v| ulps over
// the whole float32 range, v = 2√(2/π)(x+0.044715x³): in the negative
// tail σ(v) ≈ e^v magnifies v's own rounding (and that of the float32
// constants) |v| times. GELUTanh(+Inf) = +Inf, GELUTanh(-Inf) = -0.
func GELUTanh(dst, x []float32) {
	sameLen("GELUTanh", len(dst), x)
	split2(mathActive().geluTanh, dst, x)
}

// GELUTanhWithGrad computes dst = GELUTanh(x) and grad = GELUTanh'(x)
// elementwise from one evaluation of σ, as GELUWithGrad does for GELU:
// Mul(dx, dy, grad) gives GELUTanhBackward(dx, dy, x) bit for bit. dst
// or grad may be x; dst and grad must not overlap.
func GELUTanhWithGrad(dst, grad, x []float32) {
	sameLen("GELUTanhWithGrad", len(dst), grad, x)
	split3(mathActive().geluTanhGrad, dst, grad, x)
}

// GELUTanhBackward computes the gradient through GELUTanh from its input
// x; dx may be dy or x. Like GELUBackward's, its error is below 2^-21
// absolute or 4 ulps relative.
func GELUTanhBackward(dx, dy, x []float32) {
	sameLen("GELUTanhBackward", len(dx), dy, x)
	split3(mathActive().geluTanhBack, dx, dy, x)
}

// The constants of the GELU kernels. geluF0..geluF9 are a weighted
// least-squares fit of Q(a)·e^{a²/2}/t in t = 1/(1+a/4) for a in [0, 16],
// relative error 1e-8.
const (
	// geluClamp bounds |x| where it matters: Q(16)·16 underflows to 0, so
	// beyond it the result is x or -0 already.
	geluClamp   = 16.0
	invSqrt2Pi  = 0.398942292 // 1/√(2π)
	geluF0      = 0.0997428596
	geluF1      = 0.0995865315
	geluF2      = 0.0947647691
	geluF3      = 0.0753796101
	geluF4      = 0.0771980584
	geluF5      = 0.0298062973
	geluF6      = 0.00844545942
	geluF7      = 0.0662669092
	geluF8      = -0.0688649267
	geluF9      = 0.0176744293
	geluTanhK   = 1.59576917   // 2√(2/π)
	geluTanhK3  = 0.0713548139 // 2√(2/π)·0.044715
	geluTanhK3d = 0.214064449  // 3·2√(2/π)·0.044715
	// geluTanhClamp: σ(±k(20+0.044715·20³)) is exactly 1 or 0, so the
	// formula is constant beyond it, and clamping keeps x³ finite.
	geluTanhClamp = 20.0
)

// geluTail returns, for xc = x clamped to ±geluClamp, a = |xc|: the
// halves of e^{-a²/2} = 2^k·p·corr as p, k and corr, and R = Q(a)e^{a²/2}.
func geluTail(xc float32) (p float32, k int32, corr, r float32) {
	a := float32(math.Abs(float64(xc)))
	hh := float32(a * a)
	ll := fma32(a, a, -hh) // a² = hh + ll exactly
	t := 1 / fma32(a, 0.25, 1)
	f := fma32(geluF9, t, geluF8)
	f = fma32(f, t, geluF7)
	f = fma32(f, t, geluF6)
	f = fma32(f, t, geluF5)
	f = fma32(f, t, geluF4)
	f = fma32(f, t, geluF3)
	f = fma32(f, t, geluF2)
	f = fma32(f, t, geluF1)
	f = fma32(f, t, geluF0)
	r = float32(t * f)
	// e^{-a²/2} = e^{-hh/2}·e^{-ll/2}, and e^{-ll/2} = 1-ll/2 to far
	// below float32 precision since |ll| <= 2^-16.
	corr = fma32(ll, -0.5, 1)
	p, k = expParts(-float32(hh * 0.5))
	return p, k, corr, r
}

// geluClampX returns x clamped to ±geluClamp, NaN passed through: beyond
// it GELU is x or -0 already, and the tail stays finite.
func geluClampX(x float32) float32 {
	if x == x {
		return min(max(x, -geluClamp), geluClamp)
	}
	return x
}

// geluValue is GELU(x) from xc = geluClampX(x) and geluTail(xc).
func geluValue(x, xc, p float32, k int32, corr, r float32) float32 {
	m := float32(r * corr)
	if x < 0 {
		// x·Q(a) as one product scaled by 2^k last, so that a denormal
		// result is rounded once.
		return ldexp2(float32(p*float32(m*xc)), k)
	}
	e := ldexp2(float32(p*m), k)
	return x * float32(1-e)
}

// geluSlope is GELU'(x) = Φ(x) + x·φ(x) from the same parts as geluValue.
func geluSlope(x, xc, p float32, k int32, corr, r float32) float32 {
	ex := ldexp2(float32(p*corr), k) // e^{-a²/2}
	q := float32(ex * r)
	phi := float32(1 - q)
	if x < 0 {
		phi = q
	}
	return fma32(xc, float32(ex*invSqrt2Pi), phi)
}

func gelu32(x float32) float32 {
	xc := geluClampX(x)
	p, k, corr, r := geluTail(xc)
	return geluValue(x, xc, p, k, corr, r)
}

func geluGo(dst, x []float32) {
	x = x[:len(dst)]
	for i, v := range x {
		dst[i] = gelu32(v)
	}
}

func geluBack32(x float32) float32 {
	xc := geluClampX(x)
	p, k, corr, r := geluTail(xc)
	return geluSlope(x, xc, p, k, corr, r)
}

func geluGradGo(dst, grad, x []float32) {
	grad, x = grad[:len(dst)], x[:len(dst)]
	for i, v := range x {
		xc := geluClampX(v)
		p, k, corr, r := geluTail(xc)
		dst[i], grad[i] = geluValue(v, xc, p, k, corr, r), geluSlope(v, xc, p, k, corr, r)
	}
}

func geluBackGo(dx, dy, x []float32) {
	dy, x = dy[:len(dx)], x[:len(dx)]
	for i, v := range x {
		dx[i] = dy[i] * geluBack32(v)
	}
}

// geluTanhArg returns xc = x clamped to ±geluTanhClamp (NaN passed
// through), z = xc², σ(v) for v = xc·(k + k3·z), and σ(v)σ(-v) =
// t/(1+t)² with t = e^-|v| (not σ(1-σ), which cancels as σ nears 1).
func geluTanhArg(x float32) (xc, z, s, g float32) {
	xc = x
	if x == x {
		xc = min(max(x, -geluTanhClamp), geluTanhClamp)
	}
	z = float32(xc * xc)
	v := float32(fma32(z, geluTanhK3, geluTanhK) * xc)
	t := exp32(-float32(math.Abs(float64(v))))
	d := float32(1 + t)
	num := float32(1)
	if v < 0 {
		num = t
	}
	return xc, z, num / d, float32(t/d) / d
}

// geluTanhValue is GELUTanh(x) from geluTanhArg's σ(v).
func geluTanhValue(x, s float32) float32 {
	// -Inf·0 would be NaN: the limit is -0, which -MaxFloat32·0 gives.
	return max(x, -math.MaxFloat32) * s
}

// geluTanhSlope is GELUTanh'(x) from geluTanhArg's results:
// d/dx x·σ(v) = σ + x·σ(v)σ(-v)·v'(x), v' = k + 3k3·x².
func geluTanhSlope(xc, z, s, g float32) float32 {
	dv := fma32(z, geluTanhK3d, geluTanhK)
	return fma32(float32(g*xc), dv, s)
}

func geluTanhGo(dst, x []float32) {
	x = x[:len(dst)]
	for i, v := range x {
		_, _, s, _ := geluTanhArg(v)
		dst[i] = geluTanhValue(v, s)
	}
}

func geluTanhBackGo(dx, dy, x []float32) {
	dy, x = dy[:len(dx)], x[:len(dx)]
	for i, v := range x {
		dx[i] = dy[i] * geluTanhSlope(geluTanhArg(v))
	}
}

func geluTanhGradGo(dst, grad, x []float32) {
	grad, x = grad[:len(dst)], x[:len(dst)]
	for i, v := range x {
		xc, z, s, g := geluTanhArg(v)
		dst[i], grad[i] = geluTanhValue(v, s), geluTanhSlope(xc, z, s, g)
	}
}
