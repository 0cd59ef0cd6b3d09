//go:build arm64 && gc && !purego

package arm64

import "math"

// The assembly handles whole groups of four lanes (eight for the sums);
// the wrappers run the last partial group through the same code on a
// padded stack copy, so every element gets exactly the assembly's
// arithmetic.

//go:noescape
func expNEON(dst, x []float32)

//go:noescape
func expSumNEON(dst, x []float32, m float32, acc *[8]float32)

//go:noescape
func sumExpNEON(x []float32, m float32, acc *[8]float32)

//go:noescape
func sigmoidNEON(dst, x []float32)

//go:noescape
func tanhNEON(dst, x []float32)

//go:noescape
func sigmoidBackNEON(dx, dy, y []float32)

//go:noescape
func tanhBackNEON(dx, dy, y []float32)

// Exp computes dst = e^x over len(dst) elements; dst may alias x.
func Exp(dst, x []float32) {
	n := len(dst) &^ 3
	expNEON(dst[:n], x[:n])
	if n < len(dst) {
		var b [4]float32
		copy(b[:], x[n:len(dst)])
		expNEON(b[:], b[:])
		copy(dst[n:], b[:])
	}
}

// ExpSum computes dst = e^(x-m) over len(dst) elements and returns their
// sum, added as package kernels' expSumGo does: eight lane sums, then a
// fixed tree. dst may alias x.
func ExpSum(dst, x []float32, m float32) float32 {
	var acc [8]float32
	n := len(dst) &^ 7
	expSumNEON(dst[:n], x[:n], m, &acc)
	if n < len(dst) {
		// -Inf pads give e^-Inf = +0, which leaves the lane sums as they
		// are (a NaN or infinite m makes the sum NaN anyway).
		var b [8]float32
		for i := range b {
			b[i] = float32(math.Inf(-1))
		}
		copy(b[:], x[n:len(dst)])
		expSumNEON(b[:], b[:], m, &acc)
		copy(dst[n:], b[:])
	}
	return sumLanes(&acc)
}

// SumExp returns the sum of e^(x-m), added as ExpSum adds it.
func SumExp(x []float32, m float32) float32 {
	var acc [8]float32
	n := len(x) &^ 7
	sumExpNEON(x[:n], m, &acc)
	if n < len(x) {
		var b [8]float32
		for i := range b {
			b[i] = float32(math.Inf(-1))
		}
		copy(b[:], x[n:])
		sumExpNEON(b[:], m, &acc)
	}
	return sumLanes(&acc)
}

// sumLanes adds the eight lane sums: (l0+l4)+(l2+l6) + ((l1+l5)+(l3+l7)).
func sumLanes(a *[8]float32) float32 {
	b0, b1, b2, b3 := a[0]+a[4], a[1]+a[5], a[2]+a[6], a[3]+a[7]
	return (b0 + b2) + (b1 + b3)
}

// Sigmoid computes dst = 1/(1+e^-x) over len(dst) elements; dst may
// alias x.
func Sigmoid(dst, x []float32) {
	n := len(dst) &^ 3
	sigmoidNEON(dst[:n], x[:n])
	if n < len(dst) {
		var b [4]float32
		copy(b[:], x[n:len(dst)])
		sigmoidNEON(b[:], b[:])
		copy(dst[n:], b[:])
	}
}

// Tanh computes dst = tanh(x) over len(dst) elements; dst may alias x.
func Tanh(dst, x []float32) {
	n := len(dst) &^ 3
	tanhNEON(dst[:n], x[:n])
	if n < len(dst) {
		var b [4]float32
		copy(b[:], x[n:len(dst)])
		tanhNEON(b[:], b[:])
		copy(dst[n:], b[:])
	}
}

// SigmoidBack computes dx = dy·y·(1-y) over len(dx) elements; dx may
// alias dy or y.
func SigmoidBack(dx, dy, y []float32) {
	n := len(dx) &^ 3
	sigmoidBackNEON(dx[:n], dy[:n], y[:n])
	if n < len(dx) {
		var a, b [4]float32
		copy(a[:], dy[n:len(dx)])
		copy(b[:], y[n:len(dx)])
		sigmoidBackNEON(a[:], a[:], b[:])
		copy(dx[n:], a[:])
	}
}

// TanhBack computes dx = dy·(1-y²) over len(dx) elements; dx may alias
// dy or y.
func TanhBack(dx, dy, y []float32) {
	n := len(dx) &^ 3
	tanhBackNEON(dx[:n], dy[:n], y[:n])
	if n < len(dx) {
		var a, b [4]float32
		copy(a[:], dy[n:len(dx)])
		copy(b[:], y[n:len(dx)])
		tanhBackNEON(a[:], a[:], b[:])
		copy(dx[n:], a[:])
	}
}
