//go:build arm64 && gc && !purego

package arm64

// The GELU kernels take whole groups of four lanes, with the last
// partial group padded on the stack, as in exp_arm64.go.

//go:noescape
func geluNEON(dst, x []float32)

//go:noescape
func geluBackNEON(dx, dy, x []float32)

//go:noescape
func geluGradNEON(dst, grad, x []float32)

//go:noescape
func geluTanhNEON(dst, x []float32)

//go:noescape
func geluTanhBackNEON(dx, dy, x []float32)

//go:noescape
func geluTanhGradNEON(dst, grad, x []float32)

// GELU computes dst = x·Φ(x) over len(dst) elements; dst may alias x.
func GELU(dst, x []float32) {
	n := len(dst) &^ 3
	geluNEON(dst[:n], x[:n])
	if n < len(dst) {
		var b [4]float32
		copy(b[:], x[n:len(dst)])
		geluNEON(b[:], b[:])
		copy(dst[n:], b[:])
	}
}

// GELUBack computes dx = dy·GELU'(x) over len(dx) elements; dx may alias
// dy or x.
func GELUBack(dx, dy, x []float32) {
	n := len(dx) &^ 3
	geluBackNEON(dx[:n], dy[:n], x[:n])
	if n < len(dx) {
		var a, b [4]float32
		copy(a[:], dy[n:len(dx)])
		copy(b[:], x[n:len(dx)])
		geluBackNEON(a[:], a[:], b[:])
		copy(dx[n:], a[:])
	}
}

// GELUGrad computes dst = x·Φ(x) and grad = GELU'(x) over len(dst)
// elements; dst or grad may alias x, not each other.
func GELUGrad(dst, grad, x []float32) {
	n := len(dst) &^ 3
	geluGradNEON(dst[:n], grad[:n], x[:n])
	if n < len(dst) {
		var a, b [4]float32
		copy(b[:], x[n:len(dst)])
		geluGradNEON(b[:], a[:], b[:])
		copy(dst[n:], b[:])
		copy(grad[n:len(dst)], a[:])
	}
}

// GELUTanh computes the tanh approximation of GELU over len(dst)
// elements; dst may alias x.
func GELUTanh(dst, x []float32) {
	n := len(dst) &^ 3
	geluTanhNEON(dst[:n], x[:n])
	if n < len(dst) {
		var b [4]float32
		copy(b[:], x[n:len(dst)])
		geluTanhNEON(b[:], b[:])
		copy(dst[n:], b[:])
	}
}

// GELUTanhBack computes dx = dy·GELUTanh'(x) over len(dx) elements; dx
// may alias dy or x.
func GELUTanhBack(dx, dy, x []float32) {
	n := len(dx) &^ 3
	geluTanhBackNEON(dx[:n], dy[:n], x[:n])
	if n < len(dx) {
		var a, b [4]float32
		copy(a[:], dy[n:len(dx)])
		copy(b[:], x[n:len(dx)])
		geluTanhBackNEON(a[:], a[:], b[:])
		copy(dx[n:], a[:])
	}
}

// GELUTanhGrad computes dst = GELUTanh(x) and grad = GELUTanh'(x) over
// len(dst) elements; dst or grad may alias x, not each other.
func GELUTanhGrad(dst, grad, x []float32) {
	n := len(dst) &^ 3
	geluTanhGradNEON(dst[:n], grad[:n], x[:n])
	if n < len(dst) {
		var a, b [4]float32
		copy(b[:], x[n:len(dst)])
		geluTanhGradNEON(b[:], a[:], b[:])
		copy(dst[n:], b[:])
		copy(grad[n:len(dst)], a[:])
	}
}
