package nn

import (
	"fmt"
	"math/rand/v2"

	"github.com/corten-ml/corten/conv"
	"github.com/corten-ml/corten/kernels"
	"github.com/corten-ml/corten/parallel"
	"github.com/corten-ml/corten/tensor"
)

// MaxPool2D takes the largest value of each K x K window of every channel
// of an NCHW batch, the window moving by Stride (no padding; windows that
// would run past the edge are dropped, as PyTorch's nn.MaxPool2d does by
// default). A NaN in a window wins, as in PyTorch. Backward routes each
// output gradient to the input that was the maximum (the first of equal
// maxima).
type MaxPool2D struct {
	K, Stride int

	g        conv.Geometry
	x, dy    *tensor.Tensor
	arg      []int32 // per output, the index of its maximum within the input plane
	code     []uint8 // 2x2 windows at stride 2: per output, the maximum's place in its window (kernels.MaxPool2x2)
	y        buffer
	dx       buffer
	backward bool // the pass the workers run
	parts    int  // ranges of planes the pass is split into
}

// NewMaxPool2D returns a max-pooling layer with a k x k window and the
// given stride (0 means k, non-overlapping windows).
func NewMaxPool2D(k, stride int) *MaxPool2D {
	if stride == 0 {
		stride = k
	}
	if k <= 0 || stride <= 0 {
		panic(fmt.Sprintf("nn: NewMaxPool2D(%d, %d): sizes must be positive", k, stride))
	}
	return &MaxPool2D{K: k, Stride: stride}
}

// poolGeom sets g to the geometry of a k x k window at the given stride
// over x [N, C, H, W]; layer names the caller in panics.
func poolGeom(g *conv.Geometry, layer string, x *tensor.Tensor, k, stride int) {
	if x.Dims() != 4 {
		panic(fmt.Sprintf("nn: %s: input shape %v, want [N C H W]", layer, x.Shape()))
	}
	*g = conv.Geometry{In: x.Dim(1), Out: x.Dim(1), H: x.Dim(2), W: x.Dim(3), KH: k, KW: k, Stride: stride}
	if err := g.Validate(); err != nil {
		panic(fmt.Sprintf("nn: %s: input shape %v: %v", layer, x.Shape(), err))
	}
}

// Forward returns the window maxima of x [N, C, H, W], shape [N, C, OH, OW]
// with OH = (H - K)/Stride + 1 (rounded down) and likewise OW. Large
// batches are split by planes over up to parallel.Threads() goroutines.
func (l *MaxPool2D) Forward(x *tensor.Tensor) *tensor.Tensor {
	g := &l.g
	poolGeom(g, "MaxPool2D", x, l.K, l.Stride)
	outH, outW := g.OH(), g.OW()
	l.x = x
	planes, ohw := x.Dim(0)*g.In, outH*outW
	l.y.get(x.Dim(0), g.In, outH, outW)
	if l.is2x2() {
		if cap(l.code) < planes*ohw {
			l.code = make([]uint8, planes*ohw)
		}
	} else if cap(l.arg) < planes*ohw {
		l.arg = make([]int32, planes*ohw)
	}
	l.backward = false
	// A few ranges per worker, so that a helper that comes late takes a
	// share of the work instead of all of its part.
	l.parts = 1
	if nw := workersFor(planes, g.H*g.W); nw > 1 {
		l.parts = min(planes, 4*nw)
	}
	parallel.Run(l.parts, (*poolParts)(l))
	return l.y.cur
}

// poolParts runs a MaxPool2D pass on package parallel's workers, part i
// being the i-th of l.parts ranges of planes. Its own type keeps RunPart
// out of MaxPool2D's methods.
type poolParts MaxPool2D

func (p *poolParts) RunPart(i int) {
	l := (*MaxPool2D)(p)
	planes := l.x.Dim(0) * l.g.In
	p0, p1 := i*planes/l.parts, (i+1)*planes/l.parts
	if l.backward {
		l.backwardPlanes(p0, p1)
	} else {
		l.forwardPlanes(p0, p1)
	}
}

