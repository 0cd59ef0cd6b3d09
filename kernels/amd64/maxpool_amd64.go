//go:build amd64 && gc && !purego

package amd64

// MaxPool2x2 max-pools planes of h x w floats in x by 2x2 windows at stride
// 2 into y, with each maximum's position in its window (0..3, row-major) in
// code: the first NaN, else the first largest value. h, w >= 2; y and code
// hold (h/2)*(w/2) outputs per plane. AVX2.
//
//go:noescape
func MaxPool2x2(y []float32, code []uint8, x []float32, h, w int)

// MaxPool2x2Backward writes dy to the inputs of dx that code names and 0 to
// the other inputs of each window; inputs in no window (an odd last row or
// column) are left alone. AVX2.
//
//go:noescape
func MaxPool2x2Backward(dx, dy []float32, code []uint8, h, w int)
