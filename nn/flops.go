package nn

import (
	"fmt"
	"slices"

	"github.com/corten-ml/corten/conv"
)

// FLOPCount is the arithmetic of one layer's passes over one batch, in
// floating-point operations: two per multiply-add of the layer's matrix
// products and convolutions, counted analytically from the shapes (as
// FLOP counters of the reference frameworks do). Bias additions,
// activations, pooling, softmax, the loss and the optimizer's update are
// not counted: they are a few operations per element, bound by memory
// rather than by the FMA units whose peak the counts are compared with
// (package internal/peak).
type FLOPCount struct {
	Forward    int64 // the forward pass
	WeightGrad int64 // the parameter gradients of the backward pass
	InputGrad  int64 // the input gradient of the backward pass (skipped by a first layer)
}

// Backward returns the FLOPs of the whole backward pass: the parameter
// gradients and the input gradient.
func (c FLOPCount) Backward() int64 { return c.WeightGrad + c.InputGrad }

// FLOPCounter is implemented by layers that state their arithmetic: for an
// input of shape in (batch first), the output shape and the FLOPs of the
// passes, or an error when the layer cannot take that shape. Every layer
// of this package implements it; CountFLOPs needs it of every layer of a
// model.
type FLOPCounter interface {
	FLOPs(in []int) (out []int, c FLOPCount, err error)
}

// CountFLOPs returns the FLOPs of one training step of m on a batch of
// shape in (batch first): the forward pass, and the backward pass as
// Backward runs it, without the first layer's input gradient when the
// model skips it (the default; see SetInputGrad). It propagates the shape
// through the layers, so an input the model cannot take is an error, as is
// a layer that does not implement FLOPCounter; both name the layer.
func CountFLOPs(m *Sequential, in []int) (forward, backward int64, err error) {
	if len(in) == 0 || slices.ContainsFunc(in, func(d int) bool { return d <= 0 }) {
		return 0, 0, fmt.Errorf("nn: CountFLOPs: input shape %v: need positive dimensions, batch first", in)
	}
	shape := slices.Clone(in)
	leading := !m.inputGrad // no input gradient wanted, and no layer with parameters yet
	for i, l := range m.Layers {
		fc, ok := l.(FLOPCounter)
		if !ok {
			return 0, 0, fmt.Errorf("nn: CountFLOPs: layer %s (%s) does not count its FLOPs (no FLOPs method)", m.Name(i), l.Spec())
		}
		out, c, err := fc.FLOPs(shape)
		if err != nil {
			return 0, 0, fmt.Errorf("nn: CountFLOPs: layer %s (%s): %v", m.Name(i), l.Spec(), err)
		}
		if _, skips := l.(InputGradSkipper); skips && leading {
			c.InputGrad = 0 // see SetInputGrad
		}
		if leading {
			// Nothing before a layer that skips its input gradient runs
			// backward; parameter-free layers add nothing anyway.
			leading = len(l.Params()) == 0
		}
		forward += c.Forward
		backward += c.Backward()
		shape = out
	}
	return forward, backward, nil
}

// prod returns the product of dims as an int64.
func prod(dims []int) int64 {
	p := int64(1)
	for _, d := range dims {
		p *= int64(d)
	}
	return p
}

// same is the FLOPs of a layer that keeps the shape and does no
// multiply-adds of the counted kind; rank is the least rank it takes.
func same(layer string, in []int, rank int) ([]int, FLOPCount, error) {
	if len(in) < rank {
		return nil, FLOPCount{}, fmt.Errorf("input shape %v: %s needs rank %d or more", in, layer, rank)
	}
	return slices.Clone(in), FLOPCount{}, nil
}

// FLOPs of a dense layer: one GEMM of rows x In x Out in each pass (y =
// x·Wᵀ, dW = dyᵀ·x, dx = dy·W), rows being every dimension but the last.
func (d *Dense) FLOPs(in []int) ([]int, FLOPCount, error) {
	if len(in) < 2 || in[len(in)-1] != d.In {
		return nil, FLOPCount{}, fmt.Errorf("input shape %v, want [N ... %d]", in, d.In)
	}
	gemm := 2 * prod(in[:len(in)-1]) * int64(d.In) * int64(d.Out)
	out := append(slices.Clone(in[:len(in)-1]), d.Out)
	return out, FLOPCount{Forward: gemm, WeightGrad: gemm, InputGrad: gemm}, nil
}