// forwardPlanes pools planes p0..p1-1 (a plane is one channel of one
// sample).
func (l *MaxPool2D) forwardPlanes(p0, p1 int) {
	g := &l.g
	outH, outW := g.OH(), g.OW()
	hw, ohw := g.H*g.W, outH*outW
	arg := l.arg
	xd, yd := l.x.Data(), l.y.cur.Data()
	w, s, k := g.W, g.Stride, l.K
	if l.is2x2() {
		// The usual case, by the kernels' SIMD 2x2 pooling.
		kernels.MaxPool2x2(yd[p0*ohw:p1*ohw], l.code[p0*ohw:p1*ohw], xd[p0*hw:p1*hw], g.H, w)
		return
	}
	for pl := p0; pl < p1; pl++ {
		in := xd[pl*hw : (pl+1)*hw]
		out := yd[pl*ohw : (pl+1)*ohw]
		am := arg[pl*ohw : (pl+1)*ohw]
		for oh := 0; oh < outH; oh++ {
			for ow := 0; ow < outW; ow++ {
				mi := oh*s*w + windowArgMax(in[oh*s*w:], w, ow*s, k)
				out[oh*outW+ow], am[oh*outW+ow] = in[mi], int32(mi)
			}
		}
	}
}

// windowArgMax returns the index in rows (row stride w) of the largest
// element of the k x k window whose top-left element is rows[c]: the first
// NaN if there is one, else the first of the largest values.
func windowArgMax(rows []float32, w, c, k int) int {
	mi := c
	m := rows[c]
	for i := 0; i < k && m == m; i++ {
		for j, v := range rows[i*w+c : i*w+c+k] {
			if v > m || v != v {
				m, mi = v, i*w+c+j
				if v != v {
					break
				}
			}
		}
	}
	return mi
}

// Backward adds each output gradient to the input position of its window's
// maximum; every other input gets 0.
func (l *MaxPool2D) Backward(dy *tensor.Tensor) *tensor.Tensor {
	if l.y.cur == nil {
		panic("nn: MaxPool2D: Backward before Forward")
	}
	mustSameShape("MaxPool2D", "gradient", dy, l.y.cur)
	l.dy = dy
	l.dx.get(l.x.Shape()...)
	l.backward = true
	parallel.Run(l.parts, (*poolParts)(l))
	l.dy = nil
	return l.dx.cur
}

// is2x2 reports whether the layer pools 2x2 windows at stride 2, the
// case the kernels' MaxPool2x2 does.
func (l *MaxPool2D) is2x2() bool { return l.K == 2 && l.Stride == 2 }

// backwardPlanes routes the gradient of planes p0..p1-1.
func (l *MaxPool2D) backwardPlanes(p0, p1 int) {
	g := &l.g
	outH, outW := g.OH(), g.OW()
	hw, ohw := g.H*g.W, outH*outW
	dxd, dyd, arg := l.dx.cur.Data(), l.dy.Data(), l.arg
	if l.is2x2() {
		kernels.MaxPool2x2Backward(dxd[p0*hw:p1*hw], dyd[p0*ohw:p1*ohw], l.code[p0*ohw:p1*ohw], g.H, g.W)
		return
	}
	clear(dxd[p0*hw : p1*hw])
	for pl := p0; pl < p1; pl++ {
		d := dxd[pl*hw : (pl+1)*hw]
		for i, v := range dyd[pl*ohw : (pl+1)*ohw] {
			d[arg[pl*ohw+i]] += v
		}
	}
}

// Params returns nil: pooling has no parameters.
func (l *MaxPool2D) Params() []Param { return nil }

// Spec returns "maxpool2d(k)", or "maxpool2d(k,stride=s)" when the stride
// is not k.
func (l *MaxPool2D) Spec() string { return poolSpec("maxpool2d", l.K, l.Stride) }

func poolSpec(name string, k, stride int) string {
	if stride == k {
		return fmt.Sprintf("%s(%d)", name, k)
	}
	return fmt.Sprintf("%s(%d,stride=%d)", name, k, stride)
}

// AvgPool2D averages each K x K window of every channel of an NCHW batch,
// the window moving by Stride (no padding), as PyTorch's nn.AvgPool2d.
// Backward spreads each output gradient evenly over its window.
type AvgPool2D struct {
	K, Stride int

	g  conv.Geometry
	x  *tensor.Tensor
	y  buffer
	dx buffer
}

