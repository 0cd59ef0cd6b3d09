package kernels

// microKernel describes a GEMM register-block kernel and the cache blocking
// that suits it. (Placeholder; the GEMM owns this file.)
type microKernel struct {
	name   string
	mr, nr int
}

var goMicroKernel = microKernel{name: "go", mr: 4, nr: 4}
