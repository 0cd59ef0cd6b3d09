//go:build amd64 && gc && !purego

package amd64

// LogShift computes dst = (x-m) - ls over len(dst) elements, each
// difference rounded to float32: the last pass of a log-softmax. dst may
// alias x.
//
//go:noescape
func LogShift(dst, x []float32, m, ls float32)
