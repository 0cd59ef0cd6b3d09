package conv

import "github.com/corten-ml/corten/kernels"

// The weight gradient of a small stride-1 layer with sixteen samples in
// the SIMD lanes:
//
//	dW[o, c, i, j] = Σ_n Σ_h Σ_w dy[n, o, h, w] · x[n, c, h+i-Pad, w+j-Pad]
//
// A group of 16 samples of x is transposed to its zero-padded planes
// [In][Hp][Wp][16], and of dy to [Out][OH][Wp][16] with zeros in the
// columns past OW, so that for every tap (c, i, j) the whole group is one
// run: dy's run from its start, x's from the tap's offset (c·Hp + i)·Wp +
// j. kernels.Dots6x4 then gives six filters by four taps per pass over the
// runs, and its lanes sum over the samples. This is the layout of the dot
// products in axpy.go (weightGrad) with the samples moved into the lanes:
// the same multiply-adds, but the copies that lay out dy and x become two
// SIMD transposes per group, and a run is long enough that the kernel's
// final lane sums cost nothing.

// lanesDWMode chooses the weight gradient in lanes: 0 where
// backwardPass would take the dot products and kernels.Dots6x4 has an
// assembly kernel, 1 wherever the geometry allows (tests), -1 never.
var lanesDWMode = 0

// lanesDWFits reports whether a group's transposed x and dy fit
// lanesMaxFloats (stride 1 assumed).
func (e *Engine) lanesDWFits() bool {
	g := &e.g
	hp, wp := g.H+2*g.Pad, g.W+2*g.Pad
	const r = kernels.DotsRows
	return (g.In*hp*wp+(g.Out+r-1)/r*r*e.oh*wp)*lanes <= lanesMaxFloats
}

// lanesDW computes chunk c's parts of dW (as [Out, K]) and db, for the 16
// or fewer samples from s0.
func (e *Engine) lanesDW(ws *workspace, c, s0, nb int) {
	g := &e.g
	out, k := g.Out, g.In*g.KH*g.KW
	hp, wp := g.H+2*g.Pad, g.W+2*g.Pad
	ohw, inLen := e.oh*e.ow, g.InLen()
	part := e.part[c*(out*k+out) : (c+1)*(out*k+out)]
	dw, db := part[:out*k], part[out*k:]
	xl, dyl := ws.srcl[slotDWx], ws.srcl[slotDWdy]
	for ci := 0; ci < g.In; ci++ {
		for h := 0; h < g.H; h++ {
			to := xl[((ci*hp+h+g.Pad)*wp+g.Pad)*lanes:]
			kernels.Transpose(to, lanes, e.x[s0*inLen+(ci*g.H+h)*g.W:], inLen, nb, g.W)
		}
	}
	ones := e.ones[:ohw]
	clear(db)
	for o := 0; o < out; o++ {
		for h := 0; h < e.oh; h++ {
			to := dyl[(o*e.oh+h)*wp*lanes:]
			kernels.Transpose(to, lanes, e.dy[(s0*out+o)*ohw+h*e.ow:], out*ohw, nb, e.ow)
		}
		for s := 0; s < nb; s++ {
			db[o] += kernels.Dot(e.dy[((s0+s)*out+o)*ohw:((s0+s)*out+o+1)*ohw], ones)
		}
	}
	// In a short group, the lanes past nb hold stale samples: zero them in
	// dy and x, so that they add nothing (not even 0·Inf).
	if nb < lanes {
		for q := 0; q < out*e.oh*wp; q++ {
			clear(dyl[q*lanes+nb : (q+1)*lanes])
		}
		for q := 0; q < g.In*hp*wp; q++ {
			clear(xl[q*lanes+nb : (q+1)*lanes])
		}
	}
	plane := e.oh * wp * lanes
	tap := func(t int) int { return g.tapOffset(t, hp, wp) * lanes }
	e.dotsBlocks(ws, dw, dyl, plane, xl, tap, plane)
}

// prepareLanesDW gives each of the pass's workers zeroed buffers for a
// group's transposed x (with its padding) and dy (with its zero columns
// and the zero planes that fill the last block of six filters): the
// transposes only ever write the data, so the zeros stay.
func (e *Engine) prepareLanesDW() {
	const r = kernels.DotsRows
	g := &e.g
	hp, wp := g.H+2*g.Pad, g.W+2*g.Pad
	nx := g.In*hp*wp*lanes + g.KW*lanes // the last taps' runs end past the planes
	ndy := (g.Out + r - 1) / r * r * e.oh * wp * lanes
	for w := range e.work[:e.nw] {
		ws := &e.work[w]
		ws.zeroed(slotDWx, nx, e.g)
		ws.zeroed(slotDWdy, ndy, e.g)
	}
}
