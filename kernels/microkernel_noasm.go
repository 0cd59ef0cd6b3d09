//go:build (!amd64 && !arm64) || purego || !gc

package kernels

// asmMicroKernels lists the assembly kernels this build and CPU can run:
// none here.
func asmMicroKernels() []*microKernel { return nil }
