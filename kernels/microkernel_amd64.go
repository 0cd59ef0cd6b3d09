//go:build amd64 && gc && !purego

package kernels

import "github.com/corten-ml/corten/kernels/amd64"

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
	kernel: amd64.Sgemm6x16,
}

// simdMicroKernel returns the AVX2/FMA GEMM micro-kernel; registerSIMD
// calls it only when the CPU has AVX2 and FMA.
func simdMicroKernel() *microKernel { return &avx2MicroKernel }
