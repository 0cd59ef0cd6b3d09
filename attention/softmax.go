package attention

import "github.com/corten-ml/corten/kernels"

// softmaxRowBackward replaces dp, the gradient of a softmax row p, by the
// gradient of its scores: p ⊙ (dp - Σ dp·p).
func softmaxRowBackward(dp, p []float32) {
	dot := kernels.Dot(dp, p)
	for j, v := range p {
		dp[j] = v * (dp[j] - dot)
	}
}
