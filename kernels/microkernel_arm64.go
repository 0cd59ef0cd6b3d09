//go:build arm64 && gc && !purego

package kernels

import (
	"github.com/corten-ml/corten/kernels/arm64"
	"golang.org/x/sys/cpu"
)

// neonMicroKernel is the NEON 8 x 12 kernel (24 q-register accumulators,
// FMLA by element: the BLIS armv8a shape). Block sizes follow BLIS armv8a
// for cores with 32-64 KiB L1d and 512 KiB-1 MiB L2 (Neoverse, Apple):
//   - kc = 640: a 640 x 12 B sliver is 30 KiB of L1, an 8 x 640 A sliver
//     20 KiB streaming through;
//   - mc = 120: a 120 x 640 A block is 300 KiB of L2;
//   - nc = 3072: a 640 x 3072 B panel is 7.5 MiB of L3 (or memory).
var neonMicroKernel = microKernel{
	name: "neon 8x12",
	mr:   8, nr: 12,
	kc: 640, mc: 120, nc: 3072,
	kernel:      arm64.Sgemm8x12,
	fusedBeta:   true,
	packSlivers: packSliversGo,
}

// asmMicroKernels lists the assembly kernels this CPU can run, best first.
func asmMicroKernels() []*microKernel {
	if !cpu.ARM64.HasASIMD {
		return nil
	}
	return []*microKernel{&neonMicroKernel}
}

// simdMicroKernel returns the NEON GEMM micro-kernel; registerSIMD calls it
// only when the CPU has ASIMD.
func simdMicroKernel() *microKernel { return &neonMicroKernel }
