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
		name:           "avx2+fma",
		axpy:           amd64.Axpy,
		dot:            amd64.Dot,
		scale:          amd64.Scale,
		add:            amd64.Add,
		sub:            amd64.Sub,
		mul:            amd64.Mul,
		addBias:        amd64.AddBias,
		relu:           amd64.ReLU,
		reluBack:       amd64.ReLUBack,
		addColSums:     amd64.AddColSums,
		max:            maxVia(amd64.MaxNoNaN, amd64.ArgMax),
		argmax:         amd64.ArgMax,
		adam:           amd64.Adam,
		rmsprop:        amd64.RMSProp,
		convTile:       amd64.ConvTile6x16,
		convFast:       true,
		dots6x4:        dots6x4AVX2,
		dotsFast:       true,
		maxPool2x2:     amd64.MaxPool2x2,
		maxPool2x2Back: amd64.MaxPool2x2Backward,
	}
	// The GEMM micro-kernel is registered by the GEMM's own file; the
	// path's name says when it is the AVX-512 one.
	simdOps.gemmKernel = simdMicroKernel()
	if simdOps.gemmKernel == &avx512MicroKernel {
		simdOps.name = "avx2+fma+avx512"
		simdOps.convWindow = amd64.ConvWindow5x5
		simdOps.convWindowFast = true
		simdOps.convStrip = amd64.ConvStrip6x64
		simdOps.convStripFast = true
		simdOps.dots6x4 = amd64.Dots6x4
	}
}
