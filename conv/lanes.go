package conv

import "github.com/corten-ml/corten/kernels"

// The input gradient of a stride-1 layer with few input channels, with
// sixteen samples in the SIMD lanes:
//
//	dx[c, h, w] = Σ_o Σ_i Σ_j W[o, c, i, j] · dy[o, h+Pad-i, w+Pad-j]
//
// over the terms whose dy row and column exist. A group of 16 samples of
// dy is transposed to [Out][OH][columns][16], with KW-1 columns of zeros
// on the left and enough on the right, so that four consecutive output
// columns of one output row are 64 consecutive floats: a
// kernels.ConvStrip tile computes six input channels (broadcast from the
// weights packed [taps][6]) by those four columns of sixteen samples.
// Every lane holds a real sample, a tile never crosses an output row, and
// each tile's tap table holds only the taps that meet dy for one of its
// columns, so the only products with padding are those of the columns
// near the borders that share a tap with their neighbours. The result is transposed back to NCHW. Compared with the
// transposed convolution on the wide layout (transposed.go), whose tiles
// run over padding rows and the columns between output rows, this does
// about half the multiply-adds for LeNet's second layer.

// lanes is the number of samples in a group: one AVX-512 vector.
const lanes = 16

// lanesMaxFloats bounds a group's transposed dy, which the tiles read
// through many times, to what stays in L2.
const lanesMaxFloats = 128 << 10

// lanesPlan is an engine's plan for the lanes input gradient.
type lanesPlan struct {
	g     Geometry           // the geometry planned for
	wt    int                // output columns computed per row: W rounded up to 4
	rw    int                // columns of a transposed dy row
	tiles []kernels.ConvTaps // per output row and tile of four columns: its taps
	tab   []int32            // backing of the tables
	w     []float32          // W packed per block of six input channels: [blocks][taps][6]
}

// dxByLanes reports whether Backward computes dx in sample lanes: stride
// 1, at most 12 input channels (two row blocks of the tiles), where
// ConvStrip has assembly (or dxMode forces it), and a group's dy fits
// lanesMaxFloats.
func (e *Engine) dxByLanes() bool {
	g := &e.g
	if g.Stride != 1 || dxMode == -1 || dxMode == 1 {
		return false
	}
	rw := (g.W+3)/4*4 + g.Pad + g.KW - 1
	if g.Out*e.oh*rw*lanes > lanesMaxFloats {
		return false
	}
	return dxMode == 2 || g.In <= 2*kernels.ConvTileRows && kernels.ConvStripSIMD()
}

// planLanes builds the per-row tap tables if the geometry changed, and
// packs the weights w.
func (e *Engine) planLanes(w []float32) {
	const r = kernels.ConvTileRows
	g, d := &e.g, &e.lanes
	kk := g.KH * g.KW
	taps := g.Out * kk
	if d.g != *g {
		d.g = *g
		d.wt = (g.W + 3) / 4 * 4
		d.rw = d.wt + g.Pad + g.KW - 1
		// A tap meets dy for output (h, w) where its row h+Pad-i and column
		// w+Pad-j exist; a tile's table holds the taps that meet dy for
		// one of its rows' real columns.
		meets := func(h, w0, i, j int) bool {
			if p := h + g.Pad - i; p < 0 || p >= e.oh {
				return false
			}
			for w := w0; w < min(w0+4, g.W); w++ {
				if q := w + g.Pad - j; q >= 0 && q < e.ow {
					return true
				}
			}
			return false
		}
		n := 0
		for h := 0; h < g.H; h++ {
			for w0 := 0; w0 < d.wt; w0 += 4 {
				for i := 0; i < g.KH; i++ {
					for j := 0; j < g.KW; j++ {
						if meets(h, w0, i, j) {
							n += g.Out
						}
					}
				}
			}
		}
		d.tab = grow32(d.tab, 2*n)
		d.tiles = d.tiles[:0]
		at, bt := d.tab[:n], d.tab[n:]
		k := 0
		for h := 0; h < g.H; h++ {
			for w0 := 0; w0 < d.wt; w0 += 4 {
				k0 := k
				for o := 0; o < g.Out; o++ {
					for i := 0; i < g.KH; i++ {
						for j := 0; j < g.KW; j++ {
							if !meets(h, w0, i, j) {
								continue
							}
							at[k] = int32(((o*g.KH+i)*g.KW + j) * r)
							bt[k] = int32(((o*e.oh+h+g.Pad-i)*d.rw + g.Pad - j + g.KW - 1) * lanes)
							k++
						}
					}
				}
				d.tiles = append(d.tiles, kernels.NewConvTaps(at[k0:k], bt[k0:k]))
			}
		}
	}
	blocks := (g.In + r - 1) / r
	d.w = grow(d.w, blocks*taps*r)
	for c := 0; c < blocks*r; c++ {
		blk := d.w[c/r*taps*r:]
		for o := 0; o < g.Out; o++ {
			for t := 0; t < kk; t++ {
				v := float32(0)
				if c < g.In {
					v = w[(o*g.In+c)*kk+t]
				}
				blk[(o*kk+t)*r+c%r] = v
			}
		}
	}
}

