package nn

import (
	"fmt"
	"slices"
)

// FLOP counts of the sequence, normalisation and embedding layers (see
// FLOPCounter). Normalisation, activations, embeddings, positional sums
// and step reductions do no multiply-adds of the counted kind; recurrent
// and attention layers are their GEMMs.

// layerFLOPs is the count of any layer, a Sequential body included (all of
// whose input gradients are then computed, as a Residual needs them).
func layerFLOPs(l Layer, in []int) ([]int, FLOPCount, error) {
	if s, ok := l.(*Sequential); ok {
		var total FLOPCount
		shape := slices.Clone(in)
		for i, sub := range s.Layers {
			out, c, err := layerFLOPs(sub, shape)
			if err != nil {
				return nil, FLOPCount{}, fmt.Errorf("layer %s (%s): %v", s.Name(i), sub.Spec(), err)
			}
			total.Forward += c.Forward
			total.WeightGrad += c.WeightGrad + c.InputGrad
			shape = out
		}
		return shape, total, nil
	}
	fc, ok := l.(FLOPCounter)
	if !ok {
		return nil, FLOPCount{}, fmt.Errorf("layer %s does not count its FLOPs (no FLOPs method)", l.Spec())
	}
	return fc.FLOPs(in)
}

// sequence checks that in is [N, T, F] with F = width (any F if width is
// 0).
func sequence(layer string, in []int, width int) error {
	if len(in) != 3 || (width > 0 && in[2] != width) {
		w := "F"
		if width > 0 {
			w = fmt.Sprint(width)
		}
		return fmt.Errorf("input shape %v: %s wants [N T %s]", in, layer, w)
	}
	return nil
}

// FLOPs of a recurrent stack, per layer l with input width I (In, then
// Hidden) and G·H gate rows: the input projection of all steps, 2·N·T·I·GH,
// and the recurrent products of the steps after the first (whose state is
// zero), 2·N·(T-1)·H·GH; backward, the same products for the weight
// gradients, the recurrent state gradient of each step, and the input
// gradient of each layer, of which only the first layer's is skippable.
func (r *Recurrent) FLOPs(in []int) ([]int, FLOPCount, error) {
	if err := sequence(r.Spec(), in, r.In); err != nil {
		return nil, FLOPCount{}, err
	}
	n, t := int64(in[0]), int64(in[1])
	h, gh := int64(r.Hidden), int64(r.Cell.Gates()*r.Hidden)
	var c FLOPCount
	for l := range r.NumLayers {
		width := int64(r.Hidden)
		if l == 0 {
			width = int64(r.In)
		}
		proj := 2 * n * t * width * gh
		rec := 2 * n * (t - 1) * h * gh
		c.Forward += proj + rec
		c.WeightGrad += proj + 2*rec // dW_ih, dW_hh and the state gradient
		if l == 0 {
			c.InputGrad = proj
		} else {
			c.WeightGrad += proj // the gradient into the layer below
		}
	}
	out := []int{in[0], in[1], r.Hidden}
	if r.Out == OutputLast {
		out = []int{in[0], r.Hidden}
	}
	return out, c, nil
}

// FLOPs of self-attention on [N, T, E]: the packed input projection and
// the output projection (Dense counts), and per head the scores Q·Kᵀ and
// the weighted sum P·V, 2·N·T·T'·E each with T' the keys a query sees (T,
// or on average (T+1)/2 with a causal mask); backward, the four products
// of their gradients. Only the input projection's input gradient is
// skippable: the rest feeds its weight gradient.
func (a *MultiheadAttention) FLOPs(in []int) ([]int, FLOPCount, error) {
	if err := sequence(a.Spec(), in, a.E); err != nil {
		return nil, FLOPCount{}, err
	}
	n, t, e := int64(in[0]), int64(in[1]), int64(a.E)
	pairs := t * t
	if a.Causal {
		pairs = t * (t + 1) / 2
	}
	core := 2 * n * pairs * e // one of the four score-sized products
	_, ip, _ := a.InProj.FLOPs(in)
	_, op, _ := a.OutProj.FLOPs(in)
	return slices.Clone(in), FLOPCount{
		Forward:    ip.Forward + 2*core + op.Forward,
		WeightGrad: ip.WeightGrad + 4*core + op.WeightGrad + op.InputGrad,
		InputGrad:  ip.InputGrad,
	}, nil
}

