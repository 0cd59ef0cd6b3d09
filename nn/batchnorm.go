package nn

import (
	"fmt"
	"math"

	"github.com/corten-ml/corten/kernels"
	"github.com/corten-ml/corten/parallel"
	"github.com/corten-ml/corten/tensor"
)

// BatchNorm is batch normalisation over the channel axis (axis 1), as
// PyTorch's nn.BatchNorm1d (input [N, C] or [N, C, L]) and nn.BatchNorm2d
// (input [N, C, H, W]): each channel is normalised by a mean and variance
// over the batch and every other axis, then scaled by weight and shifted
// by bias:
//
//	y = (x - mean) / sqrt(var + Eps) * weight + bias
//
// In training mode mean and var are the batch's (var the biased one), and
// the running statistics move towards them: running = (1 - Momentum) *
// running + Momentum * batch, with the unbiased variance M/(M-1)·var for
// running_var, M values per channel. In evaluation mode the running
// statistics normalise instead, so the output no longer depends on the
// rest of the batch. A new layer is in training mode; Sequential.Train and
// Eval switch it.
//
// running_mean, running_var and num_batches_tracked are buffers (see
// Bufferer): saved and loaded with the weights under PyTorch's names, never
// trained. PyTorch keeps num_batches_tracked as int64; corten holds it as a
// float32 scalar (exact up to 2^24 steps), which PyTorch's load_state_dict
// copies into its int64 buffer.
type BatchNorm struct {
	C        int     // channels
	Spatial  bool    // BatchNorm2d (input [N, C, H, W]) rather than BatchNorm1d
	Eps      float32 // added to the variance; PyTorch's default 1e-5
	Momentum float32 // weight of the batch in the running statistics; 0.1

	W, B, DW, DB *tensor.Tensor // weight and bias [C] (1 and 0 initially), their gradients
	RunningMean  *tensor.Tensor // [C], 0 initially
	RunningVar   *tensor.Tensor // [C], 1 initially
	NumBatches   *tensor.Tensor // shape [], batches seen in training

	training bool
	batch    bool      // the last Forward used the batch's statistics
	m        int       // values per channel in the last Forward (N·L or N·H·W)
	invStd   []float32 // 1/sqrt(var + Eps) per channel, of the last Forward
	xhat     buffer    // the normalised input, for Backward
	y, dx    buffer
	pass     bnPass // the pass in progress
}

// NewBatchNorm1d returns batch normalisation for [N, C] or [N, C, L]
// inputs with PyTorch's defaults (weight 1, bias 0, momentum 0.1, eps 1e-5).
func NewBatchNorm1d(c int) *BatchNorm { return newBatchNorm(c, false) }

// NewBatchNorm2d returns batch normalisation for [N, C, H, W] inputs with
// PyTorch's defaults.
func NewBatchNorm2d(c int) *BatchNorm { return newBatchNorm(c, true) }

func newBatchNorm(c int, spatial bool) *BatchNorm {
	if c <= 0 {
		panic(fmt.Sprintf("nn: NewBatchNorm: %d channels, want a positive count", c))
	}
	return &BatchNorm{
		C: c, Spatial: spatial, Eps: 1e-5, Momentum: 0.1,
		W: tensor.Full(1, c), B: tensor.New(c), DW: tensor.New(c), DB: tensor.New(c),
		RunningMean: tensor.New(c), RunningVar: tensor.Full(1, c), NumBatches: tensor.New(),
		training: true, invStd: make([]float32, c),
	}
}

// SetTraining switches between batch statistics (training) and running
// statistics (evaluation).
func (b *BatchNorm) SetTraining(training bool) { b.training = training }

// name is the PyTorch module's name, for messages and Spec.
func (b *BatchNorm) name() string {
	if b.Spatial {
		return "batchnorm2d"
	}
	return "batchnorm1d"
}

// blocks checks x's shape and returns the batch size and the length of
// each channel's contiguous run (1, L or H·W).
func (b *BatchNorm) blocks(x *tensor.Tensor) (n, inner int) {
	d := x.Dims()
	ok := d == 4
	if !b.Spatial {
		ok = d == 2 || d == 3
	}
	if !ok || x.Dim(1) != b.C {
		want := fmt.Sprintf("[N %d H W]", b.C)
		if !b.Spatial {
			want = fmt.Sprintf("[N %d] or [N %d L]", b.C, b.C)
		}
		panic(fmt.Sprintf("nn: %s: input shape %v, want %s", b.name(), x.Shape(), want))
	}
	return x.Dim(0), x.Len() / max(x.Dim(0)*b.C, 1)
}

// Forward normalises x with the batch's statistics (training, updating the
// running ones) or the running statistics (evaluation).
func (b *BatchNorm) Forward(x *tensor.Tensor) *tensor.Tensor {
	n, inner := b.blocks(x)
	b.m, b.batch = n*inner, b.training
	if b.training && b.m < 2 {
		panic(fmt.Sprintf("nn: %s: input shape %v has %d value per channel; training needs more than 1", b.name(), x.Shape(), b.m))
	}
	xhat := b.xhat.get(x.Shape()...)
	y := b.y.get(x.Shape()...)
	b.pass = bnPass{n: n, inner: inner, x: x.Data(), xhat: xhat.Data(), y: y.Data()}
	b.run()
	if b.training {
		b.NumBatches.Data()[0]++
	}
	return y
}

