//go:build amd64 && gc && !purego

package kernels

import (
	"github.com/corten-ml/corten/kernels/amd64"
	"golang.org/x/sys/cpu"
)

func registerSIMD() {
	if !cpu.X86.HasAVX2 || !cpu.X86.HasFMA {
		return
	}
	simdOps = &ops{
		name: "avx2+fma",
		axpy: amd64.Axpy,
	}
	// The GEMM micro-kernel is registered by the GEMM's own file.
	simdOps.gemmKernel = simdMicroKernel()
}
