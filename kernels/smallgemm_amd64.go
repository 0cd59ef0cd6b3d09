//go:build amd64 && gc && !purego

package kernels

import (
	"github.com/corten-ml/corten/kernels/amd64"
	"golang.org/x/sys/cpu"
)

// smallAsm says whether SmallGemm16 may run: the CPU has AVX-512, and the
// AVX-512 GEMM is not switched off (CORTEN_NOAVX512=1 measures the AVX2
// path as a whole).
var smallAsm = cpu.X86.HasAVX512F && len(asmMicroKernels()) > 0 && asmMicroKernels()[0] == &avx512MicroKernel

// smallGemm runs SgemmSmall on SmallGemm16, in column blocks of 16, and
// reports whether it did.
func smallGemm(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, c []float32, ldc int) bool {
	if !smallAsm {
		return false
	}
	rsa, csa := lda, 1
	if transA {
		rsa, csa = 1, lda
	}
	if transB {
		// op(B)[p][j] = b[j*ldb+p]: transpose it into a k x n buffer on
		// the stack. Go zeroes a stack array where it is declared, so the
		// common case gets a small one.
		if k*n <= 256 {
			var buf [256]float32
			b, ldb = transposeInto(buf[:k*n], b, ldb, n, k), n
		} else {
			var buf [smallPackMax]float32
			b, ldb = transposeInto(buf[:k*n], b, ldb, n, k), n
		}
	}
	for j := 0; j < n; j += 16 {
		w := min(16, n-j)
		amd64.SmallGemm16(m, k, a, rsa, csa, b[j:], ldb, c[j:], ldc, alpha, 1<<w-1)
	}
	return true
}

// transposeInto sets bt[p*n+j] = b[j*ldb+p] for j < n, p < k and
// returns bt.
func transposeInto(bt, b []float32, ldb, n, k int) []float32 {
	if n%8 == 0 && k%8 == 0 {
		amd64.Transpose8(bt, n, b, ldb, n, k)
		return bt
	}
	for j := 0; j < n; j++ {
		row := b[j*ldb : j*ldb+k]
		for p, v := range row {
			bt[p*n+j] = v
		}
	}
	return bt
}

// smallAsmAvailable reports whether the AVX-512 small kernels run (for
// tests that compare them with their references bit for bit).
func smallAsmAvailable() bool { return smallAsm }
