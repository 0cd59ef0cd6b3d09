// Package kernels holds the float32 compute kernels that package tensor and
// package nn run on: vector ops (axpy, dot, elementwise arithmetic,
// bias-add, ReLU, column sums, max/argmax, the fused Adam and RMSProp
// steps) and Sgemm.
//
// Every kernel has a plain Go implementation that is both the reference
// and the fallback. On amd64 with AVX2 and FMA, and on arm64 (ASIMD), the
// hot kernels run hand-written Go assembly from the sub-packages
// kernels/amd64 and kernels/arm64. The path is chosen once at start-up from
// the CPU features reported by golang.org/x/sys/cpu; setting the
// environment variable CORTEN_NOSIMD=1 forces the Go path, and the build tag
// purego removes the assembly altogether. Path reports the active path and
// SetSIMD switches it at run time (tests and benchmarks use this to check
// both paths in one process).
//
// The functions operate on slices, BLAS style: the caller owns every buffer,
// so nothing here allocates. Length mismatches are programmer errors and
// panic with a message naming both lengths.
package kernels
