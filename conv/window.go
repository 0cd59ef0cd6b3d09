package conv

import "github.com/corten-ml/corten/kernels"

// Window convolution of stride-1 layers with at most 16 filters, where
// kernels.ConvWindow has an assembly kernel (AVX-512): each call computes
// 25 rows of 16 channels, one zmm accumulator each, the channels in the
// lanes. The 25 rows are a 5 x 5 window:
//   - forward, of output positions: a 5 x 5 block of the output (the
//     layer's output height and width must be multiples of 5), summed over
//     the taps, with the weights packed [taps][16]; no position is
//     computed and dropped, unlike the wide tiles of direct.go;
//   - the weight gradient, of a 5 x 5 kernel's taps of one input channel,
//     summed over the chunk's output positions, with dy packed
//     [positions][16].
//
// The 16-lane operand (the weights or dy) is packed [taps or
// positions][Out], Out floats apart: with fewer than 16 filters, the lanes
// from Out on read the next rows' values and compute sums that are
// dropped, which costs nothing (the lanes are there) and saves both
// zero padding and its traffic. The packed operand ends with 16 floats of
// slack for the last row's extra lanes. The input gradient is the direct
// path's GEMM and col2im.

// windowMode chooses the window path: 0 where kernels.ConvWindow has an
// assembly kernel, 1 always (tests), -1 never (tests).
var windowMode = 0

// windowPlan is an engine's window plan: tap tables for its geometry and
// its weights packed for the windows.
type windowPlan struct {
	key   [5]int // In, Hp, Wp, Out, batch chunk size: the geometry planned for
	taps  kernels.ConvTaps
	dtaps kernels.ConvTaps
	w     []float32                        // weights [taps][Out], and slack
	tab   []int32                          // backing of the tables
	bias  [kernels.ConvWindowLanes]float32 // the bias, zeros past Out (forward)
}

// window reports whether the engine's geometry suits the window path at
// all; windowForward and windowBack say for which passes.
func (e *Engine) window() bool {
	g := &e.g
	if g.Stride != 1 || g.Out > kernels.ConvWindowLanes || windowMode < 0 {
		return false
	}
	return windowMode > 0 || kernels.ConvWindowSIMD()
}

// windowForward reports whether the forward pass runs on windows of
// output positions.
func (e *Engine) windowForward() bool {
	return e.window() && e.oh%kernels.ConvWindowRows == 0 && e.ow%kernels.ConvWindowCols == 0
}

// windowBack reports whether the weight gradient runs on windows of taps.
func (e *Engine) windowBack() bool {
	g := &e.g
	return e.window() && g.KH == kernels.ConvWindowRows && g.KW == kernels.ConvWindowCols
}

// planWindow builds the tap tables for the current geometry (cs samples
// per chunk) if they are stale, and packs the weights.
func (e *Engine) planWindow(cs int) {
	const lanes = kernels.ConvWindowLanes
	g, d := &e.g, &e.win
	hp, wp := g.H+2*g.Pad, g.W+2*g.Pad
	k := g.In * g.KH * g.KW
	if key := [5]int{g.In, hp, wp, g.Out, cs}; key != d.key {
		d.key = key
		ohw := e.oh * e.ow
		n := 2*k + 2*cs*ohw
		d.tab = grow32(d.tab, n)
		in, step := d.tab[:k], d.tab[k:2*k]
		for t := range in {
			in[t], step[t] = int32(g.tapOffset(t, hp, wp)), int32(t*g.Out)
		}
		d.taps = kernels.NewConvTaps(in, step)
		// Weight gradient: the chunk's output positions (dense, as dy is
		// packed) against their padded-input offsets.
		d.dtaps = positionTaps(d.tab[2*k:2*k+cs*ohw], d.tab[2*k+cs*ohw:], cs, e.oh, e.ow, g.In*hp*wp, wp, g.Out)
		d.w = grow(d.w, k*g.Out+lanes)
		clear(d.w[k*g.Out:])
	}
	if e.b != nil { // forward
		clear(d.bias[copy(d.bias[:], e.b):])
	}
	w, out := e.w, g.Out
	for o := 0; o < out; o++ {
		for t, v := range w[o*k : (o+1)*k] {
			d.w[t*out+o] = v
		}
	}
}

// forwardWindow computes the output of samples s0..s0+nb-1, a 5 x 5 block
// of positions at a time: the blocks, started at the bias, fill a sample's
// [positions][16] tile, which one transpose writes out in NCHW.
func (e *Engine) forwardWindow(ws *workspace, s0, nb int) {
	const rows, cols, lanes = kernels.ConvWindowRows, kernels.ConvWindowCols, kernels.ConvWindowLanes
	g, d := &e.g, &e.win
	wp := g.W + 2*g.Pad
	xp, ss := e.padSlack(ws, s0, nb)
	ohw := e.oh * e.ow
	ws.tile = grow(ws.tile, ohw*lanes)
	c := ws.tile
	for s := 0; s < nb; s++ {
		x := xp[s*ss:]
		for bh := 0; bh < e.oh; bh += rows {
			for bw := 0; bw < e.ow; bw += cols {
				kernels.ConvWindow(d.taps, x[bh*wp+bw:], wp, d.w, c[(bh*e.ow+bw)*lanes:], e.ow, d.bias[:])
			}
		}
		y := e.y[(s0+s)*g.Out*ohw : (s0+s+1)*g.Out*ohw]
		kernels.Transpose(y, ohw, c, lanes, ohw, g.Out)
	}
}

// backwardWindow computes chunk c's parts of dW (as [k, Out]) and db, one
// input channel's 5 x 5 taps at a time summed over the chunk's output
// positions, and, unless skipped, its samples' dx by the GEMM and col2im.
func (e *Engine) backwardWindow(ws *workspace, c, s0, nb int) {
	const lanes = kernels.ConvWindowLanes
	g, d := &e.g, &e.win
	out, k := g.Out, g.In*g.KH*g.KW
	part := e.part[c*(out*k+out) : (c+1)*(out*k+out)]
	dw, db := part[:out*k], part[out*k:]
	ohw := e.oh * e.ow
	e.packDyT(ws, db, out, s0, nb)
	xp, _ := e.padSlack(ws, s0, nb)
	taps := d.dtaps
	if nb*ohw < taps.Len() {
		taps = taps.Prefix(nb * ohw)
	}
	hp, wp := g.H+2*g.Pad, g.W+2*g.Pad
	kk := g.KH * g.KW
	ws.tile = grow(ws.tile, kernels.ConvWindowLen)
	tile := ws.tile
	for ci := 0; ci < g.In; ci++ {
		kernels.ConvWindow(taps, xp[ci*hp*wp:], wp, ws.dycT, tile, kernels.ConvWindowCols, nil)
		for t := 0; t < kk; t++ {
			copy(dw[(ci*kk+t)*out:(ci*kk+t+1)*out], tile[t*lanes:])
		}
	}
	if !e.skipDx {
		e.directDx(ws, s0, nb)
	}
}
