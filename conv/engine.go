package conv

import (
	"fmt"
	"sync/atomic"

	"github.com/corten-ml/corten/kernels"
)

// Engine computes the passes of a convolution of one Geometry over NCHW
// batches held in slices:
//
//	y[n, o, p, q] = b[o] + Σ_c Σ_i Σ_j w[o, c, i, j] · x[n, c, p·s+i-pad, q·s+j-pad]
//
// with w stored [Out, In, KH, KW] and b [Out]. It chooses how to compute
// each pass (see the package documentation) and owns the buffers the
// passes need: after the first passes of a batch size it allocates
// nothing. Its zero value is ready for SetGeometry. An Engine runs one pass
// at a time; it is not for concurrent use.
type Engine struct {
	g      Geometry
	oh, ow int  // output size of g
	ready  bool // g has been set
	ones   []float32

	// The pass in progress, shared by its workers.
	x, y, w, b []float32 // input, output, weights, bias
	dy, dx     []float32 // output and input gradients
	n          int       // samples
	skipDx     bool      // no input gradient
	pass       pass
	cs         int          // samples per chunk
	chunks     int          // number of chunks
	nw         int          // number of workers
	part       []float32    // per chunk: its dW (layout of the pass) and db
	partT      []float32    // a chunk's dW transposed to [Out, K]
	work       []workspace  // per worker buffers
	next       atomic.Int64 // next unclaimed chunk
	dir        directPlan   // direct convolution (direct.go)
	win        windowPlan   // window convolution (window.go)
	dxp        dxPlan       // input gradient as a convolution (transposed.go)
	lanesDx    lanesPlan    // input gradient in sample lanes (lanes.go)
	lanesFw    lanesPlan    // forward pass in sample lanes (lanes.go)
}

// pass is one way of computing a forward or a backward pass.
type pass int

const (
	passGemm       pass = iota // forward: GEMM on the lowered input
	passGemmBack               // backward: dW by GEMM on the lowered input, dx by col2im
	passAxpy                   // forward by axpys on the padded input (axpy.go)
	passDots                   // backward: dW by dot products on the padded input (axpy.go)
	passDirect                 // forward by register tiles on the padded input (direct.go)
	passDirectBack             // backward: dW by register tiles on the padded input, dx by col2im
	passWindow                 // forward by 5 x 5 windows of positions (window.go)
	passWindowBack             // backward: dW by 5 x 5 windows of taps, dx by col2im
	passLanesDx                // dx alone, sixteen samples in the lanes (lanes.go)
	passLanes                  // forward, sixteen samples in the lanes (lanes.go)
	passLanesDW                // backward: dW alone, sixteen samples in the lanes (lanes_dw.go)
)

var passNames = [...]string{"gemm", "gemm-back", "axpy", "dots", "direct", "direct-back", "window", "window-back", "lanes-dx", "lanes", "lanes-dw"}

func (p pass) String() string { return passNames[p] }

// workspace is one worker's chunk buffers.
type workspace struct {
	cols  []float32 // lowered input [In·KH·KW, positions]
	yc    []float32 // W·cols [Out, positions]
	dycT  []float32 // dy as [positions, Out]
	dyc   []float32 // dy as [Out, positions]
	dcols []float32 // Wᵀ·dyc [In·KH·KW, positions]
	xpad  []float32 // zero-padded input (or input gradient)
	tile  []float32 // one register tile of the direct weight gradient
	dxl   []float32 // a group's output (y or dx) with the samples in the lanes
	// A group's source with the samples in the lanes, for the input
	// gradient and the forward pass, and the geometries their zero
	// padding was laid out for.
	// Also a group's x and dy for the weight gradient in lanes.
	srcl    [lanesSlots][]float32
	srclKey [lanesSlots]Geometry
}

// chunkFloats is the size, in floats, of a chunk's lowered matrix: 256 KiB,
// so that it stays in L2 between being written by im2col and read by the
// GEMM (and the GEMM's output likewise). Tests lower it to exercise several
// chunks on small shapes.
var chunkFloats = 64 << 10

