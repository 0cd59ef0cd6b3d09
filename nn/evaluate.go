package nn

import (
	"fmt"

	"github.com/corten-ml/corten/tensor"
)

// Evaluate returns the mean softmax cross-entropy and the accuracy of the
// model on x [N, ...] with integer labels, in batches of batchSize rows,
// in evaluation mode (Dropout off). The model is back in training mode
// afterwards.
func Evaluate(m *Sequential, x *tensor.Tensor, labels []int, batchSize int) (loss, accuracy float64) {
	if batchSize <= 0 {
		panic(fmt.Sprintf("nn: Evaluate: batch size %d, want a positive size", batchSize))
	}
	if len(labels) != x.Dim(0) {
		panic(fmt.Sprintf("nn: Evaluate: %d labels for inputs %v", len(labels), x.Shape()))
	}
	m.Eval()
	defer m.Train()
	var ce SoftmaxCrossEntropy
	pred := make([]int, batchSize)
	n := x.Dim(0)
	correct := 0
	for i := 0; i < n; i += batchSize {
		j := min(i+batchSize, n)
		out := m.Forward(x.Rows(i, j))
		loss += ce.Forward(out, labels[i:j]) * float64(j-i)
		p := tensor.ArgMaxRows(pred[:j-i], out)
		for k, c := range p {
			if c == labels[i+k] {
				correct++
			}
		}
	}
	if n == 0 {
		return 0, 0
	}
	return loss / float64(n), float64(correct) / float64(n)
}
