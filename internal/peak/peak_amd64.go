//go:build amd64 && gc && !purego

package peak

import "golang.org/x/sys/cpu"

// fmaZMM runs the twelve chains acc[i] += x*y n times on 16-lane zmm
// registers (AVX-512F) and stores lane 0 of each back in acc; n <= 0 runs
// nothing. Nothing checks the CPU.
//
//go:noescape
func fmaZMM(n int, x, y float32, acc *[chains]float32)

// fmaYMM is fmaZMM on 8-lane ymm registers (AVX2 and FMA).
//
//go:noescape
func fmaYMM(n int, x, y float32, acc *[chains]float32)

// available lists the widths this CPU runs, widest first. The AVX-512
// check follows the GEMM's (kernels/microkernel_amd64.go): AVX512F, on
// top of AVX2 and FMA.
func available() []width {
	if !cpu.X86.HasAVX2 || !cpu.X86.HasFMA {
		return nil
	}
	ymm := width{name: "avx2", lanes: 8, run: fmaYMM}
	if cpu.X86.HasAVX512F {
		return []width{{name: "avx512", lanes: 16, run: fmaZMM}, ymm}
	}
	return []width{ymm}
}