// NewAvgPool2D returns an average-pooling layer with a k x k window and the
// given stride (0 means k).
func NewAvgPool2D(k, stride int) *AvgPool2D {
	if stride == 0 {
		stride = k
	}
	if k <= 0 || stride <= 0 {
		panic(fmt.Sprintf("nn: NewAvgPool2D(%d, %d): sizes must be positive", k, stride))
	}
	return &AvgPool2D{K: k, Stride: stride}
}

// Forward returns the window means of x [N, C, H, W], shape [N, C, OH, OW].
func (l *AvgPool2D) Forward(x *tensor.Tensor) *tensor.Tensor {
	g := &l.g
	poolGeom(g, "AvgPool2D", x, l.K, l.Stride)
	outH, outW := g.OH(), g.OW()
	l.x = x
	planes, hw, ohw := x.Dim(0)*g.In, g.H*g.W, outH*outW
	y := l.y.get(x.Dim(0), g.In, outH, outW)
	xd, yd := x.Data(), y.Data()
	w, s, k := g.W, g.Stride, l.K
	scale := 1 / float32(k*k)
	for pl := 0; pl < planes; pl++ {
		in := xd[pl*hw : (pl+1)*hw]
		out := yd[pl*ohw : (pl+1)*ohw]
		for oh := 0; oh < outH; oh++ {
			for ow := 0; ow < outW; ow++ {
				base := oh*s*w + ow*s
				var sum float32
				for i := 0; i < k; i++ {
					for _, v := range in[base+i*w : base+i*w+k] {
						sum += v
					}
				}
				out[oh*outW+ow] = sum * scale
			}
		}
	}
	return y
}

// Backward adds dy/(K·K) to every input of each window.
func (l *AvgPool2D) Backward(dy *tensor.Tensor) *tensor.Tensor {
	if l.y.cur == nil {
		panic("nn: AvgPool2D: Backward before Forward")
	}
	mustSameShape("AvgPool2D", "gradient", dy, l.y.cur)
	g := &l.g
	outH, outW := g.OH(), g.OW()
	planes, hw, ohw := l.x.Dim(0)*g.In, g.H*g.W, outH*outW
	dx := l.dx.get(l.x.Shape()...)
	dx.Zero()
	dxd, dyd := dx.Data(), dy.Data()
	w, s, k := g.W, g.Stride, l.K
	scale := 1 / float32(k*k)
	for pl := 0; pl < planes; pl++ {
		d := dxd[pl*hw : (pl+1)*hw]
		gy := dyd[pl*ohw : (pl+1)*ohw]
		for oh := 0; oh < outH; oh++ {
			for ow := 0; ow < outW; ow++ {
				v := gy[oh*outW+ow] * scale
				base := oh*s*w + ow*s
				for i := 0; i < k; i++ {
					row := d[base+i*w : base+i*w+k]
					for j := range row {
						row[j] += v
					}
				}
			}
		}
	}
	return dx
}

// Params returns nil: pooling has no parameters.
func (l *AvgPool2D) Params() []Param { return nil }

// Spec returns "avgpool2d(k)", or "avgpool2d(k,stride=s)" when the stride
// is not k.
func (l *AvgPool2D) Spec() string { return poolSpec("avgpool2d", l.K, l.Stride) }

func init() {
	RegisterLayer("maxpool2d", buildPool(func(k, s int) Layer { return NewMaxPool2D(k, s) }, "maxpool2d"))
	RegisterLayer("avgpool2d", buildPool(func(k, s int) Layer { return NewAvgPool2D(k, s) }, "avgpool2d"))
}

// buildPool parses name(kernel[,stride]), stride also as stride=s.
func buildPool(mk func(k, s int) Layer, name string) LayerBuilder {
	return func(args []string, _ *rand.Rand) (Layer, error) {
		v, _, err := parseWindowArgs(name, args, []string{"kernel", "stride"}, 1)
		if err != nil {
			return nil, err
		}
		return mk(v["kernel"], v["stride"]), nil
	}
}

// parallelMin is the number of elements a pass of a cheap layer (pooling)
// must touch before it is split over workers: below it, handing parts to a
// worker costs more than it saves.
const parallelMin = 32 << 10

// workersFor returns how many workers to split n independent items (of
// perItem elements each) over: up to parallel.Threads(), and 1 for small
// passes.
func workersFor(n, perItem int) int {
	if n*perItem < parallelMin {
		return 1
	}
	return max(1, min(parallel.Threads(), n))
}
