//go:build amd64 && gc && !purego

package kernels

import (
	"os"

	"github.com/corten-ml/corten/kernels/amd64"
	"golang.org/x/sys/cpu"
)

// avx2MicroKernel is the AVX2/FMA 6 x 16 kernel (12 ymm accumulators, the
// BLIS haswell/zen3 shape). Block sizes for Zen 3 (L1d 32 KiB, L2 512 KiB
// per core, L3 32 MiB shared):
//   - kc = 256: a 256 x 16 B sliver is 16 KiB, half of L1, leaving room for
//     the 6 KiB A sliver streaming through and the C tile;
//   - mc = 144: a 144 x 256 A block is 144 KiB, under a third of L2, so it
//     survives the B panel streaming through L2;
//   - nc = 4080: a 256 x 4080 B panel is 4 MiB of L3 per worker.
var avx2MicroKernel = microKernel{
	name: "avx2+fma 6x16",
	mr:   6, nr: 16,
	kc: 256, mc: 144, nc: 4080,
	kernel:      amd64.Sgemm6x16,
	strided:     amd64.Sgemm6x16Strided,
	packRows:    amd64.PackA6,
	fusedBeta:   true,
	packSlivers: amd64.PackB,
	transpose8:  amd64.Transpose8,
	speed:       8,
}

// avx512MicroKernel is the AVX-512 14 x 32 kernel (28 zmm accumulators),
// for Intel Xeons (Skylake-SP and later: L1d 32-48 KiB, L2 1-2 MiB per
// core). Block sizes, the best of a sweep on a Sapphire-Rapids-class Xeon
// (48 KiB L1d, 2 MiB L2; the figures are in bench/TUNING.md):
//   - kc = 512: a 512 x 32 B sliver is 64 KiB, more than L1d, but the
//     kernel needs only 128 bytes of B per 14 cycles, which L2 supplies
//     easily, and the long k block cuts the C traffic per flop;
//   - mc = 168: a 168 x 512 A block is 336 KiB, a sixth of L2, leaving
//     room for the B sliver the kernels prefetch into L2 for the next jr
//     step;
//   - nc = 4096: a 512 x 4096 B panel is 8 MiB of L3 per worker.
//
// A last row tile of at most 8 rows (M = 64 = 4*14 + 8, the batch of
// the recurrent layers) runs on the 8 x 32 kernel, which does not compute
// the padding rows.
//
// GEMMs with very few rows (a convolution with 6 output channels) run on
// the 6 x 16 AVX2 kernel instead, which pads less (see forShape).
var avx512MicroKernel = microKernel{
	name: "avx512 14x32",
	mr:   14, nr: 32,
	kc: 512, mc: 168, nc: 4096,
	kernel:      amd64.Sgemm14x32,
	strided:     amd64.Sgemm14x32Strided,
	panel:       amd64.Sgemm14x32Panel,
	tail:        amd64.Sgemm8x32Strided,
	tailMR:      8,
	packRows:    amd64.PackA14,
	fusedBeta:   true,
	packSlivers: amd64.PackB,
	transpose8:  amd64.Transpose8,
	skinny:      &avx2MicroKernel,
	speed:       16,
}

// asmMicroKernels lists the assembly kernels this CPU can run, best first.
// registerSIMD calls simdMicroKernel only when the CPU has AVX2 and FMA.
func asmMicroKernels() []*microKernel {
	if !cpu.X86.HasAVX2 || !cpu.X86.HasFMA {
		return nil
	}
	// CORTEN_NOAVX512=1 keeps the AVX2 kernel, to measure the path that
	// CPUs without AVX-512 (such as AMD Zen 3) take.
	if cpu.X86.HasAVX512F && os.Getenv("CORTEN_NOAVX512") != "1" {
		return []*microKernel{&avx512MicroKernel, &avx2MicroKernel}
	}
	return []*microKernel{&avx2MicroKernel}
}

// simdMicroKernel returns the best assembly GEMM micro-kernel for the CPU.
func simdMicroKernel() *microKernel { return asmMicroKernels()[0] }
