package conv

import "fmt"

// Geometry is the shape of a 2-D sliding-window operation on NCHW images,
// per sample: In channels of H x W pixels, a KH x KW window moved by
// Stride, with Pad zero pixels around every side, and Out output channels
// of OH() x OW() positions. The batch size is not part of it: the same
// geometry serves any batch.
//
// Pooling uses it too, with Out = In.
type Geometry struct {
	In, Out     int // input and output channels
	H, W        int // input height and width
	KH, KW      int // window (kernel) height and width
	Stride, Pad int // step of the window, and zero padding on every side
}

// OutSize is the number of window positions along one axis of in pixels,
// PyTorch's floor((in + 2·pad - k) / stride) + 1, or 0 when the window does
// not fit. stride must be positive.
func OutSize(in, k, stride, pad int) int {
	if in+2*pad < k {
		return 0
	}
	return (in+2*pad-k)/stride + 1
}

// OH is the output height.
func (g *Geometry) OH() int { return OutSize(g.H, g.KH, g.Stride, g.Pad) }

// OW is the output width.
func (g *Geometry) OW() int { return OutSize(g.W, g.KW, g.Stride, g.Pad) }

// InLen is the number of input values per sample, In·H·W.
func (g *Geometry) InLen() int { return g.In * g.H * g.W }

// OutLen is the number of output values per sample, Out·OH·OW.
func (g *Geometry) OutLen() int { return g.Out * g.OH() * g.OW() }

// tapOffset returns where tap t = (c·KH + i)·KW + j of the window reads,
// relative to an output position's first tap, in an input whose planes are
// padded to rows of wp floats and hp rows: (c·hp + i)·wp + j.
func (g *Geometry) tapOffset(t, hp, wp int) int {
	c, ij := t/(g.KH*g.KW), t%(g.KH*g.KW)
	return (c*hp+ij/g.KW)*wp + ij%g.KW
}

// WeightLen is the number of weights, Out·In·KH·KW, stored [Out, In, KH, KW].
func (g *Geometry) WeightLen() int { return g.Out * g.In * g.KH * g.KW }

// Validate reports why g is not a geometry the engine can compute, or nil:
// every size must be positive, the padding non-negative, and the padded
// input at least as large as the window.
func (g *Geometry) Validate() error {
	switch {
	case g.In <= 0 || g.Out <= 0:
		return fmt.Errorf("conv: %d input and %d output channels: both must be positive", g.In, g.Out)
	case g.KH <= 0 || g.KW <= 0 || g.Stride <= 0:
		return fmt.Errorf("conv: %dx%d window with stride %d: sizes must be positive", g.KH, g.KW, g.Stride)
	case g.Pad < 0:
		return fmt.Errorf("conv: padding %d is negative", g.Pad)
	case g.H <= 0 || g.W <= 0:
		return fmt.Errorf("conv: %dx%d input: sizes must be positive", g.H, g.W)
	case g.OH() <= 0 || g.OW() <= 0:
		return fmt.Errorf("conv: %dx%d input is smaller than the %dx%d window with padding %d", g.H, g.W, g.KH, g.KW, g.Pad)
	}
	return nil
}
