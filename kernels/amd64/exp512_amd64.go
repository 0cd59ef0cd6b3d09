//go:build amd64 && gc && !purego

package amd64

// The AVX-512 variants of the elementwise transcendental kernels: the
// steps of Exp, Sigmoid and Tanh on sixteen lanes, so their
// results are bit-identical to the AVX2 ones. They take any length, the
// last partial group of sixteen under a mask, and need AVX512F; nothing
// is checked. dst (dx) may alias x and dy.

// Exp512 computes dst = e^x over len(dst) elements.
//
//go:noescape
func Exp512(dst, x []float32)

// Sigmoid512 computes dst = 1/(1+e^-x) over len(dst) elements.
//
//go:noescape
func Sigmoid512(dst, x []float32)

// Tanh512 computes dst = tanh(x) over len(dst) elements.
//
//go:noescape
func Tanh512(dst, x []float32)
