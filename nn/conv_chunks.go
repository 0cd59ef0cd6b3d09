package nn

import (
	"github.com/corten-ml/corten/kernels"
	"github.com/corten-ml/corten/parallel"
)

// The chunked passes behind Conv2D.Forward and Backward: splitting a batch
// into L2-sized chunks, sharing them out over the worker pool, and the
// per-chunk lowering, GEMMs and gradient sums.

// run executes a pass over n samples in chunks of about size floats
// (perSample floats each), on up to parallel.Threads() workers.
func (l *Conv2D) run(pass, n, perSample, size int) {
	l.pass = pass
	l.setChunks(n, perSample, size)
	l.nw = max(1, min(parallel.Threads(), l.chunks))
	if pass == passGemm || pass == passDots || pass == passDirectBack {
		l.part = convGrow(l.part, l.chunks*(l.Out*l.In*l.KH*l.KW+l.Out))
	}
	for len(l.work) < l.nw {
		l.work = append(l.work, convWork{})
	}
	l.next.Store(0)
	parallel.Run(l.nw, (*convParts)(l))
	l.equalize()
}

// setChunks splits n samples of perSample floats into chunks of about
// size floats.
func (l *Conv2D) setChunks(n, perSample, size int) {
	l.cs = min(n, max(1, size/perSample))
	l.chunks = (n + l.cs - 1) / l.cs
}

// equalize gives every worker buffers as large as the largest any worker
// needed in this pass, so that a helper that joins a later pass for the
// first time does not allocate: after the first step of a batch size, the
// steady state allocates nothing however the chunks fall.
func (l *Conv2D) equalize() {
	if l.nw <= 1 {
		return
	}
	var m convWork
	ws := l.work[:l.nw]
	for i := range ws {
		m.cols = convLarger(m.cols, ws[i].cols)
		m.yc = convLarger(m.yc, ws[i].yc)
		m.dycT = convLarger(m.dycT, ws[i].dycT)
		m.dyc = convLarger(m.dyc, ws[i].dyc)
		m.dcols = convLarger(m.dcols, ws[i].dcols)
		m.xpad = convLarger(m.xpad, ws[i].xpad)
	}
	for i := range ws {
		ws[i].cols = convGrow(ws[i].cols, cap(m.cols))
		ws[i].yc = convGrow(ws[i].yc, cap(m.yc))
		ws[i].dycT = convGrow(ws[i].dycT, cap(m.dycT))
		ws[i].dyc = convGrow(ws[i].dyc, cap(m.dyc))
		ws[i].dcols = convGrow(ws[i].dcols, cap(m.dcols))
		ws[i].xpad = convGrow(ws[i].xpad, cap(m.xpad))
	}
}

// convLarger returns whichever of a and b has the larger capacity.
func convLarger(a, b []float32) []float32 {
	if cap(b) > cap(a) {
		return b
	}
	return a
}

