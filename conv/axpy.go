package conv

import "github.com/corten-ml/corten/kernels"

// The passes of tiny stride-1 convolutions: SIMD axpys (forward) and dot
// products (the weight gradient) over shifted runs of the padded input.

// forwardAxpy computes the output of samples s0..s0+nb-1 of a small
// stride-1 layer without lowering: output row o of the wide product is
//
//	y[o, ·] = Σ_c Σ_i Σ_j W[o, c, i, j] · x_padded[c, i·Wp+j + ·]
//
// Out·In·KH·KW SIMD axpys over the chunk, laid out with the padded input's
// sample stride, both operands in L1. For few filters over few inputs
// (LeNet's first layer: 6 x 1 x 5 x 5) this beats the lowering and a GEMM
// whose register tile would be mostly padding.
func (e *Engine) forwardAxpy(ws *workspace, s0, nb int) {
	g := &e.g
	_, L := e.layout()
	hp, wp := g.H+2*g.Pad, g.W+2*g.Pad
	ss := g.In * hp * wp
	p, span := nb*ss, (nb-1)*ss+L
	chw := g.In * g.H * g.W
	xp, _, _ := e.padChunk(ws, e.x[s0*chw:(s0+nb)*chw], nb)
	ws.yc = grow(ws.yc, g.Out*p)
	w, kk := e.w, g.KH*g.KW
	for o, b := range e.b {
		yo := ws.yc[o*p : o*p+span]
		fill(yo, b)
		for c := 0; c < g.In; c++ {
			for i := 0; i < g.KH; i++ {
				for j := 0; j < g.KW; j++ {
					off := c*hp*wp + i*wp + j
					kernels.Axpy(w[(o*g.In+c)*kk+i*g.KW+j], xp[off:off+span], yo)
				}
			}
		}
	}
	e.scatterOut(ws.yc, p, ss, s0, nb)
}

// weightGrad computes chunk c's parts of dW and db for a stride-1 layer
// without lowering the input: on the padded input, row (c, i, j) of the
// wide lowered matrix is the run of the plane starting at i·Wp + j, so
//
//	dW[o, c, i, j] = Σ dy[o, ·] · x_padded[c, i·Wp+j + ·]
//
// is one SIMD dot product over the whole chunk, dy being laid out with the
// padded input's sample stride (zeros between output rows and after each
// sample's last). For a layer with few filters over few inputs (LeNet's
// first) these Out·In·KH·KW long dot products beat a GEMM, whose register
// tile would be mostly padding.
func (e *Engine) weightGrad(ws *workspace, c, s0, nb int) {
	g := &e.g
	out, k := g.Out, g.In*g.KH*g.KW
	ld, L := e.layout()
	hp, wp := g.H+2*g.Pad, g.W+2*g.Pad
	ss := g.In * hp * wp // sample stride of the padded input
	p := nb * ss
	ohw, chw := e.oh*e.ow, g.In*g.H*g.W
	part := e.part[c*(out*k+out) : (c+1)*(out*k+out)]
	dw, db := part[:out*k], part[out*k:]
	ws.dyc = grow(ws.dyc, out*p)
	dyc, dyd := ws.dyc, e.dy
	clear(dyc)
	ones := e.ones[:ohw]
	for o := 0; o < out; o++ {
		var sum float32
		for s := 0; s < nb; s++ {
			src := dyd[((s0+s)*out+o)*ohw : ((s0+s)*out+o+1)*ohw]
			dst := dyc[o*p+s*ss : o*p+s*ss+L]
			for oh := 0; oh < e.oh; oh++ {
				copy(dst[oh*ld:oh*ld+e.ow], src[oh*e.ow:(oh+1)*e.ow])
			}
			sum += kernels.Dot(src, ones)
		}
		db[o] = sum
	}
	xp, _, _ := e.padChunk(ws, e.x[s0*chw:(s0+nb)*chw], nb)
	span := (nb-1)*ss + L
	for o := 0; o < out; o++ {
		dyo := dyc[o*p : o*p+span]
		w := dw[o*k : (o+1)*k]
		for ci := 0; ci < g.In; ci++ {
			for i := 0; i < g.KH; i++ {
				for j := 0; j < g.KW; j++ {
					off := ci*hp*wp + i*wp + j
					w[(ci*g.KH+i)*g.KW+j] = kernels.Dot(dyo, xp[off:off+span])
				}
			}
		}
	}
}
