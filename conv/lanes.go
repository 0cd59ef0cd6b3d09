package conv

import "github.com/corten-ml/corten/kernels"

// Convolutions with sixteen samples in the SIMD lanes, for stride-1 layers
// with few channels on the side being computed. Both the forward pass and
// the input gradient are such a convolution of a source with a filter:
//
//	forward: y[o, h, w]  = b[o] + Σ_c Σ_i Σ_j W[o, c, i, j] · x[c, h+i-Pad, w+j-Pad]
//	input gradient: dx[c, h, w] = Σ_o Σ_i Σ_j W[o, c, i, j] · dy[o, h+Pad-i, w+Pad-j]
//
// over the terms whose source row and column exist. A group of 16 samples
// of the source is transposed to [channels][rows][columns][16], with zero
// columns on both sides, so that four consecutive output columns of one
// output row read 64 consecutive floats: a kernels.ConvStrip tile computes
// six output channels (broadcast from the filter packed [taps][6]) by
// those four columns of sixteen samples. Every lane holds a real sample, a
// tile never crosses an output row, and each tile's tap table holds only
// the taps that meet the source for one of its columns, so the only
// products with padding are those of border columns that share a tap with
// their neighbours. The result is transposed back to NCHW. Compared with
// the wide layouts of the direct path and of the transposed convolution
// (transposed.go), whose tiles run over the columns between output rows
// and, for the input gradient, over padding rows, this wastes few
// multiply-adds; the price is the two transposes.

// lanes is the number of samples in a group: one AVX-512 vector.
const lanes = 16

// lanesMaxFloats bounds a group's transposed source, which the tiles read
// through many times, to what stays in L2.
const lanesMaxFloats = 128 << 10

// lanesMaxOut is the most output channels computed in lanes: two row
// blocks of the tiles.
const lanesMaxOut = 2 * kernels.ConvTileRows

// lanesPlan is an engine's plan for one lanes convolution: the input
// gradient (dx) or the forward pass.
type lanesPlan struct {
	g      Geometry // the geometry planned for
	dx     bool     // the input gradient, else the forward pass
	ready  bool
	cin    int                // source channels (Out for dx, In forward)
	sh, sw int                // source rows and columns
	cout   int                // output channels
	oh, ow int                // output rows and columns
	wt     int                // output columns computed per row: ow rounded up to 4
	left   int                // zero columns left of a transposed source row
	rw     int                // columns of a transposed source row
	srcLen int                // source floats per sample
	outLen int                // output floats per sample
	tiles  []kernels.ConvTaps // per output row and tile of four columns: its taps
	tab    []int32            // backing of the tables
	w      []float32          // W packed per block of six output channels: [blocks][taps][6]
	bias   []float32          // forward: the bias per block of six, zeros past Out
}

// shape fills in the plan's sizes for geometry g of an engine with output
// oh x ow, for the input gradient or the forward pass.
func (d *lanesPlan) shape(g *Geometry, oh, ow int, dx bool) {
	d.g, d.dx, d.ready = *g, dx, true
	if dx {
		d.cin, d.sh, d.sw, d.cout, d.oh, d.ow = g.Out, oh, ow, g.In, g.H, g.W
		d.left = max(0, g.KW-1-g.Pad) // columns w+Pad-j reach -(KW-1-Pad)
	} else {
		d.cin, d.sh, d.sw, d.cout, d.oh, d.ow = g.In, g.H, g.W, g.Out, oh, ow
		d.left = g.Pad // columns w+j-Pad reach -Pad
	}
	d.wt = (d.ow + 3) / 4 * 4
	// A row holds the source's columns, and every column a tile reads
	// (up to wt-1 plus the largest tap offset: KW-1-Pad forward, Pad for
	// dx) lies in it, zero past the source's, so that no read reaches the
	// next row.
	maxOff := g.KW - 1 - g.Pad
	if dx {
		maxOff = g.Pad
	}
	d.rw = d.left + max(d.sw, d.wt+max(0, maxOff))
	d.srcLen, d.outLen = d.cin*d.sh*d.sw, d.cout*d.oh*d.ow
}

