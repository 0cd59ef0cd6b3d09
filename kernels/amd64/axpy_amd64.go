//go:build amd64 && gc && !purego

package amd64

// Axpy computes y += alpha*x over len(x) elements; len(y) >= len(x).
//
//go:noescape
func Axpy(alpha float32, x, y []float32)