// dotMax is the largest Out·In·KH·KW for which a stride-1 layer's forward
// pass is computed by axpys (forwardAxpy) and, without dx, the weight
// gradient by dot products (weightGrad), rather than by a GEMM on the
// lowered input. Tests change it to check both.
var dotMax = 512

// dotsFloats is the size, in floats, of a chunk of dy and padded input for
// those dot products (64 KiB).
const dotsFloats = 16 << 10

// SetGeometry sets the geometry of the following passes, or returns
// Validate's error and leaves the engine as it was. Setting the geometry
// already set costs nothing; buffers are kept across changes.
func (e *Engine) SetGeometry(g Geometry) error {
	if err := g.Validate(); err != nil {
		return err
	}
	e.g, e.oh, e.ow, e.ready = g, g.OH(), g.OW(), true
	return nil
}

// Geometry returns the geometry set last.
func (e *Engine) Geometry() Geometry { return e.g }

// Forward sets y [n, Out, OH, OW] to the convolution of x [n, In, H, W]
// with the weights w and bias b.
func (e *Engine) Forward(y, x, w, b []float32, n int) {
	e.check("Forward", n, y, x, w, b)
	if n == 0 {
		return
	}
	e.x, e.y, e.w, e.b, e.n = x, y, w, b, n
	if e.forwardByLanes(n) {
		e.lanesFw.plan(e, false, w, b)
		e.run(passLanes, n, 1, lanes)
	} else {
		e.start(e.forwardPass(), n)
	}
	e.x, e.y, e.w, e.b = nil, nil, nil, nil
}

// Backward, given dy = dL/dy for the input x of a Forward with weights w,
// accumulates dw += dL/dw and db += dL/db and sets dx = dL/dx; dx nil
// skips the input gradient (a first layer). The bias is not needed.
func (e *Engine) Backward(dx, dw, db, dy, x, w []float32, n int) {
	e.check("Backward", n, dy, x, w, db)
	if len(dw) != len(w) {
		panic(fmt.Sprintf("conv: Backward: len(dw) = %d, want %d", len(dw), len(w)))
	}
	if dx != nil && len(dx) != len(x) {
		panic(fmt.Sprintf("conv: Backward: len(dx) = %d, want %d", len(dx), len(x)))
	}
	if n == 0 {
		return
	}
	if ohw := e.oh * e.ow; len(e.ones) < ohw {
		e.ones = make([]float32, ohw)
		for i := range e.ones {
			e.ones[i] = 1
		}
	}
	byLanes := dx != nil && e.dxByLanes(n)
	byConv := dx != nil && !byLanes && e.dxByConv()
	e.dx, e.dy, e.x, e.w, e.n, e.skipDx = dx, dy, x, w, n, dx == nil || byConv || byLanes
	p := e.backwardPass()
	e.start(p, n)
	e.sumParts(dw, db)
	if byLanes {
		e.lanesDx.plan(e, true, w, nil)
		e.run(passLanesDx, n, 1, lanes)
	}
	e.dx, e.dy, e.x, e.w = nil, nil, nil, nil
	if byConv {
		e.dxConv(dx, dy, w, n)
	}
}

// check panics unless the geometry is set, n is not negative, and the
// output (or its gradient) y, input x, weights w and bias (or its
// gradient) b have the lengths of n samples of the geometry.
func (e *Engine) check(op string, n int, y, x, w, b []float32) {
	if !e.ready {
		panic("conv: " + op + " before SetGeometry")
	}
	if n < 0 {
		panic(fmt.Sprintf("conv: %s: batch of %d samples", op, n))
	}
	g := &e.g
	yName, bName := "y", "b"
	if op == "Backward" {
		yName, bName = "dy", "db"
	}
	for _, s := range [...]struct {
		name      string
		got, want int
	}{
		{yName, len(y), n * g.Out * e.oh * e.ow},
		{"x", len(x), n * g.InLen()},
		{"w", len(w), g.WeightLen()},
		{bName, len(b), g.Out},
	} {
		if s.got != s.want {
			panic(fmt.Sprintf("conv: %s: len(%s) = %d, want %d for %d samples", op, s.name, s.got, s.want, n))
		}
	}
}