// forwardChannel normalises channel c of the pass: its n runs of inner
// values, C·inner apart, from element c·inner on.
func (b *BatchNorm) forwardChannel(c int) {
	p := &b.pass
	n, inner, stride, off := p.n, p.inner, b.C*p.inner, c*p.inner
	w, bias := b.W.Data(), b.B.Data()
	rm, rv := b.RunningMean.Data(), b.RunningVar.Data()
	mean, variance := float64(rm[c]), float64(rv[c])
	if b.training {
		// Two passes with float64 sums: the mean, then the squared
		// deviations.
		var sq float64
		mean, sq = kernels.BatchNormStats(p.x[off:], n, inner, stride)
		variance = sq / float64(b.m)
		mom := float64(b.Momentum)
		rm[c] = float32((1-mom)*float64(rm[c]) + mom*mean)
		rv[c] = float32((1-mom)*float64(rv[c]) + mom*variance*float64(b.m)/float64(b.m-1))
	}
	// Normalise in float64: the batch mean rounded to float32 would
	// shift every xhat by up to half an ulp of the mean, noise that a
	// finite-difference check of the input gradient sees.
	inv := 1 / math.Sqrt(variance+float64(b.Eps))
	b.invStd[c] = float32(inv)
	kernels.BatchNormForward(p.y[off:], p.xhat[off:], p.x[off:], n, inner, stride, mean, inv, w[c], bias[c])
}

// Backward accumulates dweight += Σ dy·xhat and dbias += Σ dy per channel
// and returns dx. In training mode the mean and variance depend on x too:
//
//	dx = weight·invStd/M · (M·dy - Σ dy - xhat·Σ dy·xhat)
//
// with the sums over the channel's M values; in evaluation mode dx =
// dy·weight·invStd. The mode is that of the last Forward.
func (b *BatchNorm) Backward(dy *tensor.Tensor) *tensor.Tensor {
	if b.y.cur == nil {
		panic(fmt.Sprintf("nn: %s: Backward before Forward", b.name()))
	}
	mustSameShape(b.name(), "gradient", dy, b.y.cur)
	n, inner := b.blocks(dy)
	dx := b.dx.get(dy.Shape()...)
	b.pass = bnPass{backward: true, n: n, inner: inner, dy: dy.Data(), xhat: b.xhat.cur.Data(), dx: dx.Data()}
	b.run()
	return dx
}

// backwardChannel computes channel c's part of the pass.
func (b *BatchNorm) backwardChannel(c int) {
	p := &b.pass
	n, inner, stride, off := p.n, p.inner, b.C*p.inner, c*p.inner
	w, dw, db := b.W.Data(), b.DW.Data(), b.DB.Data()
	sumDy, sumDyH := kernels.BatchNormBackwardSums(p.dy[off:], p.xhat[off:], n, inner, stride)
	dw[c] += float32(sumDyH)
	db[c] += float32(sumDy)
	k := w[c] * b.invStd[c]
	if !b.batch {
		kernels.BatchNormScale(p.dx[off:], p.dy[off:], n, inner, stride, k)
		return
	}
	meanDy, meanDyH := float32(sumDy/float64(b.m)), float32(sumDyH/float64(b.m))
	kernels.BatchNormBackwardDx(p.dx[off:], p.dy[off:], p.xhat[off:], n, inner, stride, k, meanDy, meanDyH)
}

// bnPass is the pass in progress, shared by the workers that run its
// channels.
type bnPass struct {
	backward   bool
	n, inner   int
	x, xhat, y []float32
	dy, dx     []float32
	parts      int
}

// bnMinWork is the number of values from which a pass is split over
// channels between workers.
const bnMinWork = 16 << 10

// run computes the pass's channels, split into contiguous ranges over up
// to parallel.Threads() workers when the batch is large enough. Every
// channel is computed whole by one worker, so the results do not depend
// on the number of threads.
func (b *BatchNorm) run() {
	p := &b.pass
	p.parts = 1
	if p.n*p.inner*b.C >= bnMinWork {
		p.parts = max(1, min(parallel.Threads(), b.C))
	}
	if p.parts == 1 {
		b.channels(0)
	} else {
		parallel.Run(p.parts, (*bnParts)(b))
	}
	b.pass = bnPass{} // do not keep the caller's tensors alive
}

// bnParts runs a BatchNorm pass on package parallel's workers; its own
// type keeps RunPart out of BatchNorm's methods.
type bnParts BatchNorm

func (p *bnParts) RunPart(i int) { (*BatchNorm)(p).channels(i) }

// channels computes part i of the pass: its contiguous range of channels.
func (b *BatchNorm) channels(i int) {
	p := &b.pass
	for c := i * b.C / p.parts; c < (i+1)*b.C/p.parts; c++ {
		if p.backward {
			b.backwardChannel(c)
		} else {
			b.forwardChannel(c)
		}
	}
}

// Params returns the weight and the bias.
func (b *BatchNorm) Params() []Param {
	return []Param{{"weight", b.W, b.DW}, {"bias", b.B, b.DB}}
}

// Buffers returns running_mean, running_var and num_batches_tracked.
func (b *BatchNorm) Buffers() []Param {
	return []Param{
		{Name: "running_mean", Value: b.RunningMean},
		{Name: "running_var", Value: b.RunningVar},
		{Name: "num_batches_tracked", Value: b.NumBatches},
	}
}

// Spec returns "batchnorm1d(C)" or "batchnorm2d(C)", with eps= and
// momentum= when they differ from PyTorch's defaults.
func (b *BatchNorm) Spec() string {
	s := fmt.Sprintf("%s(%d", b.name(), b.C)
	if b.Eps != 1e-5 {
		s += ",eps=" + formatFloats([]float32{b.Eps})
	}
	if b.Momentum != 0.1 {
		s += ",momentum=" + formatFloats([]float32{b.Momentum})
	}
	return s + ")"
}
