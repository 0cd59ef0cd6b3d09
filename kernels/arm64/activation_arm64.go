//go:build arm64 && gc && !purego

package arm64

// ReLU computes dst = x where x > 0, else +0, over len(dst) elements; NaN
// maps to 0 like the Go reference. dst may alias x.
//
//go:noescape
func ReLU(dst, x []float32)

// ReLUBack computes dx = dy where x > 0, else +0, over len(dx) elements.
// dx may alias dy or x.
//
//go:noescape
func ReLUBack(dx, dy, x []float32)
