package nn

import (
	"fmt"
	"math"

	"github.com/corten-ml/corten/kernels"
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
	probs buffer // softmax of the last logits, then the gradient
	n     int
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
	x, pd := logits.Data(), p.Data()
	var total float64
	for i, y := range labels {
		if y < 0 || y >= k {
			panic(fmt.Sprintf("nn: SoftmaxCrossEntropy: label %d of row %d not in [0, %d)", y, i, k))
		}
		row, out := x[i*k:(i+1)*k], pd[i*k:(i+1)*k]
		m := kernels.Max(row)
		for j, v := range row {
			out[j] = v - m
		}
		kernels.Exp(out, out)
		var sum float64
		for _, v := range out {
			sum += float64(v)
		}
		total += float64(m) + math.Log(sum) - float64(row[y])
		kernels.Scale(float32(1/sum), out)
	}
	// Turn the probabilities into the gradient now, so Backward is free.
	inv := 1 / float32(n)
	for i, y := range labels {
		pd[i*k+y] -= 1
	}
	kernels.Scale(inv, pd)
	l.n = n
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
	g := l.grad.get(pred.Shape()...)
	p, t, gd := pred.Data(), target.Data(), g.Data()
	var sum float64
	scale := 2 / float32(len(p))
	for i := range p {
		d := p[i] - t[i]
		sum += float64(d) * float64(d)
		gd[i] = scale * d
	}
	return sum / float64(len(p))
}

// Backward returns dL/dpred = 2(pred - target)/size for the last Forward.
func (l *MSE) Backward() *tensor.Tensor { return l.grad.cur }
