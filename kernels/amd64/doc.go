// Package amd64 holds the AVX2/FMA assembly kernels behind package kernels.
// Its functions do not check their arguments or the CPU: call them through
// package kernels, which does both.
package amd64