// offset returns the source row (or column) that output row (or column) h
// reads through tap i of a window of k with padding pad.
func (d *lanesPlan) offset(h, i, pad int) int {
	if d.dx {
		return h + pad - i
	}
	return h + i - pad
}

// lanesFits reports whether a lanes convolution of the geometry suits the
// kernels: stride 1, at most lanesMaxOut output channels, a group's
// transposed source within lanesMaxFloats.
func (e *Engine) lanesFits(dx bool) bool {
	g := &e.g
	if g.Stride != 1 {
		return false
	}
	var d lanesPlan
	d.shape(g, e.oh, e.ow, dx)
	return d.cout <= lanesMaxOut && d.cin*d.sh*d.rw*lanes <= lanesMaxFloats
}

// lanesFull reports whether a batch of n samples fills at least three
// quarters of its groups' lanes: below that (a batch of one, served) the
// other paths, whose tiles run over one sample, waste less.
func lanesFull(n int) bool {
	return 4*n >= 3*((n+lanes-1)/lanes*lanes)
}

// dxByLanes reports whether Backward computes the dx of n samples in
// sample lanes: where the layer suits them (lanesFits), the batch fills
// the lanes and ConvStrip has assembly, or as dxMode forces.
func (e *Engine) dxByLanes(n int) bool {
	if dxMode == -1 || dxMode == 1 || !e.lanesFits(true) {
		return false
	}
	return dxMode == 2 || lanesFull(n) && kernels.ConvStripSIMD()
}

// forwardByLanes reports whether Forward runs n samples in sample lanes:
// where the layer suits them, the batch fills the lanes, ConvStrip has
// assembly and the output rows are whole tiles of four columns (else the
// direct path's wide strips do as well), or as lanesMode forces.
func (e *Engine) forwardByLanes(n int) bool {
	if lanesMode < 0 || !e.lanesFits(false) {
		return false
	}
	return lanesMode > 0 || lanesFull(n) && kernels.ConvStripSIMD() && e.ow%4 == 0
}

// lanesMode chooses the forward pass in lanes: 0 where forwardByLanes
// says, 1 wherever the geometry allows (tests), -1 never (tests).
var lanesMode = 0

// plan builds the tap tables if the geometry changed, and packs the
// weights w (and the bias b, forward).
func (d *lanesPlan) plan(e *Engine, dx bool, w, b []float32) {
	const r = kernels.ConvTileRows
	g := &e.g
	if !d.ready || d.g != *g || d.dx != dx {
		d.shape(g, e.oh, e.ow, dx)
		// A tap meets the source for output (h, w) where its row and column
		// exist; a tile's table holds the taps that meet it for one of the
		// tile's real columns.
		meets := func(h, w0, i, j int) bool {
			if p := d.offset(h, i, g.Pad); p < 0 || p >= d.sh {
				return false
			}
			for w := w0; w < min(w0+4, d.ow); w++ {
				if q := d.offset(w, j, g.Pad); q >= 0 && q < d.sw {
					return true
				}
			}
			return false
		}
		n := 0
		for h := 0; h < d.oh; h++ {
			for w0 := 0; w0 < d.wt; w0 += 4 {
				for i := 0; i < g.KH; i++ {
					for j := 0; j < g.KW; j++ {
						if meets(h, w0, i, j) {
							n += d.cin
						}
					}
				}
			}
		}
		d.tab = grow32(d.tab, 2*n)
		d.tiles = d.tiles[:0]
		at, bt := d.tab[:n], d.tab[n:]
		k := 0
		for h := 0; h < d.oh; h++ {
			for w0 := 0; w0 < d.wt; w0 += 4 {
				k0 := k
				for c := 0; c < d.cin; c++ {
					for i := 0; i < g.KH; i++ {
						for j := 0; j < g.KW; j++ {
							if !meets(h, w0, i, j) {
								continue
							}
							at[k] = int32(((c*g.KH+i)*g.KW + j) * r)
							bt[k] = int32(((c*d.sh+d.offset(h, i, g.Pad))*d.rw + d.left + d.offset(0, j, g.Pad)) * lanes)
							k++
						}
					}
				}
				d.tiles = append(d.tiles, kernels.NewConvTaps(at[k0:k], bt[k0:k]))
			}
		}
	}
	// Pack W so that block b, tap (c, i, j) of the source holds the
	// filters of output channels 6b..6b+5.
	kk := g.KH * g.KW
	taps := d.cin * kk
	blocks := (d.cout + r - 1) / r
	d.w = grow(d.w, blocks*taps*r)
	for co := 0; co < blocks*r; co++ {
		blk := d.w[co/r*taps*r:]
		for c := 0; c < d.cin; c++ {
			var src []float32
			if co < d.cout {
				o, in := c, co // dx: W[o = source channel, c = output channel]
				if !dx {
					o, in = co, c
				}
				src = w[(o*g.In+in)*kk : (o*g.In+in+1)*kk]
			}
			for t := 0; t < kk; t++ {
				v := float32(0)
				if src != nil {
					v = src[t]
				}
				blk[(c*kk+t)*r+co%r] = v
			}
		}
	}
	if !dx {
		d.bias = grow(d.bias, blocks*r)
		clear(d.bias[copy(d.bias, b):])
	}
}