// sgemm is kernels.Sgemm, or kernels.SgemmSerial while the pass runs on
// several workers, whose GEMMs must not each start the GEMM's own workers
// as well.
func (l *Conv2D) sgemm(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	if l.nw > 1 {
		kernels.SgemmSerial(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}
	kernels.Sgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// convParts runs a Conv2D pass on kernels' workers: part w is worker w,
// which claims chunks until none is left. Its own type keeps RunPart out of
// Conv2D's methods.
type convParts Conv2D

func (p *convParts) RunPart(w int) { (*Conv2D)(p).worker(w) }

// worker claims and runs chunks of the current pass until none is left,
// using worker w's buffers. Each chunk's results depend only on the chunk,
// so it does not matter which worker takes it.
func (l *Conv2D) worker(w int) {
	ws := &l.work[w]
	n := l.x.Dim(0)
	for {
		c := int(l.next.Add(1) - 1)
		if c >= l.chunks {
			return
		}
		s0 := c * l.cs
		nb := min(l.cs, n-s0)
		switch l.pass {
		case passForward:
			l.forwardChunk(ws, s0, nb)
		case passGemm:
			l.backwardChunk(ws, c, s0, nb)
		case passDots:
			l.weightGrad(ws, c, s0, nb)
		case passAxpy:
			l.forwardAxpy(ws, s0, nb)
		case passDirect:
			l.forwardDirect(ws, s0, nb)
		case passDirectBack:
			l.backwardDirect(ws, c, s0, nb)
		}
	}
}

// forwardChunk computes the output of samples s0..s0+nb-1.
func (l *Conv2D) forwardChunk(ws *convWork, s0, nb int) {
	k := l.In * l.KH * l.KW
	_, L := l.layout()
	p := nb * L
	ws.cols = convGrow(ws.cols, k*p)
	ws.yc = convGrow(ws.yc, l.Out*p)
	l.lower(ws, p, s0, nb)
	for o, b := range l.B.Data() { // the bias, added by the GEMM (beta 1)
		convFill(ws.yc[o*p:(o+1)*p], b)
	}
	l.sgemm(false, false, l.Out, p, k, 1, l.W.Data(), k, ws.cols, p, 1, ws.yc, p)
	l.scatterOut(ws.yc, p, L, s0, nb)
}

// forwardAxpy computes the output of samples s0..s0+nb-1 of a small
// stride-1 layer without lowering: output row o of the wide product is
//
//	y[o, ·] = Σ_c Σ_i Σ_j W[o, c, i, j] · x_padded[c, i·Wp+j + ·]
//
// Out·In·KH·KW SIMD axpys over the chunk, laid out with the padded input's
// sample stride, both operands in L1. For few filters over few inputs
// (LeNet's first layer: 6 x 1 x 5 x 5) this beats the lowering and a GEMM
// whose register tile would be mostly padding.
func (l *Conv2D) forwardAxpy(ws *convWork, s0, nb int) {
	g := &l.g
	_, L := l.layout()
	hp, wp := g.h+2*g.pad, g.w+2*g.pad
	ss := l.In * hp * wp
	p, span := nb*ss, (nb-1)*ss+L
	chw := l.In * g.h * g.w
	xp, _, _ := l.padChunk(ws, l.x.Data()[s0*chw:(s0+nb)*chw], nb)
	ws.yc = convGrow(ws.yc, l.Out*p)
	w, kk := l.W.Data(), l.KH*l.KW
	for o, b := range l.B.Data() {
		yo := ws.yc[o*p : o*p+span]
		convFill(yo, b)
		for c := 0; c < l.In; c++ {
			for i := 0; i < l.KH; i++ {
				for j := 0; j < l.KW; j++ {
					off := c*hp*wp + i*wp + j
					kernels.Axpy(w[(o*l.In+c)*kk+i*l.KW+j], xp[off:off+span], yo)
				}
			}
		}
	}
	l.scatterOut(ws.yc, p, ss, s0, nb)
}

// backwardChunk computes chunk c's parts of dW and db and, unless skipped,
// its samples' dx.
func (l *Conv2D) backwardChunk(ws *convWork, c, s0, nb int) {
	k := l.In * l.KH * l.KW
	_, L := l.layout()
	p := nb * L
	part := l.part[c*(l.Out*k+l.Out) : (c+1)*(l.Out*k+l.Out)]
	ws.cols = convGrow(ws.cols, k*p)
	ws.dycT = convGrow(ws.dycT, p*l.Out)
	var dyc []float32
	if !l.skipDx {
		ws.dyc = convGrow(ws.dyc, l.Out*p)
		dyc = ws.dyc
	}
	l.gatherGrad(ws.dycT, dyc, part[l.Out*k:], p, s0, nb)
	l.lower(ws, p, s0, nb)
	// dWᵀ [K, Out] = cols · dycT: the large operand, cols, is read in
	// place by the GEMM (few kernel calls share its slivers, Out being
	// small), and dycT is packed by plain copies.
	l.sgemm(false, false, k, l.Out, p, 1, ws.cols, p, ws.dycT, l.Out, 0, part[:l.Out*k], l.Out)
	if l.skipDx {
		return
	}
	ws.dcols = convGrow(ws.dcols, k*p)
	l.sgemm(true, false, k, p, l.Out, 1, l.W.Data(), k, dyc, p, 0, ws.dcols, p)
	l.raise(ws, p, s0, nb)
}

// lower writes the lowered matrix of samples s0..s0+nb-1 of the input into
// ws.cols (row stride p = nb·L).
func (l *Conv2D) lower(ws *convWork, p, s0, nb int) {
	g := &l.g
	chw := l.In * g.h * g.w
	xs := l.x.Data()[s0*chw : (s0+nb)*chw]
	cols := ws.cols
	if l.Stride != 1 {
		g.im2col(cols, p, xs, nb)
		return
	}
	// Wide lowering (see layout): row (c, i, j), sample s is the padded
	// plane (s, c) from offset i·Wp + j, L values long.
	_, L := l.layout()
	src, hp, wp := l.padChunk(ws, xs, nb)
	row := 0
	for c := 0; c < l.In; c++ {
		for i := 0; i < l.KH; i++ {
			for j := 0; j < l.KW; j++ {
				dst := cols[row*p : (row+1)*p]
				row++
				for s := 0; s < nb; s++ {
					o := (s*l.In+c)*hp*wp + i*wp + j
					copy(dst[s*L:(s+1)*L], src[o:o+L])
				}
			}
		}
	}
}

// padChunk returns nb samples xs [nb, In, H, W] with Pad zeros around each
// plane, [nb, In, Hp, Wp], in ws.xpad (xs itself without padding), and
// Hp, Wp.
func (l *Conv2D) padChunk(ws *convWork, xs []float32, nb int) (src []float32, hp, wp int) {
	g := &l.g
	if g.pad == 0 {
		return xs, g.h, g.w
	}
	hp, wp = g.h+2*g.pad, g.w+2*g.pad
	ws.xpad = convGrow(ws.xpad, nb*l.In*hp*wp)
	xp := ws.xpad
	clear(xp)
	for pl := 0; pl < nb*l.In; pl++ {
		for r := 0; r < g.h; r++ {
			o := pl*hp*wp + (r+g.pad)*wp + g.pad
			copy(xp[o:o+g.w], xs[(pl*g.h+r)*g.w:(pl*g.h+r+1)*g.w])
		}
	}
	return xp, hp, wp
}

// scatterOut copies the product yc [Out, nb, positions] (row stride p,
// sample stride ss), bias included, into samples s0.. of the output
// [N, Out, OH, OW].
func (l *Conv2D) scatterOut(yc []float32, p, ss, s0, nb int) {
	g := &l.g
	ld, L := l.layout()
	ohw := g.oh * g.ow
	yd := l.y.cur.Data()
	for o := 0; o < l.Out; o++ {
		for s := 0; s < nb; s++ {
			src := yc[o*p+s*ss : o*p+s*ss+L]
			dst := yd[((s0+s)*l.Out+o)*ohw : ((s0+s)*l.Out+o+1)*ohw]
			if ld == g.ow {
				copy(dst, src)
				continue
			}
			for oh := 0; oh < g.oh; oh++ {
				copy(dst[oh*g.ow:(oh+1)*g.ow], src[oh*ld:])
			}
		}
	}
}

// convFill sets every element of x to v.
func convFill(x []float32, v float32) {
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
func (l *Conv2D) gatherGrad(dycT, dyc, db []float32, p, s0, nb int) {
	g := &l.g
	ld, L := l.layout()
	ohw, out := g.oh*g.ow, l.Out
	dyd := l.dy.Data()
	dycT = dycT[:p*out]
	if ld != g.ow {
		clear(dycT)
	}
	clear(db)
	for s := 0; s < nb; s++ {
		src := dyd[(s0+s)*out*ohw : (s0+s+1)*out*ohw] // [Out, OH·OW]
		for oh := 0; oh < g.oh; oh++ {
			// One output row of every channel, written position by
			// position: Out consecutive floats each.
			t := dycT[(s*L+oh*ld)*out : (s*L+oh*ld+g.ow)*out]
			for o := 0; o < out; o++ {
				row := src[o*ohw+oh*g.ow : o*ohw+(oh+1)*g.ow]
				for i, v := range row {
					t[i*out+o] = v
				}
			}
		}
		// The bias gradient by SIMD sums (a float sum in a loop would
		// wait on each addition's latency).
		ones := l.ones[:ohw]
		for o := range db {
			db[o] += kernels.Dot(src[o*ohw:(o+1)*ohw], ones)
		}
		if dyc == nil {
			continue
		}
		for o := 0; o < out; o++ {
			dst := dyc[o*p+s*L : o*p+(s+1)*L]
			for oh := 0; oh < g.oh; oh++ {
				copy(dst[oh*ld:oh*ld+g.ow], src[o*ohw+oh*g.ow:o*ohw+(oh+1)*g.ow])
				if oh+1 < g.oh {
					clear(dst[oh*ld+g.ow : (oh+1)*ld])
				}
			}
		}
	}
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
func (l *Conv2D) weightGrad(ws *convWork, c, s0, nb int) {
	g := &l.g
	out, k := l.Out, l.In*l.KH*l.KW
	ld, L := l.layout()
	hp, wp := g.h+2*g.pad, g.w+2*g.pad
	ss := l.In * hp * wp // sample stride of the padded input
	p := nb * ss
	ohw, chw := g.oh*g.ow, l.In*g.h*g.w
	part := l.part[c*(out*k+out) : (c+1)*(out*k+out)]
	dw, db := part[:out*k], part[out*k:]
	ws.dyc = convGrow(ws.dyc, out*p)
	dyc, dyd := ws.dyc, l.dy.Data()
	clear(dyc)
	ones := l.ones[:ohw]
	for o := 0; o < out; o++ {
		var sum float32
		for s := 0; s < nb; s++ {
			src := dyd[((s0+s)*out+o)*ohw : ((s0+s)*out+o+1)*ohw]
			dst := dyc[o*p+s*ss : o*p+s*ss+L]
			for oh := 0; oh < g.oh; oh++ {
				copy(dst[oh*ld:oh*ld+g.ow], src[oh*g.ow:(oh+1)*g.ow])
			}
			sum += kernels.Dot(src, ones)
		}
		db[o] = sum
	}
	xp, _, _ := l.padChunk(ws, l.x.Data()[s0*chw:(s0+nb)*chw], nb)
	span := (nb-1)*ss + L
	for o := 0; o < out; o++ {
		dyo := dyc[o*p : o*p+span]
		w := dw[o*k : (o+1)*k]
		for ci := 0; ci < l.In; ci++ {
			for i := 0; i < l.KH; i++ {
				for j := 0; j < l.KW; j++ {
					off := ci*hp*wp + i*wp + j
					w[(ci*l.KH+i)*l.KW+j] = kernels.Dot(dyo, xp[off:off+span])
				}
			}
		}
	}
}

// raise is col2im for samples s0..s0+nb-1: it sets their part of dx from
// the lowered gradient ws.dcols (row stride p).
func (l *Conv2D) raise(ws *convWork, p, s0, nb int) {
	g := &l.g
	chw := l.In * g.h * g.w
	dxs := l.dx.cur.Data()[s0*chw : (s0+nb)*chw]
	dcols := ws.dcols
	if l.Stride != 1 {
		clear(dxs)
		g.col2im(dxs, dcols, p, nb)
		return
	}
	// Wide col2im: each row and sample adds onto one run of the padded
	// plane (the padding columns of dcols are zero).
	_, L := l.layout()
	dst, hp, wp := dxs, g.h, g.w
	if g.pad > 0 {
		hp, wp = g.h+2*g.pad, g.w+2*g.pad
		ws.xpad = convGrow(ws.xpad, nb*l.In*hp*wp)
		dst = ws.xpad
	}
	clear(dst)
	row := 0
	for c := 0; c < l.In; c++ {
		for i := 0; i < l.KH; i++ {
			for j := 0; j < l.KW; j++ {
				src := dcols[row*p : (row+1)*p]
				row++
				for s := 0; s < nb; s++ {
					o := (s*l.In+c)*hp*wp + i*wp + j
					d := dst[o : o+L]
					kernels.Add(d, d, src[s*L:(s+1)*L])
				}
			}
		}
	}
	if g.pad > 0 {
		for pl := 0; pl < nb*l.In; pl++ {
			for r := 0; r < g.h; r++ {
				o := pl*hp*wp + (r+g.pad)*wp + g.pad
				copy(dxs[(pl*g.h+r)*g.w:(pl*g.h+r+1)*g.w], dst[o:o+g.w])
			}
		}
	}
}
