package nn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/corten-ml/corten/kernels"
	"github.com/corten-ml/corten/tensor"
)

// Conv2D is a 2-D convolution (strictly, a cross-correlation, as in every
// framework) over NCHW batches, with zero padding and a bias:
//
//	y[n, o, p, q] = b[o] + Σ_c Σ_i Σ_j W[o, c, i, j] · x[n, c, p·s+i-pad, q·s+j-pad]
//
// W is stored [Out, In, KH, KW] and b [Out], PyTorch's nn.Conv2d layout, so
// a state_dict moves between corten and PyTorch unchanged.
//
// Forward lowers the input with im2col to a matrix of In·KH·KW rows and a
// column per output position (see layout) and multiplies it by the weights
// on the packed SIMD GEMM (kernels.Sgemm), adding the bias as the result is
// written out in NCHW order. Backward uses the same lowering: dW += dy·colsᵀ
// and, unless skipped, dx = col2im(Wᵀ·dy); db += Σ dy. A stride-1 layer with
// few filters over few inputs (LeNet's first, 6 x 1 x 5 x 5) skips the
// lowering: its forward pass is a sum of SIMD axpys and, as a first layer,
// its dW a set of SIMD dot products over shifted views of the padded input
// (forwardAxpy, weightGrad), where a GEMM's register tile would be mostly
// padding.
//
// Both passes work on chunks of a few samples whose lowered matrix (256
// KiB) stays in L2 cache; Backward lowers each chunk again rather than keep
// the whole batch's. Chunks are spread over up to kernels.Threads()
// goroutines (whose GEMMs then run serially), and the per-chunk parts of dW
// and db are summed in chunk order, so results do not depend on the number
// of threads.
type Conv2D struct {
	In, Out     int // input and output channels
	KH, KW      int // kernel size
	Stride, Pad int // step of the window, and zero padding on every side
	W, B        *tensor.Tensor
	DW, DB      *tensor.Tensor

	g      geom2d
	skipDx bool
	x      *tensor.Tensor // last input
	dy     *tensor.Tensor // gradient being propagated
	ones   []float32      // OH·OW ones, for the bias gradient's sums
	y, dx  buffer

	// The pass in progress, shared by its workers.
	pass   int          // passForward, passGemm, passDots, passAxpy, passDirect or passDirectBack
	cs     int          // samples per chunk
	chunks int          // number of chunks
	nw     int          // number of workers
	part   []float32    // per chunk: its dW (layout of the pass) and db
	work   []convWork   // per worker buffers
	next   atomic.Int64 // next unclaimed chunk
	dir    convPlan     // direct convolution (conv_direct.go)
}

const (
	passForward = iota
	passGemm    // backward: dW by GEMM on the lowered input, dx by col2im
	passDots    // backward: dW by dot products on the padded input
	passAxpy    // forward by axpys on the padded input
	passDirect  // forward by register tiles on the padded input
	// backward: dW by register tiles on the padded input, dx by col2im
	passDirectBack
)

