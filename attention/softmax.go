package attention

import "github.com/corten-ml/corten/kernels"

// softmaxRow replaces the scores of one row by their softmax, the row
// maximum subtracted first so that no exponential overflows (the same
// numerically stable form as tensor.SoftmaxRows, on a slice).
func softmaxRow(row []float32) {
	m := kernels.Max(row)
	for j, v := range row {
		row[j] = v - m
	}
	kernels.Exp(row, row)
	var sum float64
	for _, v := range row {
		sum += float64(v)
	}
	kernels.Scale(float32(1/sum), row)
}

// softmaxRowBackward replaces dp, the gradient of a softmax row p, by the
// gradient of its scores: p ⊙ (dp - Σ dp·p).
func softmaxRowBackward(dp, p []float32) {
	dot := kernels.Dot(dp, p)
	for j, v := range p {
		dp[j] = v * (dp[j] - dot)
	}
}
