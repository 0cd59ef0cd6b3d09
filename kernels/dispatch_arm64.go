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
		name:       "neon",
		axpy:       arm64.Axpy,
		dot:        arm64.Dot,
		scale:      arm64.Scale,
		add:        arm64.Add,
		sub:        arm64.Sub,
		mul:        arm64.Mul,
		addBias:    arm64.AddBias,
		relu:       arm64.ReLU,
		reluBack:   arm64.ReLUBack,
		addColSums: arm64.AddColSums,
		max:        maxVia(arm64.MaxNoNaN, arm64.ArgMax),
		argmax:     arm64.ArgMax,
		adam:       arm64.Adam,
		rmsprop:    arm64.RMSProp,
		dots6x4:    arm64.Dots6x4,
		dotsFast:   true,
	}
	// The GEMM micro-kernel is registered by the GEMM's own file.
	simdOps.gemmKernel = simdMicroKernel()
}
