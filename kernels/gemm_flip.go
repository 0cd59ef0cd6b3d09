package kernels

import "github.com/corten-ml/corten/parallel"

// A GEMM whose C has few columns pads every register tile to the kernel's
// nr columns: a weight gradient of 384 x 28 fills 28 of the AVX-512
// kernel's 32. Its transpose, Cᵀ =
// op(B)ᵀ·op(A)ᵀ, puts the short side along the kernel's mr rows, which
// pad less (14 rows, or the 8-row tail kernel). gemmFlipped computes Cᵀ
// into a buffer and transposes it into C; each element gets the same
// multiply-adds in the same order as in C's own orientation, so the
// choice changes only the speed.

// gemmFlipMargin is how much cheaper, by gemmFlip's estimate, the flipped
// product must be: the estimate counts padded tile elements, not the
// kernels' smaller costs.
const gemmFlipMargin = 0.9

// gemmFlipOn lets tests compare the two orientations.
var gemmFlipOn = true

// gemmFlip reports whether Sgemm should compute the m x n product C
// through its transpose: only for a transposed A (a weight gradient dYᵀ·X),
// which the flipped product reads in place as its B, and then when that
// pads the kernel's tiles enough less to pay for transposing C (out, and
// in first unless beta is 0), counted as packing. With A not transposed
// the flipped product would pack it transposed, which costs more than the
// padding saves once k is long (bench/TUNING.md, "Sequence models,
// 2026-11-29 (night)": GEMM orientation).
func gemmFlip(mk *microKernel, transA bool, m, n, k int, beta float32) bool {
	if !gemmFlipOn || !transA {
		return false
	}
	d, f := mk.forShape(m, n), mk.forShape(n, m)
	direct := float64(k) * d.paddedArea(m, n)
	moves := m * n
	if beta != 0 {
		moves *= 2
	}
	flipped := float64(k)*f.paddedArea(n, m) + float64(gemmPackCost*moves)/float64(max(mk.speed, 1))
	return flipped < gemmFlipMargin*direct
}

// paddedArea is the number of tile elements the kernel computes for an
// m x n result, per unit of its speed: m rounded up to full tiles of mr
// rows (or the last to the tail kernel's tailMR), n to slivers of nr.
func (mk *microKernel) paddedArea(m, n int) float64 {
	rows := m / mk.mr * mk.mr
	if rem := m - rows; rem > 0 {
		if mk.tail != nil && gemmTail && rem <= mk.tailMR {
			rows += mk.tailMR
		} else {
			rows += mk.mr
		}
	}
	return float64(rows*roundUp(n, mk.nr)) / float64(max(mk.speed, 1))
}

// gemmFlipBuf is the buffer of a flipped product's Cᵀ, recycled.
type gemmFlipBuf struct{ t []float32 }

var gemmFlipFree parallel.FreeList[gemmFlipBuf]

// gemmFlipped computes C = alpha*op(A)*op(B) + beta*C as Cᵀ = alpha *
// op(B)ᵀ*op(A)ᵀ + beta*Cᵀ on mk, through a buffer: Cᵀ is copied in
// (unless beta is 0) and the result transposed back into C.
func gemmFlipped(mk *microKernel, threads int, transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	buf := gemmFlipFree.Get()
	t := grow(buf.t, m*n)
	if beta != 0 {
		Transpose(t, m, c, ldc, m, n)
	}
	// op(B)ᵀ is B read the other way: transposed when B is not.
	gemmBlocked(mk, threads, !transB, !transA, n, m, k, alpha, b, ldb, a, lda, beta, t, m)
	Transpose(c, ldc, t, m, n, m)
	buf.t = t
	gemmFlipFree.Put(buf)
}