// forwardPass chooses how to compute the forward pass: directly where
// the register tiles suit the layer, by axpys for a tiny stride-1 layer,
// else by GEMM on the lowered input.
func (e *Engine) forwardPass() pass {
	g := &e.g
	switch {
	case e.windowForward():
		return passWindow
	case e.direct():
		return passDirect
	case g.Stride == 1 && g.WeightLen() <= dotMax:
		return passAxpy
	}
	return passGemm
}

// backwardPass chooses how to compute the backward pass: dot products for
// a tiny stride-1 layer without dx where kernels.Dots6x4 has an assembly
// kernel (it also beats the windows there: it needs no transposed copy of
// dy and wastes no lanes on missing filters), else the windows or the
// direct weight gradient where their tiles suit the layer, else dot
// products for a tiny layer without dx, else the GEMM on the lowered input.
func (e *Engine) backwardPass() pass {
	g := &e.g
	dots := e.skipDx && g.Stride == 1 && g.WeightLen() <= dotMax
	switch {
	case e.skipDx && g.Stride == 1 && lanesDWMode > 0 && e.lanesDWFits():
		return passLanesDW
	case dots && kernels.DotsSIMD():
		if lanesDWMode == 0 && lanesFull(e.n) && e.lanesDWFits() {
			return passLanesDW
		}
		return passDots
	case e.windowBack():
		return passWindowBack
	case e.direct() && directPxC(g.Out):
		return passDirectBack
	case dots:
		return passDots
	}
	return passGemmBack
}

// start runs pass p over n samples, in chunks of the pass's size.
func (e *Engine) start(p pass, n int) {
	g := &e.g
	hp, wp := g.H+2*g.Pad, g.W+2*g.Pad
	switch p {
	case passDirect, passDirectBack:
		ss := g.In * hp * wp
		e.setChunks(n, ss, directFloats)
		e.plan(e.cs)
		e.run(p, n, ss, directFloats)
	case passWindow, passWindowBack:
		ss := g.In * hp * wp
		e.setChunks(n, ss, directFloats)
		e.planWindow(e.cs)
		e.run(p, n, ss, directFloats)
	case passLanesDW:
		e.run(p, n, 1, lanes)
	case passAxpy, passDots:
		// Small chunks: the dot products and axpys stream both operands,
		// and do so faster from L1 than from L2.
		e.run(p, n, (g.Out+g.In)*g.In*hp*wp, min(chunkFloats, dotsFloats))
	default:
		_, L := e.layout()
		e.run(p, n, g.In*g.KH*g.KW*L, chunkFloats)
	}
}

// sumParts adds the chunks' parts of the weight and bias gradients to dw
// and db, in chunk order, so that the sums do not depend on which worker
// computed which chunk.
func (e *Engine) sumParts(dw, db []float32) {
	out, k := e.g.Out, e.g.In*e.g.KH*e.g.KW
	stride := out*k + out
	for c := 0; c < e.chunks; c++ {
		part := e.part[c*stride : (c+1)*stride]
		if e.pass == passDots || e.pass == passLanesDW {
			kernels.Add(dw, dw, part[:out*k]) // [Out, K]
		} else { // [K, Out]
			e.partT = grow(e.partT, out*k)
			kernels.Transpose(e.partT, k, part, out, k, out)
			kernels.Add(dw, dw, e.partT)
		}
		kernels.Add(db, db, part[out*k:])
	}
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
func (e *Engine) layout() (ld, L int) {
	g := &e.g
	if g.Stride == 1 {
		wp := g.W + 2*g.Pad
		return wp, (e.oh-1)*wp + e.ow
	}
	return e.ow, e.oh * e.ow
}

// grow returns s resized to n floats, reallocated if too small.
func grow(s []float32, n int) []float32 {
	if cap(s) < n {
		return make([]float32, n)
	}
	return s[:n]
}
