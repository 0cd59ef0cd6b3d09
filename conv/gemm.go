package conv

import "github.com/corten-ml/corten/kernels"

// The lowered passes: a chunk of samples is lowered to a matrix (im2col,
// or the wide lowering of stride 1; see layout) and multiplied by the
// weights on the packed GEMM; backward takes dW from the same lowering and
// dx = col2im(Wᵀ·dy).

// forwardChunk computes the output of samples s0..s0+nb-1.
func (e *Engine) forwardChunk(ws *workspace, s0, nb int) {
	g := &e.g
	k := g.In * g.KH * g.KW
	_, L := e.layout()
	p := nb * L
	ws.cols = grow(ws.cols, k*p)
	ws.yc = grow(ws.yc, g.Out*p)
	e.lower(ws, p, s0, nb)
	for o, b := range e.b { // the bias, added by the GEMM (beta 1)
		fill(ws.yc[o*p:(o+1)*p], b)
	}
	e.sgemm(false, false, g.Out, p, k, 1, e.w, k, ws.cols, p, 1, ws.yc, p)
	e.scatterOut(ws.yc, p, L, s0, nb)
}

// backwardChunk computes chunk c's parts of dW and db and, unless skipped,
// its samples' dx.
func (e *Engine) backwardChunk(ws *workspace, c, s0, nb int) {
	g := &e.g
	k := g.In * g.KH * g.KW
	_, L := e.layout()
	p := nb * L
	part := e.part[c*(g.Out*k+g.Out) : (c+1)*(g.Out*k+g.Out)]
	ws.cols = grow(ws.cols, k*p)
	ws.dycT = grow(ws.dycT, p*g.Out)
	var dyc []float32
	if !e.skipDx {
		ws.dyc = grow(ws.dyc, g.Out*p)
		dyc = ws.dyc
	}
	e.gatherGrad(ws.dycT, dyc, part[g.Out*k:], p, s0, nb)
	e.lower(ws, p, s0, nb)
	// dWᵀ [K, Out] = cols · dycT: the large operand, cols, is read in
	// place by the GEMM (few kernel calls share its slivers, Out being
	// small), and dycT is packed by plain copies.
	e.sgemm(false, false, k, g.Out, p, 1, ws.cols, p, ws.dycT, g.Out, 0, part[:g.Out*k], g.Out)
	if e.skipDx {
		return
	}
	ws.dcols = grow(ws.dcols, k*p)
	e.sgemm(true, false, k, p, g.Out, 1, e.w, k, dyc, p, 0, ws.dcols, p)
	e.raise(ws, p, s0, nb)
}

// lower writes the lowered matrix of samples s0..s0+nb-1 of the input into
// ws.cols (row stride p = nb·L).
func (e *Engine) lower(ws *workspace, p, s0, nb int) {
	g := &e.g
	chw := g.In * g.H * g.W
	xs := e.x[s0*chw : (s0+nb)*chw]
	cols := ws.cols
	if g.Stride != 1 {
		g.im2col(cols, p, xs, nb)
		return
	}
	// Wide lowering (see layout): row (c, i, j), sample s is the padded
	// plane (s, c) from offset i·Wp + j, L values long.
	_, L := e.layout()
	src, hp, wp := e.padChunk(ws, xs, nb)
	row := 0
	for c := 0; c < g.In; c++ {
		for i := 0; i < g.KH; i++ {
			for j := 0; j < g.KW; j++ {
				dst := cols[row*p : (row+1)*p]
				row++
				for s := 0; s < nb; s++ {
					o := (s*g.In+c)*hp*wp + i*wp + j
					copy(dst[s*L:(s+1)*L], src[o:o+L])
				}
			}
		}
	}
}

// padChunk returns nb samples xs [nb, In, H, W] with Pad zeros around each
// plane, [nb, In, Hp, Wp], in ws.xpad (xs itself without padding), and
// Hp, Wp.
func (e *Engine) padChunk(ws *workspace, xs []float32, nb int) (src []float32, hp, wp int) {
	g := &e.g
	if g.Pad == 0 {
		return xs, g.H, g.W
	}
	hp, wp = g.H+2*g.Pad, g.W+2*g.Pad
	ws.xpad = grow(ws.xpad, nb*g.In*hp*wp)
	xp := ws.xpad
	clear(xp)
	for pl := 0; pl < nb*g.In; pl++ {
		for r := 0; r < g.H; r++ {
			o := pl*hp*wp + (r+g.Pad)*wp + g.Pad
			copy(xp[o:o+g.W], xs[(pl*g.H+r)*g.W:(pl*g.H+r+1)*g.W])
		}
	}
	return xp, hp, wp
}

