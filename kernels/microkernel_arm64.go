//go:build arm64 && gc && !purego

package kernels

// simdMicroKernel returns the assembly GEMM micro-kernel, or nil to use the
// Go one. (Placeholder until the assembly kernel lands.)
func simdMicroKernel() *microKernel { return nil }
