//go:build amd64 && gc && !purego

package kernels

import (
	"github.com/corten-ml/corten/kernels/amd64"
	"golang.org/x/sys/cpu"
)

func init() {
	if !cpu.X86.HasAVX2 || !cpu.X86.HasFMA {
		return
	}
	m := goMath
	m.exp = amd64.Exp
	m.expSum = amd64.ExpSum
	m.sumExp = amd64.SumExp
	m.sigmoid = amd64.Sigmoid
	m.tanh = amd64.Tanh
	m.sigmoidBack = amd64.SigmoidBack
	m.tanhBack = amd64.TanhBack
	m.gelu = amd64.GELU
	m.geluBack = amd64.GELUBack
	m.geluGrad = amd64.GELUGrad
	m.geluTanh = amd64.GELUTanh
	m.geluTanhBack = amd64.GELUTanhBack
	m.geluTanhGrad = amd64.GELUTanhGrad
	m.logShift = amd64.LogShift
	simdMath = &m
	simdMathAll = []*mathOps{&m}
	if !avx512 {
		return
	}
	// The sums of expSum and sumExp keep the AVX2 kernels: sixteen lane
	// sums would add in another order than the Go path's eight. The
	// gradients of sigmoid and tanh are a few operations per load and
	// stay too.
	w := m
	w.exp = amd64.Exp512
	w.sigmoid = amd64.Sigmoid512
	w.tanh = amd64.Tanh512
	w.gelu = amd64.GELU512
	w.geluBack = amd64.GELUBack512
	w.geluGrad = amd64.GELUGrad512
	w.geluTanh = amd64.GELUTanh512
	w.geluTanhBack = amd64.GELUTanhBack512
	w.geluTanhGrad = amd64.GELUTanhGrad512
	simdMath = &w
	simdMathAll = []*mathOps{&w, &m}
}

// avx512 says whether the transcendental and gate kernels run their
// AVX-512 variants: the CPU has AVX512F and the AVX-512 path is not
// switched off (CORTEN_NOAVX512=1, as for the GEMM).
var avx512 = func() bool {
	k := asmMicroKernels()
	return cpu.X86.HasAVX512F && len(k) > 0 && k[0] == &avx512MicroKernel
}()
