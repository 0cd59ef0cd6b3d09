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
// is a dot product over the whole chunk, dy being laid out with the padded
// input's sample stride (zeros between output rows and after each sample's
// last). kernels.Dots6x4 computes them six filters by four taps at a time,
// reading each row of dy once per four taps rather than once per tap. The
// filters are padded to a multiple of six with rows of zeros and the last
// block of taps repeats its last tap, whose extra sums are dropped; a
// last block of one or two filters takes one kernels.Dot per weight
// instead, which is fewer multiply-adds than six rows of which four or
// five are padding. For a layer with few filters over few inputs (LeNet's
// first) this beats a GEMM, whose register tile would be mostly padding.
func (e *Engine) weightGrad(ws *workspace, c, s0, nb int) {
	const rows, cols = kernels.DotsRows, kernels.DotsCols
	g := &e.g
	out, k := g.Out, g.In*g.KH*g.KW
	ld, L := e.layout()
	hp, wp := g.H+2*g.Pad, g.W+2*g.Pad
	ss := g.In * hp * wp // sample stride of the padded input
	p := nb * ss
	ohw, chw := e.oh*e.ow, g.In*g.H*g.W
	part := e.part[c*(out*k+out) : (c+1)*(out*k+out)]
	dw, db := part[:out*k], part[out*k:]
	blocked := out / rows * rows // filters computed by Dots6x4
	if out-blocked >= 3 {
		blocked = out
	}
	ws.dyc = grow(ws.dyc, max(out, (blocked+rows-1)/rows*rows)*p) // zero rows pad the last block
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
	tap := func(t int) int { return g.tapOffset(t, hp, wp) }
	e.dotsBlocks(ws, dw[:blocked*k], dyc, p, xp, tap, span)
	for o := blocked; o < out; o++ {
		dyo := dyc[o*p : o*p+span]
		for t := range k {
			off := tap(t)
			dw[o*k+t] = kernels.Dot(dyo, xp[off:off+span])
		}
	}
}

// dotsBlocks sets dw, [rows][k] for a multiple of six rows, to the dot
// products of a's rows (stride lda) with the runs of b at tap(t), n long,
// by kernels.Dots6x4's blocks of six rows by four taps: the last block of
// taps repeats its last tap, whose extra sums are dropped.
func (e *Engine) dotsBlocks(ws *workspace, dw, a []float32, lda int, b []float32, tap func(int) int, n int) {
	const rows, cols = kernels.DotsRows, kernels.DotsCols
	k := e.g.In * e.g.KH * e.g.KW
	out := len(dw) / k
	ws.tile = grow(ws.tile, kernels.DotsLen)
	tile := ws.tile
	for o0 := 0; o0 < out; o0 += rows {
		nr := min(rows, out-o0)
		for t0 := 0; t0 < k; t0 += cols {
			var off [cols]int
			for t := range off {
				off[t] = tap(min(t0+t, k-1))
			}
			kernels.Dots6x4(tile, a[o0*lda:], lda, b, off, n)
			nt := min(cols, k-t0)
			for r := 0; r < nr; r++ {
				copy(dw[(o0+r)*k+t0:(o0+r)*k+t0+nt], tile[r*cols:r*cols+nt])
			}
		}
	}
}
