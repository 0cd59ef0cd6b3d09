//go:build amd64 && gc && !purego

package amd64

// The GELU kernels take whole groups of eight lanes, with the last
// partial group padded on the stack, as in exp_amd64.go.

//go:noescape
func geluAVX(dst, x []float32)

//go:noescape
func geluBackAVX(dx, dy, x []float32)

//go:noescape
func geluGradAVX(dst, grad, x []float32)

//go:noescape
func geluTanhAVX(dst, x []float32)

//go:noescape
func geluTanhBackAVX(dx, dy, x []float32)

//go:noescape
func geluTanhGradAVX(dst, grad, x []float32)

// GELU computes dst = x·Φ(x) over len(dst) elements; dst may alias x.
func GELU(dst, x []float32) {
	n := len(dst) &^ 7
	geluAVX(dst[:n], x[:n])
	if n < len(dst) {
		var b [8]float32
		copy(b[:], x[n:len(dst)])
		geluAVX(b[:], b[:])
		copy(dst[n:], b[:])
	}
}

// GELUBack computes dx = dy·GELU'(x) over len(dx) elements; dx may alias
// dy or x.
func GELUBack(dx, dy, x []float32) {
	n := len(dx) &^ 7
	geluBackAVX(dx[:n], dy[:n], x[:n])
	if n < len(dx) {
		var a, b [8]float32
		copy(a[:], dy[n:len(dx)])
		copy(b[:], x[n:len(dx)])
		geluBackAVX(a[:], a[:], b[:])
		copy(dx[n:], a[:])
	}
}

// GELUGrad computes dst = x·Φ(x) and grad = GELU'(x) over len(dst)
// elements; dst or grad may alias x, not each other.
func GELUGrad(dst, grad, x []float32) {
	n := len(dst) &^ 7
	geluGradAVX(dst[:n], grad[:n], x[:n])
	if n < len(dst) {
		var a, b [8]float32
		copy(b[:], x[n:len(dst)])
		geluGradAVX(b[:], a[:], b[:])
		copy(dst[n:], b[:])
		copy(grad[n:len(dst)], a[:])
	}
}

// GELUTanh computes the tanh approximation of GELU over len(dst)
// elements; dst may alias x.
func GELUTanh(dst, x []float32) {
	n := len(dst) &^ 7
	geluTanhAVX(dst[:n], x[:n])
	if n < len(dst) {
		var b [8]float32
		copy(b[:], x[n:len(dst)])
		geluTanhAVX(b[:], b[:])
		copy(dst[n:], b[:])
	}
}

// GELUTanhBack computes dx = dy·GELUTanh'(x) over len(dx) elements; dx
// may alias dy or x.
func GELUTanhBack(dx, dy, x []float32) {
	n := len(dx) &^ 7
	geluTanhBackAVX(dx[:n], dy[:n], x[:n])
	if n < len(dx) {
		var a, b [8]float32
		copy(a[:], dy[n:len(dx)])
		copy(b[:], x[n:len(dx)])
		geluTanhBackAVX(a[:], a[:], b[:])
		copy(dx[n:], a[:])
	}
}

// GELUTanhGrad computes dst = GELUTanh(x) and grad = GELUTanh'(x) over
// len(dst) elements; dst or grad may alias x, not each other.
func GELUTanhGrad(dst, grad, x []float32) {
	n := len(dst) &^ 7
	geluTanhGradAVX(dst[:n], grad[:n], x[:n])
	if n < len(dst) {
		var a, b [8]float32
		copy(b[:], x[n:len(dst)])
		geluTanhGradAVX(b[:], a[:], b[:])
		copy(dst[n:], b[:])
		copy(grad[n:len(dst)], a[:])
	}
}
