package nn

import (
	"fmt"

	"github.com/corten-ml/corten/tensor"
)

// geom2d is the geometry of a sliding-window operation on NCHW images (a
// convolution or a pooling): c channels of h x w pixels, a kh x kw window
// moved by stride, with pad zero pixels around every side, giving oh x ow
// outputs per channel.
type geom2d struct {
	c, h, w     int
	kh, kw      int
	stride, pad int
	oh, ow      int
}

// outSize is the number of window positions along one axis, PyTorch's
// floor((in + 2·pad - k) / stride) + 1, or 0 when the window does not fit.
func outSize(in, k, stride, pad int) int {
	if in+2*pad < k {
		return 0
	}
	return (in+2*pad-k)/stride + 1
}

// setInput fills in the input size and output size for x [N, c, H, W];
// layer names the caller in panics.
func (g *geom2d) setInput(layer string, x *tensor.Tensor) {
	if x.Dims() != 4 || x.Dim(1) != g.c {
		panic(fmt.Sprintf("nn: %s: input shape %v, want [N %d H W]", layer, x.Shape(), g.c))
	}
	h, w := x.Dim(2), x.Dim(3)
	oh, ow := outSize(h, g.kh, g.stride, g.pad), outSize(w, g.kw, g.stride, g.pad)
	if oh <= 0 || ow <= 0 {
		panic(fmt.Sprintf("nn: %s: input shape %v is smaller than the %dx%d window with padding %d", layer, x.Shape(), g.kh, g.kw, g.pad))
	}
	g.h, g.w, g.oh, g.ow = h, w, oh, ow
}

// span returns the output columns ow0..ow1-1 whose input column
// ow·stride + j - pad falls inside the image, for window column j; the
// others read padding.
func (g *geom2d) span(j int) (ow0, ow1 int) {
	// ow·s + j - pad >= 0  <=>  ow >= ceil((pad - j) / s)
	if d := g.pad - j; d > 0 {
		ow0 = (d + g.stride - 1) / g.stride
	}
	// ow·s + j - pad <= w - 1  <=>  ow <= (w - 1 + pad - j) / s
	if d := g.w - 1 + g.pad - j; d >= 0 {
		ow1 = d/g.stride + 1
	}
	ow1 = min(ow1, g.ow)
	ow0 = min(ow0, ow1)
	return ow0, ow1
}

// im2col lowers the batch x [n, c, h, w] to the matrix cols of c·kh·kw rows
// and n·oh·ow columns (row stride ld): row (ci, i, j) holds, for every
// sample and output position in order, the input pixel under window
// element (i, j) of channel ci, or 0 in the padding. A convolution is then
// one matrix product W[out, c·kh·kw] · cols.
func (g *geom2d) im2col(cols []float32, ld int, x []float32, n int) {
	ohw, chw, hw := g.oh*g.ow, g.c*g.h*g.w, g.h*g.w
	s, pad, w := g.stride, g.pad, g.w
	row := 0
	for ci := 0; ci < g.c; ci++ {
		for i := 0; i < g.kh; i++ {
			for j := 0; j < g.kw; j++ {
				ow0, ow1 := g.span(j)
				dst := cols[row*ld : row*ld+n*ohw]
				row++
				for b := 0; b < n; b++ {
					plane := x[b*chw+ci*hw : b*chw+(ci+1)*hw]
					for oh := 0; oh < g.oh; oh++ {
						d := dst[(b*g.oh+oh)*g.ow : (b*g.oh+oh+1)*g.ow]
						ih := oh*s + i - pad
						if ih < 0 || ih >= g.h || ow0 == ow1 {
							clear(d)
							continue
						}
						clear(d[:ow0])
						clear(d[ow1:])
						src := plane[ih*w:]
						if s == 1 {
							copy(d[ow0:ow1], src[ow0+j-pad:ow1+j-pad])
							continue
						}
						for ow := ow0; ow < ow1; ow++ {
							d[ow] = src[ow*s+j-pad]
						}
					}
				}
			}
		}
	}
}

// col2im is the adjoint of im2col: it adds every element of cols back
// onto the input pixel it was copied from (padding receives nothing), so
// dx = col2im(Wᵀ · dy) is a convolution's input gradient. dx [n, c, h, w]
// is accumulated into, not overwritten.
func (g *geom2d) col2im(dx []float32, cols []float32, ld int, n int) {
	ohw, chw, hw := g.oh*g.ow, g.c*g.h*g.w, g.h*g.w
	s, pad, w := g.stride, g.pad, g.w
	row := 0
	for ci := 0; ci < g.c; ci++ {
		for i := 0; i < g.kh; i++ {
			for j := 0; j < g.kw; j++ {
				ow0, ow1 := g.span(j)
				src := cols[row*ld : row*ld+n*ohw]
				row++
				if ow0 == ow1 {
					continue
				}
				for b := 0; b < n; b++ {
					plane := dx[b*chw+ci*hw : b*chw+(ci+1)*hw]
					for oh := 0; oh < g.oh; oh++ {
						ih := oh*s + i - pad
						if ih < 0 || ih >= g.h {
							continue
						}
						c := src[(b*g.oh+oh)*g.ow : (b*g.oh+oh+1)*g.ow]
						d := plane[ih*w:]
						if s == 1 {
							d = d[ow0+j-pad : ow1+j-pad]
							for k, v := range c[ow0:ow1] {
								d[k] += v
							}
							continue
						}
						for ow := ow0; ow < ow1; ow++ {
							d[ow*s+j-pad] += c[ow]
						}
					}
				}
			}
		}
	}
}
