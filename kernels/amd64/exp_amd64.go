//go:build amd64 && gc && !purego

package amd64

import "math"

// The assembly handles whole groups of eight lanes; the wrappers run the
// last partial group through the same code on a padded stack copy, so
// every element gets exactly the assembly's arithmetic.

//go:noescape
func expAVX(dst, x []float32)

//go:noescape
func expSumAVX(dst, x []float32, m float32, acc *[8]float32)

//go:noescape
func sumExpAVX(x []float32, m float32, acc *[8]float32)

//go:noescape
func sigmoidAVX(dst, x []float32)

//go:noescape
func tanhAVX(dst, x []float32)

//go:noescape
func sigmoidBackAVX(dx, dy, y []float32)

//go:noescape
func tanhBackAVX(dx, dy, y []float32)

// Exp computes dst = e^x over len(dst) elements; dst may alias x.
func Exp(dst, x []float32) {
	n := len(dst) &^ 7
	expAVX(dst[:n], x[:n])
	if n < len(dst) {
		var b [8]float32
		copy(b[:], x[n:len(dst)])
		expAVX(b[:], b[:])
		copy(dst[n:], b[:])
	}
}

// ExpSum computes dst = e^(x-m) over len(dst) elements and returns their
// sum, added as package kernels' expSumGo does: eight lane sums, then a
// fixed tree. dst may alias x.
func ExpSum(dst, x []float32, m float32) float32 {
	var acc [8]float32
	n := len(dst) &^ 7
	expSumAVX(dst[:n], x[:n], m, &acc)
	if n < len(dst) {
		// -Inf pads give e^-Inf = +0, which leaves the lane sums as they
		// are (a NaN or infinite m makes the sum NaN anyway).
		b := [8]float32{}
		for i := range b {
			b[i] = float32(math.Inf(-1))
		}
		copy(b[:], x[n:len(dst)])
		expSumAVX(b[:], b[:], m, &acc)
		copy(dst[n:], b[:])
	}
	b0, b1, b2, b3 := acc[0]+acc[4], acc[1]+acc[5], acc[2]+acc[6], acc[3]+acc[7]
	return (b0 + b2) + (b1 + b3)
}

// SumExp returns the sum of e^(x-m), added as ExpSum adds it.
func SumExp(x []float32, m float32) float32 {
	var acc [8]float32
	n := len(x) &^ 7
	sumExpAVX(x[:n], m, &acc)
	if n < len(x) {
		b := [8]float32{}
		for i := range b {
			b[i] = float32(math.Inf(-1))
		}
		copy(b[:], x[n:])
		sumExpAVX(b[:], m, &acc)
	}
	b0, b1, b2, b3 := acc[0]+acc[4], acc[1]+acc[5], acc[2]+acc[6], acc[3]+acc[7]
	return (b0 + b2) + (b1 + b3)
}

// Sigmoid computes dst = 1/(1+e^-x) over len(dst) elements; dst may
// alias x.
func Sigmoid(dst, x []float32) {
	n := len(dst) &^ 7
	sigmoidAVX(dst[:n], x[:n])
	if n < len(dst) {
		var b [8]float32
		copy(b[:], x[n:len(dst)])
		sigmoidAVX(b[:], b[:])
		copy(dst[n:], b[:])
	}
}

// Tanh computes dst = tanh(x) over len(dst) elements; dst may alias x.
func Tanh(dst, x []float32) {
	n := len(dst) &^ 7
	tanhAVX(dst[:n], x[:n])
	if n < len(dst) {
		var b [8]float32
		copy(b[:], x[n:len(dst)])
		tanhAVX(b[:], b[:])
		copy(dst[n:], b[:])
	}
}

// SigmoidBack computes dx = dy·y·(1-y) over len(dx) elements.
func SigmoidBack(dx, dy, y []float32) {
	n := len(dx) &^ 7
	sigmoidBackAVX(dx[:n], dy[:n], y[:n])
	if n < len(dx) {
		var a, b [8]float32
		copy(a[:], dy[n:len(dx)])
		copy(b[:], y[n:len(dx)])
		sigmoidBackAVX(a[:], a[:], b[:])
		copy(dx[n:], a[:])
	}
}

// TanhBack computes dx = dy·(1-y²) over len(dx) elements.
func TanhBack(dx, dy, y []float32) {
	n := len(dx) &^ 7
	tanhBackAVX(dx[:n], dy[:n], y[:n])
	if n < len(dx) {
		var a, b [8]float32
		copy(a[:], dy[n:len(dx)])
		copy(b[:], y[n:len(dx)])
		tanhBackAVX(a[:], a[:], b[:])
		copy(dx[n:], a[:])
	}
}
