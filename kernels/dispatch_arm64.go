//go:build arm64 && gc && !purego

package kernels

import (
	"github.com/corten-ml/corten/kernels/arm64"
	"golang.org/x/sys/cpu"
)

func registerSIMD() {
	if !cpu.ARM64.HasASIMD {
		return
	}
	simdOps = &ops{
		name: "neon",
		axpy: arm64.Axpy,
	}
	// The GEMM micro-kernel is registered by the GEMM's own file.
	simdOps.gemmKernel = simdMicroKernel()
}
