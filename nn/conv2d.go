package nn

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/corten-ml/corten/conv"
	"github.com/corten-ml/corten/tensor"
)

// Conv2D is a 2-D convolution (strictly, a cross-correlation, as in every
// framework) over NCHW batches, with zero padding and a bias:
//
//	y[n, o, p, q] = b[o] + Σ_c Σ_i Σ_j W[o, c, i, j] · x[n, c, p·s+i-pad, q·s+j-pad]
//
// W is stored [Out, In, KH, KW] and b [Out], PyTorch's nn.Conv2d layout, so
// a state_dict moves between corten and PyTorch unchanged. The passes are
// computed by a conv.Engine, which chooses among lowering to a GEMM, direct
// register tiles and SIMD axpys, and splits the batch over threads;
// results do not depend on the number of threads.
type Conv2D struct {
	In, Out     int // input and output channels
	KH, KW      int // kernel size
	Stride, Pad int // step of the window, and zero padding on every side
	W, B        *tensor.Tensor
	DW, DB      *tensor.Tensor

	eng    conv.Engine
	skipDx bool
	x      *tensor.Tensor // the input of the last Forward, for Backward
	y, dx  buffer
}

// NewConv2D returns a convolution of in channels to out channels with a
// k x k kernel, the given stride and zero padding, weights drawn by init
// from rng (fan-in in·k·k) and a zero bias.
func NewConv2D(in, out, k, stride, pad int, init Init, rng *rand.Rand) *Conv2D {
	if in <= 0 || out <= 0 || k <= 0 || stride <= 0 || pad < 0 {
		panic(fmt.Sprintf("nn: NewConv2D(in %d, out %d, kernel %d, stride %d, pad %d): sizes must be positive and padding non-negative", in, out, k, stride, pad))
	}
	l := &Conv2D{
		In: in, Out: out, KH: k, KW: k, Stride: stride, Pad: pad,
		W: tensor.New(out, in, k, k), B: tensor.New(out),
		DW: tensor.New(out, in, k, k), DB: tensor.New(out),
	}
	InitWeights(l.W, init, in*k*k, out*k*k, rng)
	return l
}

// Conv returns a convolution initialised as PyTorch's nn.Conv2d is by
// default: weights and bias uniform in ±1/sqrt(in·k·k) (kaiming_uniform
// with a = √5). It is what the spec conv2d(...) builds when no init is
// named. Its weights are a third of He-normal's standard deviation, which
// trains LeNet-5 on MNIST to a better accuracy (bench/TUNING.md).
func Conv(in, out, k, stride, pad int, rng *rand.Rand) *Conv2D {
	l := NewConv2D(in, out, k, stride, pad, Zeros, rng)
	bound := 1 / math.Sqrt(float64(in*k*k))
	for _, t := range []*tensor.Tensor{l.W, l.B} {
		d := t.Data()
		for i := range d {
			d[i] = float32((2*rng.Float64() - 1) * bound)
		}
	}
	return l
}

// Forward computes the convolution of x [N, In, H, W] and returns y
// [N, Out, OH, OW], OH = (H + 2·Pad - KH)/Stride + 1 (rounded down) and
// likewise OW.
func (l *Conv2D) Forward(x *tensor.Tensor) *tensor.Tensor {
	if x.Dims() != 4 || x.Dim(1) != l.In {
		panic(fmt.Sprintf("nn: Conv2D: input shape %v, want [N %d H W]", x.Shape(), l.In))
	}
	g := conv.Geometry{In: l.In, Out: l.Out, H: x.Dim(2), W: x.Dim(3), KH: l.KH, KW: l.KW, Stride: l.Stride, Pad: l.Pad}
	if err := l.eng.SetGeometry(g); err != nil {
		panic(fmt.Sprintf("nn: Conv2D: input shape %v: %v", x.Shape(), err))
	}
	l.x = x
	y := l.y.get(x.Dim(0), l.Out, g.OH(), g.OW())
	l.eng.Forward(y.Data(), x.Data(), l.W.Data(), l.B.Data(), x.Dim(0))
	return y
}

// Backward accumulates dW += dL/dW and db += the sum of dy over the batch
// and positions, and returns dx = dL/dx (nil when the input gradient is
// skipped).
func (l *Conv2D) Backward(dy *tensor.Tensor) *tensor.Tensor {
	if l.y.cur == nil {
		panic("nn: Conv2D: Backward before Forward")
	}
	mustSameShape("Conv2D", "gradient", dy, l.y.cur)
	var dx []float32
	if !l.skipDx {
		dx = l.dx.get(l.x.Shape()...).Data()
	}
	l.eng.Backward(dx, l.DW.Data(), l.DB.Data(), dy.Data(), l.x.Data(), l.W.Data(), dy.Dim(0))
	if l.skipDx {
		return nil
	}
	return l.dx.cur
}

// SkipInputGrad makes Backward skip dx, as for the first layer.
func (l *Conv2D) SkipInputGrad(skip bool) { l.skipDx = skip }

// Params returns the weight [Out, In, KH, KW] and the bias [Out].
func (l *Conv2D) Params() []Param {
	return []Param{{"weight", l.W, l.DW}, {"bias", l.B, l.DB}}
}