// FLOPs of an encoder layer: its attention and its two feed-forward
// layers; only the block's own input gradient, which the first residual
// sum completes, is skippable, and it costs nothing of the counted kind
// beyond the attention's input projection.
func (l *TransformerEncoderLayer) FLOPs(in []int) ([]int, FLOPCount, error) {
	if err := sequence(l.Spec(), in, l.DModel); err != nil {
		return nil, FLOPCount{}, err
	}
	_, a, _ := l.SelfAttn.FLOPs(in)
	mid, f1, _ := l.Linear1.FLOPs(in)
	_, f2, _ := l.Linear2.FLOPs(mid)
	return slices.Clone(in), FLOPCount{
		Forward:    a.Forward + f1.Forward + f2.Forward,
		WeightGrad: a.WeightGrad + f1.WeightGrad + f1.InputGrad + f2.WeightGrad + f2.InputGrad,
		InputGrad:  a.InputGrad,
	}, nil
}

// FLOPs of a residual block: its body's, every input gradient included
// but the one the block itself may skip.
func (r *Residual) FLOPs(in []int) ([]int, FLOPCount, error) {
	out, c, err := layerFLOPs(r.Body, in)
	if err != nil {
		return nil, FLOPCount{}, err
	}
	if !slices.Equal(out, in) {
		return nil, FLOPCount{}, fmt.Errorf("input shape %v: the body gives %v, not the same shape", in, out)
	}
	return out, c, nil
}

// FLOPs of LayerNorm: the same shape, nothing counted.
func (l *LayerNorm) FLOPs(in []int) ([]int, FLOPCount, error) {
	if len(in) < 2 || in[len(in)-1] != l.Dim {
		return nil, FLOPCount{}, fmt.Errorf("input shape %v, want [N ... %d]", in, l.Dim)
	}
	return slices.Clone(in), FLOPCount{}, nil
}

// FLOPs of BatchNorm: the same shape, nothing counted.
func (b *BatchNorm) FLOPs(in []int) ([]int, FLOPCount, error) {
	if len(in) < 2 || in[1] != b.C || (b.Spatial && len(in) != 4) || (!b.Spatial && len(in) > 3) {
		return nil, FLOPCount{}, fmt.Errorf("input shape %v does not fit %s", in, b.Spec())
	}
	return slices.Clone(in), FLOPCount{}, nil
}

// FLOPs of an embedding: [..., Dim], a gather, nothing counted.
func (e *Embedding) FLOPs(in []int) ([]int, FLOPCount, error) {
	return append(slices.Clone(in), e.Dim), FLOPCount{}, nil
}

// FLOPs of a positional embedding: the same shape, nothing counted.
func (p *PositionalEmbedding) FLOPs(in []int) ([]int, FLOPCount, error) {
	if len(in) != 3 || in[1] != p.T || in[2] != p.E {
		return nil, FLOPCount{}, fmt.Errorf("input shape %v, want [N %d %d]", in, p.T, p.E)
	}
	return slices.Clone(in), FLOPCount{}, nil
}

// FLOPs of patch extraction: [N, patches, C·P·P], a copy, nothing counted.
func (p *Patches) FLOPs(in []int) (out []int, c FLOPCount, err error) {
	defer func() {
		if r := recover(); r != nil {
			out, err = nil, fmt.Errorf("%v", r)
		}
	}()
	ch, h, w := p.geometry(in)
	return []int{in[0], (h / p.P) * (w / p.P), ch * p.P * p.P}, FLOPCount{}, nil
}

// FLOPs of the mean over steps: [N, F], nothing counted.
func (m *MeanSteps) FLOPs(in []int) ([]int, FLOPCount, error) {
	if err := sequence("meansteps", in, 0); err != nil {
		return nil, FLOPCount{}, err
	}
	return []int{in[0], in[2]}, FLOPCount{}, nil
}

// FLOPs of the last step: [N, F], nothing counted.
func (l *LastStep) FLOPs(in []int) ([]int, FLOPCount, error) {
	if err := sequence("laststep", in, 0); err != nil {
		return nil, FLOPCount{}, err
	}
	return []int{in[0], in[2]}, FLOPCount{}, nil
}

// FLOPs of GELU: the same shape, nothing counted.
func (g *GELU) FLOPs(in []int) ([]int, FLOPCount, error) { return same("gelu", in, 1) }

// FLOPs of LeakyReLU: the same shape, nothing counted.
func (l *LeakyReLU) FLOPs(in []int) ([]int, FLOPCount, error) { return same("leakyrelu", in, 1) }

// FLOPs of ELU: the same shape, nothing counted.
func (e *ELU) FLOPs(in []int) ([]int, FLOPCount, error) { return same("elu", in, 1) }

// FLOPs of SiLU: the same shape, nothing counted.
func (s *SiLU) FLOPs(in []int) ([]int, FLOPCount, error) { return same("silu", in, 1) }
