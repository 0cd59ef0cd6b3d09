package kernels

import "fmt"

// AttentionHead computes one head of scaled dot-product attention over t
// tokens of d features:
//
//	P = softmax(scale·Q·Kᵀ)   [t, t], row-wise, masked above the diagonal when causal
//	O = P·V                   [t, d]
//
// Q, K and V are the t x d blocks at the start of q, k and v with rows ld
// elements apart (the heads of a packed projection are read in place); P
// goes into probs as a contiguous t x t tile, kept for
// AttentionHeadBackward, and O into out with rows ldo apart. out and probs
// must not overlap each other or the inputs.
//
// The steps are SgemmSmall, SoftmaxTile and SgemmSmall; where the CPU has
// AVX-512 and t = d = 16 without a mask, one kernel runs the three with
// every operand in registers, with the same bits.
func AttentionHead(out []float32, ldo int, probs, q, k, v []float32, ld, t, d int, scale float32, causal bool) {
	checkHead("AttentionHead", t, d, ld, ldo)
	checkBlock("AttentionHead", "q", len(q), t, d, ld)
	checkBlock("AttentionHead", "k", len(k), t, d, ld)
	checkBlock("AttentionHead", "v", len(v), t, d, ld)
	checkBlock("AttentionHead", "probs", len(probs), t, t, t)
	checkBlock("AttentionHead", "out", len(out), t, d, ldo)
	if t == 16 && d == 16 && !causal && attentionHead16(out, ldo, probs, q, k, v, ld, scale) {
		return
	}
	attentionHeadSteps(out, ldo, probs, q, k, v, ld, t, d, scale, causal)
}

// attentionHeadSteps is AttentionHead as three kernel calls.
func attentionHeadSteps(out []float32, ldo int, probs, q, k, v []float32, ld, t, d int, scale float32, causal bool) {
	SgemmSmall(false, true, t, t, d, scale, q, ld, k, ld, probs, t)
	SoftmaxTile(probs, t, t, t, causal)
	SgemmSmall(false, false, t, d, t, 1, probs, t, v, ld, out, ldo)
}

// AttentionHeadBackward is the backward pass of AttentionHead: from the
// gradient G of its output (dout, rows ldo apart) and its q, k, v and
// probs, it computes
//
//	dP = G·Vᵀ,  dV = Pᵀ·G
//	dS = P ⊙ (dP - rowsum(dP ⊙ P))    into dprobs [t, t]
//	dQ = scale·dS·K,  dK = scale·dSᵀ·Q
//
// writing dQ, dK and dV (overwritten, not accumulated into) as t x d
// blocks with rows ld apart into dq, dk and dv. No output may overlap an
// input or another output. The steps are SgemmSmall
// and SoftmaxTileBackward; where AttentionHead runs as one kernel, so
// does this, with the same bits.
func AttentionHeadBackward(dq, dk, dv, dprobs, dout []float32, ldo int, q, k, v, probs []float32, ld, t, d int, scale float32, causal bool) {
	const op = "AttentionHeadBackward"
	checkHead(op, t, d, ld, ldo)
	checkBlock(op, "q", len(q), t, d, ld)
	checkBlock(op, "k", len(k), t, d, ld)
	checkBlock(op, "v", len(v), t, d, ld)
	checkBlock(op, "dq", len(dq), t, d, ld)
	checkBlock(op, "dk", len(dk), t, d, ld)
	checkBlock(op, "dv", len(dv), t, d, ld)
	checkBlock(op, "probs", len(probs), t, t, t)
	checkBlock(op, "dprobs", len(dprobs), t, t, t)
	checkBlock(op, "dout", len(dout), t, d, ldo)
	if t == 16 && d == 16 && !causal && attentionHeadBackward16(dq, dk, dv, dprobs, dout, ldo, q, k, v, probs, ld, scale) {
		return
	}
	attentionHeadBackwardSteps(dq, dk, dv, dprobs, dout, ldo, q, k, v, probs, ld, t, d, scale, causal)
}

// attentionHeadBackwardSteps is AttentionHeadBackward as five kernel calls.
func attentionHeadBackwardSteps(dq, dk, dv, dprobs, dout []float32, ldo int, q, k, v, probs []float32, ld, t, d int, scale float32, causal bool) {
	SgemmSmall(false, true, t, t, d, 1, dout, ldo, v, ld, dprobs, t)
	SgemmSmall(true, false, t, d, t, 1, probs, t, dout, ldo, dv, ld)
	SoftmaxTileBackward(dprobs, probs, t, t, t, causal)
	SgemmSmall(false, false, t, d, t, scale, dprobs, t, k, ld, dq, ld)
	SgemmSmall(true, false, t, d, t, scale, dprobs, t, q, ld, dk, ld)
}

// checkHead panics unless t and d are positive and the row strides hold a
// row of d.
func checkHead(op string, t, d, ld, ldo int) {
	if t <= 0 || d <= 0 || ld < d || ldo < d {
		panic(fmt.Sprintf("kernels: %s: bad head: %d tokens of %d features with row strides %d and %d", op, t, d, ld, ldo))
	}
}

// checkBlock panics unless a slice of length n holds a rows x cols block
// with row stride ld.
func checkBlock(op, name string, n, rows, cols, ld int) {
	if want, ok := span(rows, cols, ld); !ok || n < want {
		panic(fmt.Sprintf("kernels: %s: %s has %d elements, want %d for %dx%d with stride %d", op, name, n, want, rows, cols, ld))
	}
}