// lanesDx sets the input gradient of samples s0..s0+nb-1 (nb <= 16).
func (e *Engine) lanesDx(ws *workspace, s0, nb int) {
	const r, sc = kernels.ConvTileRows, kernels.ConvStripCols
	g, d := &e.g, &e.lanes
	blocks := (g.In + r - 1) / r
	taps := g.Out * g.KH * g.KW
	ohw, inLen := e.oh*e.ow, g.InLen()
	dyl := ws.dyl
	for o := 0; o < g.Out; o++ {
		for p := 0; p < e.oh; p++ {
			dst := dyl[((o*e.oh+p)*d.rw+g.KW-1)*lanes:]
			src := e.dy[(s0*g.Out+o)*ohw+p*e.ow:]
			kernels.Transpose(dst, lanes, src, g.Out*ohw, nb, e.ow)
		}
	}
	plane := g.H * d.wt * lanes
	ws.dxl = grow(ws.dxl, blocks*r*plane)
	dxl := ws.dxl
	for b := 0; b < blocks; b++ {
		wb := d.w[b*taps*r : (b+1)*taps*r]
		for h, t := 0, 0; h < g.H; h++ {
			for w0 := 0; w0 < d.wt; w0, t = w0+4, t+1 {
				kernels.ConvStrip(d.tiles[t], wb, dyl[w0*lanes:], dxl[b*r*plane+(h*d.wt+w0)*lanes:], plane, nil)
			}
		}
	}
	for c := 0; c < g.In; c++ {
		for h := 0; h < g.H; h++ {
			dst := e.dx[s0*inLen+(c*g.H+h)*g.W:]
			kernels.Transpose(dst, inLen, dxl[(c*g.H+h)*d.wt*lanes:], lanes, g.W, nb)
		}
	}
}

// prepareLanes gives each of the pass's workers a transposed-dy buffer
// for the planned geometry. Its padding columns are zero from the
// allocation on, as lanesDx only ever writes the data columns; lanes past
// a short group's samples keep stale values, whose own lanes of dx are
// never read.
func (e *Engine) prepareLanes() {
	d := &e.lanes
	n := e.g.Out*e.oh*d.rw*lanes + kernels.ConvStripCols
	for i := range e.work[:e.nw] {
		ws := &e.work[i]
		if ws.lanesKey != d.g || len(ws.dyl) != n {
			ws.dyl = make([]float32, n)
			ws.lanesKey = d.g
		}
	}
}

// grow32 returns s resized to n, reallocated if too small.
func grow32(s []int32, n int) []int32 {
	if cap(s) < n {
		return make([]int32, n)
	}
	return s[:n]
}
