//go:build amd64 && gc && !purego

package kernels

import "github.com/corten-ml/corten/kernels/amd64"

// attentionHead16 runs AttentionHead on the AVX-512 kernel for 16 tokens
// of 16 features and reports whether it did.
func attentionHead16(out []float32, ldo int, probs, q, k, v []float32, ld int, scale float32) bool {
	if !smallAsm {
		return false
	}
	amd64.AttentionForward16(out, ldo, probs, q, k, v, ld, scale)
	return true
}

// attentionHeadBackward16 is attentionHead16 for AttentionHeadBackward.
func attentionHeadBackward16(dq, dk, dv, dprobs, dout []float32, ldo int, q, k, v, probs []float32, ld int, scale float32) bool {
	if !smallAsm {
		return false
	}
	amd64.AttentionBackward16(dq, dk, dv, dprobs, dout, ldo, q, k, v, probs, ld, scale)
	return true
}
