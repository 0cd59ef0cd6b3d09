package kernels

import "math"

// Sigmoid computes dst = 1/(1+e^-x) elementwise; dst may be x.
//
// With t = e^-|x|, the result is 1/(1+t) for x >= 0 and t/(1+t) for x < 0,
// so neither e^x overflows nor small results lose their precision. It is
// within 2.5 ulps of the float64 value over the whole float32 range;
// Sigmoid(-Inf) = 0, Sigmoid(+Inf) = 1, and it is exactly 1 from x =
// 17.33 on and exactly 0 below -103.97. NaN gives NaN.
func Sigmoid(dst, x []float32) {
	sameLen("Sigmoid", len(dst), x)
	mathActive().sigmoid(dst, x)
}

// Tanh computes dst = tanh(x) elementwise; dst may be x.
//
// For |x| < 0.625 it is x + x³ Q(x²), a polynomial without cancellation
// (so it keeps full relative precision near 0, tanh(-0) = -0); above, it
// is 1 - 2/(e^{2|x|}+1) with the sign of x. It is within 1.5 ulps of the
// float64 value over the whole float32 range and exactly ±1 from |x| =
// 9.01 on. NaN gives NaN.
func Tanh(dst, x []float32) {
	sameLen("Tanh", len(dst), x)
	mathActive().tanh(dst, x)
}

// SigmoidBackward computes the gradient through a sigmoid, dx = dy·y·(1-y),
// from the sigmoid's output y. dx may be dy or y. Its rounding is that of
// (dy*y)*(1-y), three float32 operations.
func SigmoidBackward(dx, dy, y []float32) {
	sameLen("SigmoidBackward", len(dx), dy, y)
	mathActive().sigmoidBack(dx, dy, y)
}

// TanhBackward computes the gradient through a tanh, dx = dy·(1-y²), from
// the tanh's output y. dx may be dy or y. 1-y² is one fused multiply-add,
// exact to half an ulp even where y is near ±1.
func TanhBackward(dx, dy, y []float32) {
	sameLen("TanhBackward", len(dx), dy, y)
	mathActive().tanhBack(dx, dy, y)
}

func sigmoid32(x float32) float32 {
	t := exp32(-float32(math.Abs(float64(x))))
	d := float32(1 + t)
	num := float32(1)
	if x < 0 {
		num = t
	}
	return num / d
}

func sigmoidGo(dst, x []float32) {
	x = x[:len(dst)]
	for i, v := range x {
		dst[i] = sigmoid32(v)
	}
}

// tanhSmall is the bound of tanh's polynomial branch; tanhQ0..tanhQ4 are
// a weighted least-squares fit of (tanh(x)-x)/x³ in z = x² below it.
const (
	tanhSmall = 0.625
	tanhQ0    = -0.333332837   // 0xbeaaaa9a
	tanhQ1    = 0.133314908    // 0x3e0883b4
	tanhQ2    = -0.0537434854  // 0xbd5c2221
	tanhQ3    = 0.0206505544   // 0x3ca92b5a
	tanhQ4    = -0.00571701117 // 0xbbbb55c4
)

func tanh32(x float32) float32 {
	a := float32(math.Abs(float64(x)))
	var y float32
	if a < tanhSmall {
		z := float32(a * a)
		q := fma32(tanhQ4, z, tanhQ3)
		q = fma32(q, z, tanhQ2)
		q = fma32(q, z, tanhQ1)
		q = fma32(q, z, tanhQ0)
		y = fma32(float32(z*a), q, a)
	} else {
		d := float32(exp32(float32(a+a)) + 1)
		y = float32(1 - float32(2/d))
	}
	sign := math.Float32bits(x) & (1 << 31)
	return math.Float32frombits(math.Float32bits(y) | sign)
}

func tanhGo(dst, x []float32) {
	x = x[:len(dst)]
	for i, v := range x {
		dst[i] = tanh32(v)
	}
}

func sigmoidBackGo(dx, dy, y []float32) {
	dy, y = dy[:len(dx)], y[:len(dx)]
	for i, v := range y {
		dx[i] = float32(dy[i]*v) * float32(1-v)
	}
}

func tanhBackGo(dx, dy, y []float32) {
	dy, y = dy[:len(dx)], y[:len(dx)]
	for i, v := range y {
		dx[i] = dy[i] * fma32(-v, v, 1)
	}
}
