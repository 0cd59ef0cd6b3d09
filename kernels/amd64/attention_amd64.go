//go:build amd64 && gc && !purego

package amd64

// AttentionForward16 computes one attention head of 16 tokens with 16
// features: S = scale·Q·Kᵀ, the row softmax P of S into probs (a
// contiguous 16x16 tile) and O = P·V into out (rows ldo elements apart).
// q, k and v hold the 16x16 blocks Q, K and V with rows ld elements
// apart. Each step has the arithmetic of SmallGemm16 and SoftmaxTile16
// (full rows, not causal), so the result is theirs bit for bit. It needs
// AVX512F; nothing is checked.
//
//go:noescape
func AttentionForward16(out []float32, ldo int, probs, q, k, v []float32, ld int, scale float32)

// AttentionBackward16 is the backward pass of AttentionForward16: from
// G = dout (rows ldo apart) and the forward pass's q, k, v and probs it
// computes dP = G·Vᵀ, dS = P ⊙ (dP - rowsum(dP ⊙ P)) into dprobs (a
// contiguous 16x16 tile), dV = Pᵀ·G, dQ = scale·dS·K and
// dK = scale·dSᵀ·Q, the last three into dv, dq and dk with rows ld
// apart; bit for bit SmallGemm16's and SoftmaxTileBackward16's results.
// It needs AVX512F; nothing is checked.
//
//go:noescape
func AttentionBackward16(dq, dk, dv, dprobs, dout []float32, ldo int, q, k, v, probs []float32, ld int, scale float32)
