package nn

import (
	"fmt"

	"github.com/corten-ml/corten/tensor"
)

// SoftmaxCrossEntropy is the classification loss on raw scores (logits):
// softmax and negative log-likelihood fused into one step, averaged over
// the batch, exactly PyTorch's F.cross_entropy with integer labels.
//
// Fusing is both cheaper and safer than a Softmax layer followed by a log:
// the loss of a row is logsumexp(x) - x[label], computed as
// m + log Σ e^(x-m) - x[label] with m the row maximum, so no e^x
// overflows and no log(0) appears; and the gradient is simply
// (softmax(x) - onehot(label)) / N.
type SoftmaxCrossEntropy struct {
	probs buffer    // softmax of the last logits, then the gradient
	lse   []float64 // log Σ e^x of each row
}

// Forward returns the mean loss of logits [N, K] against labels (N class
// indices in [0, K)). The sum is accumulated in float64.
func (l *SoftmaxCrossEntropy) Forward(logits *tensor.Tensor, labels []int) float64 {
	if logits.Dims() != 2 || logits.Dim(0) != len(labels) {
		panic(fmt.Sprintf("nn: SoftmaxCrossEntropy: logits %v for %d labels", logits.Shape(), len(labels)))
	}
	n, k := logits.Dim(0), logits.Dim(1)
	p := l.probs.get(n, k)
	if n == 0 {
		return 0 // an empty batch has no loss (and no NaN from 0/0)
	}
	for i, y := range labels {
		if y < 0 || y >= k {
			panic(fmt.Sprintf("nn: SoftmaxCrossEntropy: label %d of row %d not in [0, %d)", y, i, k))
		}
	}
	if cap(l.lse) < n {
		l.lse = make([]float64, n)
	}
	lse := l.lse[:n]
	tensor.SoftmaxRows(p, logits, lse)
	x, pd := logits.Data(), p.Data()
	var total float64
	for i, y := range labels {
		total += lse[i] - float64(x[i*k+y])
	}
	// Turn the probabilities into the gradient now, so Backward is free.
	for i, y := range labels {
		pd[i*k+y] -= 1
	}
	tensor.Scale(p, 1/float32(n), p)
	return total / float64(n)
}

// Backward returns dL/dlogits = (softmax(logits) - onehot(labels)) / N for
// the last Forward. The tensor is the loss's own buffer.
func (l *SoftmaxCrossEntropy) Backward() *tensor.Tensor { return l.probs.cur }

// MSE is the mean squared error for regression with a linear output:
// L = Σ (y - t)² / (number of elements), PyTorch's F.mse_loss.
type MSE struct {
	grad buffer
}

// Forward returns the mean squared error of pred against target (same
// shape), accumulated in float64.
func (l *MSE) Forward(pred, target *tensor.Tensor) float64 {
	mustSameShape("MSE", "target", target, pred)
	g := tensor.Sub(l.grad.get(pred.Shape()...), pred, target)
	var sum float64
	for _, d := range g.Data() {
		sum += float64(d) * float64(d)
	}
	tensor.Scale(g, 2/float32(g.Len()), g)
	return sum / float64(g.Len())
}

// Backward returns dL/dpred = 2(pred - target)/size for the last Forward.
func (l *MSE) Backward() *tensor.Tensor { return l.grad.cur }
