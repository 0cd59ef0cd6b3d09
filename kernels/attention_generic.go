//go:build !amd64 || purego || !gc

package kernels

// attentionHead16 reports that there is no one-kernel attention head here.
func attentionHead16(out []float32, ldo int, probs, q, k, v []float32, ld int, scale float32) bool {
	return false
}

// attentionHeadBackward16 reports that there is no one-kernel attention
// head backward pass here.
func attentionHeadBackward16(dq, dk, dv, dprobs, dout []float32, ldo int, q, k, v, probs []float32, ld int, scale float32) bool {
	return false
}