// FLOPs of a convolution: N·Out·OH·OW·In·KH·KW multiply-adds in each pass
// (the output, the weight gradient and the input gradient each pair every
// output position with every weight).
func (l *Conv2D) FLOPs(in []int) ([]int, FLOPCount, error) {
	if len(in) != 4 || in[1] != l.In {
		return nil, FLOPCount{}, fmt.Errorf("input shape %v, want [N %d H W]", in, l.In)
	}
	g := conv.Geometry{In: l.In, Out: l.Out, H: in[2], W: in[3], KH: l.KH, KW: l.KW, Stride: l.Stride, Pad: l.Pad}
	if err := g.Validate(); err != nil {
		return nil, FLOPCount{}, fmt.Errorf("input shape %v: %v", in, err)
	}
	n := 2 * int64(in[0]) * int64(g.OutLen()) * int64(l.In*l.KH*l.KW)
	return []int{in[0], l.Out, g.OH(), g.OW()}, FLOPCount{Forward: n, WeightGrad: n, InputGrad: n}, nil
}

// poolFLOPs is the shape of a k x k pooling at the given stride; pooling
// counts no FLOPs.
func poolFLOPs(in []int, k, stride int) ([]int, FLOPCount, error) {
	if len(in) != 4 {
		return nil, FLOPCount{}, fmt.Errorf("input shape %v, want [N C H W]", in)
	}
	g := conv.Geometry{In: in[1], Out: in[1], H: in[2], W: in[3], KH: k, KW: k, Stride: stride}
	if err := g.Validate(); err != nil {
		return nil, FLOPCount{}, fmt.Errorf("input shape %v: %v", in, err)
	}
	return []int{in[0], in[1], g.OH(), g.OW()}, FLOPCount{}, nil
}

// FLOPs of max pooling: the output shape; comparisons are not counted.
func (l *MaxPool2D) FLOPs(in []int) ([]int, FLOPCount, error) { return poolFLOPs(in, l.K, l.Stride) }

// FLOPs of average pooling: the output shape; its sums are not counted.
func (l *AvgPool2D) FLOPs(in []int) ([]int, FLOPCount, error) { return poolFLOPs(in, l.K, l.Stride) }

// FLOPs of ReLU: the same shape, nothing counted.
func (r *ReLU) FLOPs(in []int) ([]int, FLOPCount, error) { return same("relu", in, 1) }

// FLOPs of Sigmoid: the same shape, nothing counted.
func (s *Sigmoid) FLOPs(in []int) ([]int, FLOPCount, error) { return same("sigmoid", in, 1) }

// FLOPs of Tanh: the same shape, nothing counted.
func (t *Tanh) FLOPs(in []int) ([]int, FLOPCount, error) { return same("tanh", in, 1) }

// FLOPs of Softmax: the same shape, nothing counted.
func (s *Softmax) FLOPs(in []int) ([]int, FLOPCount, error) { return same("softmax", in, 2) }

// FLOPs of Dropout: the same shape, nothing counted.
func (d *Dropout) FLOPs(in []int) ([]int, FLOPCount, error) { return same("dropout", in, 1) }

// FLOPs of Flatten: [N, d1·d2·...], nothing counted.
func (f *Flatten) FLOPs(in []int) ([]int, FLOPCount, error) {
	if len(in) < 1 {
		return nil, FLOPCount{}, fmt.Errorf("input shape %v: flatten needs a batch dimension", in)
	}
	return []int{in[0], int(prod(in[1:]))}, FLOPCount{}, nil
}

// FLOPs of Reshape: [N, Shape...], nothing counted.
func (r *Reshape) FLOPs(in []int) ([]int, FLOPCount, error) {
	if len(in) < 1 || prod(in[1:]) != prod(r.Shape) {
		return nil, FLOPCount{}, fmt.Errorf("input shape %v cannot be viewed as [N %v]", in, r.Shape)
	}
	return append([]int{in[0]}, r.Shape...), FLOPCount{}, nil
}