// scatterOut copies the product yc [Out, nb, positions] (row stride p,
// sample stride ss), bias included, into samples s0.. of the output
// [N, Out, OH, OW].
func (e *Engine) scatterOut(yc []float32, p, ss, s0, nb int) {
	g := &e.g
	ld, L := e.layout()
	ohw := e.oh * e.ow
	yd := e.y
	for o := 0; o < g.Out; o++ {
		for s := 0; s < nb; s++ {
			src := yc[o*p+s*ss : o*p+s*ss+L]
			dst := yd[((s0+s)*g.Out+o)*ohw : ((s0+s)*g.Out+o+1)*ohw]
			if ld == e.ow {
				copy(dst, src)
				continue
			}
			for oh := 0; oh < e.oh; oh++ {
				copy(dst[oh*e.ow:(oh+1)*e.ow], src[oh*ld:])
			}
		}
	}
}

// fill sets every element of x to v.
func fill(x []float32, v float32) {
	if len(x) == 0 {
		return
	}
	x[0] = v
	for n := 1; n < len(x); n *= 2 {
		copy(x[n:], x[:n])
	}
}

// gatherGrad copies samples s0.. of dy [N, Out, OH, OW] into dycT
// [positions, Out] and, when dyc is not nil, into dyc [Out, positions]
// (row stride p), with zeros at the padding positions, and sets db to the
// chunk's bias gradient. dycT is the layout in which the GEMM for dW reads
// dy without a transposing pack; dyc the one for dx.
func (e *Engine) gatherGrad(dycT, dyc, db []float32, p, s0, nb int) {
	g := &e.g
	ld, L := e.layout()
	ohw, out := e.oh*e.ow, g.Out
	dyd := e.dy
	dycT = dycT[:p*out]
	if ld != e.ow {
		clear(dycT)
	}
	clear(db)
	for s := 0; s < nb; s++ {
		src := dyd[(s0+s)*out*ohw : (s0+s+1)*out*ohw] // [Out, OH·OW]
		for oh := 0; oh < e.oh; oh++ {
			// One output row of every channel, written position by
			// position: Out consecutive floats each.
			t := dycT[(s*L+oh*ld)*out : (s*L+oh*ld+e.ow)*out]
			for o := 0; o < out; o++ {
				row := src[o*ohw+oh*e.ow : o*ohw+(oh+1)*e.ow]
				for i, v := range row {
					t[i*out+o] = v
				}
			}
		}
		// The bias gradient by SIMD sums (a float sum in a loop would
		// wait on each addition's latency).
		ones := e.ones[:ohw]
		for o := range db {
			db[o] += kernels.Dot(src[o*ohw:(o+1)*ohw], ones)
		}
		if dyc == nil {
			continue
		}
		for o := 0; o < out; o++ {
			dst := dyc[o*p+s*L : o*p+(s+1)*L]
			for oh := 0; oh < e.oh; oh++ {
				copy(dst[oh*ld:oh*ld+e.ow], src[o*ohw+oh*e.ow:o*ohw+(oh+1)*e.ow])
				if oh+1 < e.oh {
					clear(dst[oh*ld+e.ow : (oh+1)*ld])
				}
			}
		}
	}
}

// raise is col2im for samples s0..s0+nb-1: it sets their part of dx from
// the lowered gradient ws.dcols (row stride p).
func (e *Engine) raise(ws *workspace, p, s0, nb int) {
	g := &e.g
	chw := g.In * g.H * g.W
	dxs := e.dx[s0*chw : (s0+nb)*chw]
	dcols := ws.dcols
	if g.Stride != 1 {
		clear(dxs)
		g.col2im(dxs, dcols, p, nb)
		return
	}
	// Wide col2im: each row and sample adds onto one run of the padded
	// plane (the padding columns of dcols are zero).
	_, L := e.layout()
	dst, hp, wp := dxs, g.H, g.W
	if g.Pad > 0 {
		hp, wp = g.H+2*g.Pad, g.W+2*g.Pad
		ws.xpad = grow(ws.xpad, nb*g.In*hp*wp)
		dst = ws.xpad
	}
	clear(dst)
	row := 0
	for c := 0; c < g.In; c++ {
		for i := 0; i < g.KH; i++ {
			for j := 0; j < g.KW; j++ {
				src := dcols[row*p : (row+1)*p]
				row++
				for s := 0; s < nb; s++ {
					o := (s*g.In+c)*hp*wp + i*wp + j
					d := dst[o : o+L]
					kernels.Add(d, d, src[s*L:(s+1)*L])
				}
			}
		}
	}
	if g.Pad > 0 {
		for pl := 0; pl < nb*g.In; pl++ {
			for r := 0; r < g.H; r++ {
				o := pl*hp*wp + (r+g.Pad)*wp + g.Pad
				copy(dxs[(pl*g.H+r)*g.W:(pl*g.H+r+1)*g.W], dst[o:o+g.W])
			}
		}
	}
}