// lanesRun computes samples s0..s0+nb-1 (nb <= 16) of the plan's output
// from its source.
func (e *Engine) lanesRun(ws *workspace, d *lanesPlan, dst, src []float32, s0, nb int) {
	const r = kernels.ConvTileRows
	blocks := (d.cout + r - 1) / r
	taps := d.cin * d.g.KH * d.g.KW
	srcl := ws.srcl[d.slot()]
	for c := 0; c < d.cin; c++ {
		for p := 0; p < d.sh; p++ {
			to := srcl[((c*d.sh+p)*d.rw+d.left)*lanes:]
			kernels.Transpose(to, lanes, src[s0*d.srcLen+(c*d.sh+p)*d.sw:], d.srcLen, nb, d.sw)
		}
	}
	plane := d.oh * d.wt * lanes
	ws.dxl = grow(ws.dxl, blocks*r*plane)
	out := ws.dxl
	for b := 0; b < blocks; b++ {
		wb := d.w[b*taps*r : (b+1)*taps*r]
		var init []float32
		if !d.dx {
			init = d.bias[b*r : (b+1)*r]
		}
		for h, t := 0, 0; h < d.oh; h++ {
			for w0 := 0; w0 < d.wt; w0, t = w0+4, t+1 {
				kernels.ConvStrip(d.tiles[t], wb, srcl[w0*lanes:], out[b*r*plane+(h*d.wt+w0)*lanes:], plane, init)
			}
		}
	}
	for c := 0; c < d.cout; c++ {
		for h := 0; h < d.oh; h++ {
			kernels.Transpose(dst[s0*d.outLen+(c*d.oh+h)*d.ow:], d.outLen, out[(c*d.oh+h)*d.wt*lanes:], lanes, d.ow, nb)
		}
	}
}

// The slots of a workspace's zero-padded buffers in sample lanes.
const (
	slotDx   = iota // the input gradient's transposed dy
	slotFw          // the forward pass's transposed x
	slotDWx         // the weight gradient's transposed x
	slotDWdy        // and dy
	lanesSlots
)

// zeroed makes the workspace's buffer in slot i n zeros laid out for
// geometry g, unless it already is: the transposes only ever write the
// data, so the padding stays zero from the allocation on.
func (ws *workspace) zeroed(i, n int, g Geometry) {
	if ws.srclKey[i] != g || len(ws.srcl[i]) != n {
		ws.srcl[i] = make([]float32, n)
		ws.srclKey[i] = g
	}
}

// prepareLanes gives each of the pass's workers a transposed-source
// buffer for plan d. Lanes past a short group's samples keep stale
// values, whose own lanes of the output are never read.
func (e *Engine) prepareLanes(d *lanesPlan) {
	n := d.cin*d.sh*d.rw*lanes + kernels.ConvStripCols
	for w := range e.work[:e.nw] {
		e.work[w].zeroed(d.slot(), n, d.g)
	}
}

// slot is the plan's source buffer in a workspace.
func (d *lanesPlan) slot() int {
	if d.dx {
		return slotDx
	}
	return slotFw
}

// grow32 returns s resized to n, reallocated if too small.
func grow32(s []int32, n int) []int32 {
	if cap(s) < n {
		return make([]int32, n)
	}
	return s[:n]
}