// convWork is one worker's chunk buffers.
type convWork struct {
	cols  []float32 // lowered input [In·KH·KW, positions]
	yc    []float32 // W·cols [Out, positions]
	dycT  []float32 // dy as [positions, Out]
	dyc   []float32 // dy as [Out, positions]
	dcols []float32 // Wᵀ·dyc [In·KH·KW, positions]
	xpad  []float32 // zero-padded input (or input gradient)
	tile  []float32 // one register tile of the direct weight gradient
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
// trains LeNet-5 on MNIST to a better accuracy in 10 epochs (99.1-99.2%
// against 98.9-99.0% measured, with Adam and a cosine schedule).
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

func (l *Conv2D) geom() *geom2d {
	l.g.c, l.g.kh, l.g.kw, l.g.stride, l.g.pad = l.In, l.KH, l.KW, l.Stride, l.Pad
	return &l.g
}

// layout returns how the lowered matrix lays out one sample's output
// positions: q(oh, ow) = oh·ld + ow within a block of L columns.
//
// With stride 1 the lowering is "wide": positions are numbered on the rows
// of the (padded) input, ld = Wp = W + 2·Pad, so that row (c, i, j) of the
// lowered matrix is one contiguous run of the padded input plane, starting
// at i·Wp + j: im2col is one copy and col2im one vector add per row and
// sample instead of one per output row. The Wp - OW columns between output
// rows are padding of the product: computed and dropped in Forward, zero in
// Backward. Other strides use the dense numbering, ld = OW.
func (l *Conv2D) layout() (ld, L int) {
	g := &l.g
	if l.Stride == 1 {
		wp := g.w + 2*g.pad
		return wp, (g.oh-1)*wp + g.ow
	}
	return g.ow, g.oh * g.ow
}

// chunkFloats is the size, in floats, of a chunk's lowered matrix: 256 KiB,
// so that it stays in L2 between being written by im2col and read by the
// GEMM (and the GEMM's output likewise). Tests lower it to exercise several
// chunks on small shapes.
var chunkFloats = 64 << 10

// convDotMax is the largest Out·In·KH·KW for which a stride-1 layer's
// forward pass is computed by axpys (forwardAxpy) and, in a first layer (no
// dx), the weight gradient by dot products (weightGrad), rather than by a
// GEMM on the lowered input. Tests change it to check both.
var convDotMax = 512

// convDotsFloats is the size, in floats, of a chunk of dy and padded input
// for those dot products (64 KiB).
const convDotsFloats = 16 << 10

// convGrow returns s resized to n floats, reallocated if too small.
func convGrow(s []float32, n int) []float32 {
	if cap(s) < n {
		return make([]float32, n)
	}
	return s[:n]
}

// Forward computes the convolution of x [N, In, H, W] and returns y
// [N, Out, OH, OW], OH = (H + 2·Pad - KH)/Stride + 1 (rounded down) and
// likewise OW.
func (l *Conv2D) Forward(x *tensor.Tensor) *tensor.Tensor {
	g := l.geom()
	g.setInput("Conv2D", x)
	l.x = x
	l.y.get(x.Dim(0), l.Out, g.oh, g.ow)
	_, L := l.layout()
	if l.direct() {
		ss := l.In * (g.h + 2*g.pad) * (g.w + 2*g.pad)
		l.setChunks(x.Dim(0), ss, convDirectFloats)
		l.plan(l.cs)
		l.run(passDirect, x.Dim(0), ss, convDirectFloats)
	} else if k := l.In * l.KH * l.KW; l.Stride == 1 && l.Out*k <= convDotMax {
		hp, wp := g.h+2*g.pad, g.w+2*g.pad
		l.run(passAxpy, x.Dim(0), (l.Out+l.In)*l.In*hp*wp, min(chunkFloats, convDotsFloats))
	} else {
		l.run(passForward, x.Dim(0), k*L, chunkFloats)
	}
	return l.y.cur
}

// Backward accumulates dW += dy·colsᵀ and db += the sum of dy over the
// batch and positions, and returns dx = col2im(Wᵀ·dy) (nil when the input
// gradient is skipped).
func (l *Conv2D) Backward(dy *tensor.Tensor) *tensor.Tensor {
	if l.y.cur == nil {
		panic("nn: Conv2D: Backward before Forward")
	}
	mustSameShape("Conv2D", "gradient", dy, l.y.cur)
	g := &l.g
	l.dy = dy
	if ohw := g.oh * g.ow; len(l.ones) < ohw {
		l.ones = make([]float32, ohw)
		for i := range l.ones {
			l.ones[i] = 1
		}
	}
	k := l.In * l.KH * l.KW
	_, L := l.layout()
	var dx *tensor.Tensor
	if !l.skipDx {
		dx = l.dx.get(l.x.Shape()...)
	}
	if l.direct() && l.dir.pxc {
		ss := l.In * (g.h + 2*g.pad) * (g.w + 2*g.pad)
		l.setChunks(dy.Dim(0), ss, convDirectFloats)
		l.plan(l.cs)
		l.run(passDirectBack, dy.Dim(0), ss, convDirectFloats)
	} else if l.skipDx && l.Stride == 1 && l.Out*k <= convDotMax {
		hp, wp := g.h+2*g.pad, g.w+2*g.pad
		// Small chunks: the dot products stream both operands, and do so
		// faster from L1 than from L2.
		l.run(passDots, dy.Dim(0), (l.Out+l.In)*l.In*hp*wp, min(chunkFloats, convDotsFloats))
	} else {
		l.run(passGemm, dy.Dim(0), k*L, chunkFloats)
	}
	// Sum the chunks' parts in order.
	dw, db := l.DW.Data(), l.DB.Data()
	stride := l.Out*k + l.Out
	for c := 0; c < l.chunks; c++ {
		part := l.part[c*stride : (c+1)*stride]
		if l.pass == passDots {
			kernels.Add(dw, dw, part[:l.Out*k]) // [Out, K]
		} else {
			for o := 0; o < l.Out; o++ { // [K, Out]
				row := dw[o*k : (o+1)*k]
				for i := range row {
					row[i] += part[i*l.Out+o]
				}
			}
		}
		kernels.Add(db, db, part[l.Out*k:])
	}
	l.dy = nil
	return dx
}

// run executes a pass over n samples in chunks of about size floats
// (perSample floats each), on up to kernels.Threads() workers.
func (l *Conv2D) run(pass, n, perSample, size int) {
	l.pass = pass
	l.setChunks(n, perSample, size)
	l.nw = max(1, min(kernels.Threads(), l.chunks))
	if pass == passGemm || pass == passDots || pass == passDirectBack {
		l.part = convGrow(l.part, l.chunks*(l.Out*l.In*l.KH*l.KW+l.Out))
	}
	for len(l.work) < l.nw {
		l.work = append(l.work, convWork{})
	}
	l.next.Store(0)
	kernels.Parallel(l.nw, (*convParts)(l))
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

// SkipInputGrad makes Backward skip dx, as for the first layer.
func (l *Conv2D) SkipInputGrad(skip bool) { l.skipDx = skip }

// Params returns the weight [Out, In, KH, KW] and the bias [Out].
func (l *Conv2D) Params() []Param {
	return []Param{{"weight", l.W, l.DW}, {"bias", l.B, l.DB}}
}

// Spec returns "conv2d(in,out,k)" followed by stride=s and padding=p where
// they differ from 1 and 0.
func (l *Conv2D) Spec() string {
	s := fmt.Sprintf("conv2d(%d,%d,%d", l.In, l.Out, l.KH)
	if l.Stride != 1 {
		s += fmt.Sprintf(",stride=%d", l.Stride)
	}
	if l.Pad != 0 {
		s += fmt.Sprintf(",padding=%d", l.Pad)
	}
	return s + ")"
}

func init() {
	RegisterLayer("conv2d", buildConv2D)
}

// buildConv2D parses conv2d(in,out,kernel[,stride[,padding]]) with
// PyTorch's argument order; stride, padding (or pad) and init may also be
// given as name=value. Without init=<scheme> the layer gets PyTorch's
// default initialisation (see Conv).
func buildConv2D(args []string, rng *rand.Rand) (Layer, error) {
	v, init, err := parseWindowArgs("conv2d", args, []string{"in", "out", "kernel", "stride", "padding"}, 3)
	if err != nil {
		return nil, err
	}
	stride, pad := 1, 0
	if s, ok := v["stride"]; ok {
		stride = s
	}
	if p, ok := v["padding"]; ok {
		pad = p
	}
	if init < 0 {
		return Conv(v["in"], v["out"], v["kernel"], stride, pad, rng), nil
	}
	return NewConv2D(v["in"], v["out"], v["kernel"], stride, pad, init, rng), nil
}

// parseWindowArgs reads the integer arguments of a convolution or pooling
// spec: positional ones in the order of names (the first required of them
// mandatory), then name=value pairs for any of names, "pad" standing for
// "padding", and init=<scheme> (returned separately; -1 when absent).
// Every size must be positive, except padding, which may be 0.
func parseWindowArgs(layer string, args []string, names []string, required int) (map[string]int, Init, error) {
	vals := map[string]int{}
	init := Init(-1)
	known := func(name string) bool {
		for _, n := range names {
			if n == name {
				return true
			}
		}
		return false
	}
	keyword := false
	for i, a := range args {
		name, val, isKw := strings.Cut(a, "=")
		if !isKw {
			if keyword {
				return nil, 0, fmt.Errorf("%s: positional argument %q after a name=value argument", layer, a)
			}
			if i >= len(names) {
				return nil, 0, fmt.Errorf("%s takes at most %d arguments (%s), got %d", layer, len(names), strings.Join(names, ","), len(args))
			}
			name, val = names[i], a
		} else {
			keyword = true
			name = strings.ToLower(name)
			if name == "pad" {
				name = "padding"
			}
			if name == "init" && layer == "conv2d" {
				var ok bool
				if init, ok = parseInit(val); !ok {
					return nil, 0, fmt.Errorf("%s: unknown init %q", layer, val)
				}
				continue
			}
			if !known(name) {
				return nil, 0, fmt.Errorf("%s: unknown argument %q", layer, name)
			}
		}
		if _, dup := vals[name]; dup {
			return nil, 0, fmt.Errorf("%s: %s given twice", layer, name)
		}
		var n int
		var err error
		if name == "padding" {
			n, err = strconv.Atoi(val)
			if err != nil || n < 0 || n > 1<<20 {
				err = fmt.Errorf("%q is not a non-negative padding", val)
			}
		} else {
			n, err = PositiveInt(val)
		}
		if err != nil {
			return nil, 0, fmt.Errorf("%s: %s: %w", layer, name, err)
		}
		vals[name] = n
	}
	for _, n := range names[:required] {
		if _, ok := vals[n]; !ok {
			return nil, 0, fmt.Errorf("%s: missing %s (want %s(%s))", layer, n, layer, strings.Join(names, ","))
		}
	}
	return vals, init, nil
}
