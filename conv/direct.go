package conv

import "github.com/corten-ml/corten/kernels"

// Direct convolution of small stride-1 layers (LeNet's: 1 -> 6 and
// 6 -> 16 channels, 5 x 5): kernels.ConvTile computes 6 x 16 register
// tiles straight from the padded input through tables of tap offsets, with
// no lowered matrix and no packing, and with a tile shape chosen to suit
// the channel count, where the GEMM's register tile would be mostly
// padding. Output positions are numbered "wide", on the rows of the padded
// input (see layout); the Wp - OW columns between output rows are computed
// and dropped.
//
// Two orientations:
//   - positions x channels (pxc, for 16 or 32 filters): a tile is six
//     consecutive positions, broadcast from the input, by sixteen
//     channels, loaded from the weights packed [taps][channels]. Its
//     weight gradient is the same product with the roles of taps and
//     positions exchanged: six consecutive kernel columns by sixteen
//     channels, summed over the chunk's output positions.
//   - channels x positions (for 6 or 12 filters): six channels, broadcast
//     from the weights packed [taps][6], by sixteen consecutive positions
//     loaded from the input.

// directMaxOut is the largest number of filters convolved directly:
// beyond it the GEMM's tiles are full and it is faster.
const directMaxOut = 32

// directMode chooses the direct path: 0 where kernels.ConvTile has an
// assembly kernel, 1 always (tests), -1 never (tests).
var directMode = 0

// slack is the number of zeros after a chunk's padded input, which
// the last tiles of a sample read past its last position.
const slack = kernels.ConvStripCols

// directFloats is the size, in floats, of a chunk of padded input for
// the direct passes (32 KiB, in L1 with the tiles' other operands). Tests
// lower it to run several chunks on small shapes.
var directFloats = 8 << 10

// directPlan is an engine's direct-convolution plan: tap tables for its
// geometry and its weights packed for the tiles.
type directPlan struct {
	key    [5]int // In, Hp, Wp, Out, batch chunk size: the geometry planned for
	pxc    bool   // positions x channels (else channels x positions)
	outPad int    // Out rounded up to the tile's channel count
	taps   kernels.ConvTaps
	w      []float32 // packed weights
	bias   []float32 // the bias, zeros for the padding filters (forward)
	dtaps  kernels.ConvTaps
	tab    []int32 // backing of the tables
}

// direct reports whether the geometry is convolved directly.
func (e *Engine) direct() bool {
	g := &e.g
	if g.Stride != 1 || g.Out > directMaxOut || directMode < 0 {
		return false
	}
	return directMode > 0 || kernels.ConvTileSIMD()
}

// directPxC reports whether the positions x channels orientation wastes
// fewer tile lanes on padding filters than channels x positions does.
func directPxC(out int) bool {
	const r, c = kernels.ConvTileRows, kernels.ConvTileCols
	return (out+c-1)/c*c < (out+r-1)/r*r
}

// plan builds the tap tables for the current geometry (cs samples per
// chunk) if they are stale, and packs the weights.
func (e *Engine) plan(cs int) *directPlan {
	g, d := &e.g, &e.dir
	hp, wp := g.H+2*g.Pad, g.W+2*g.Pad
	k := g.In * g.KH * g.KW
	key := [5]int{g.In, hp, wp, g.Out, cs}
	if key != d.key {
		d.key = key
		const r, c = kernels.ConvTileRows, kernels.ConvTileCols
		d.pxc = directPxC(g.Out)
		ohw := e.oh * e.ow
		n := 2 * k
		if d.pxc {
			d.outPad = (g.Out + c - 1) / c * c
			n += 2 * cs * ohw
		} else {
			d.outPad = (g.Out + r - 1) / r * r
		}
		d.tab = grow32(d.tab, n)
		in, step := d.tab[:k], d.tab[k:2*k]
		stride := r // the weights' tap stride
		if d.pxc {
			stride = d.outPad
		}
		for t := range in {
			in[t], step[t] = int32(g.tapOffset(t, hp, wp)), int32(t*stride)
		}
		if d.pxc {
			d.taps = kernels.NewConvTaps(in, step)
			// Weight gradient: the chunk's output positions (dense, as
			// dy is gathered) against their padded-input offsets.
			d.dtaps = positionTaps(d.tab[2*k:2*k+cs*ohw], d.tab[2*k+cs*ohw:], cs, e.oh, e.ow, g.In*hp*wp, wp, d.outPad)
		} else {
			d.taps = kernels.NewConvTaps(step, in)
		}
		d.w = grow(d.w, k*d.outPad)
	}
	if e.b != nil {
		d.bias = grow(d.bias, d.outPad)
		clear(d.bias[copy(d.bias, e.b):])
	}
	// Pack the weights W [Out, k]: [k][outPad] for pxc, else blocks of
	// six filters [k][6]; padding filters are zero.
	w := e.w
	const r = kernels.ConvTileRows
	for o := 0; o < d.outPad; o++ {
		for t := 0; t < k; t++ {
			v := float32(0)
			if o < g.Out {
				v = w[o*k+t]
			}
			if d.pxc {
				d.w[t*d.outPad+o] = v
			} else {
				d.w[(o/r)*k*r+t*r+o%r] = v
			}
		}
	}
	return d
}

// padSlack copies samples s0..s0+nb-1 of the input into ws.xpad with Pad
// zeros around each plane and slack zeros after the last, and returns
// it with the padded sample stride.
func (e *Engine) padSlack(ws *workspace, s0, nb int) (xp []float32, ss int) {
	g := &e.g
	hp, wp := g.H+2*g.Pad, g.W+2*g.Pad
	ss = g.In * hp * wp
	chw := g.In * g.H * g.W
	xs := e.x[s0*chw : (s0+nb)*chw]
	ws.xpad = grow(ws.xpad, nb*ss+slack)
	xp = ws.xpad
	if g.Pad == 0 {
		copy(xp, xs)
		clear(xp[nb*ss:])
		return xp, ss
	}
	clear(xp)
	for pl := 0; pl < nb*g.In; pl++ {
		for r := 0; r < g.H; r++ {
			o := pl*hp*wp + (r+g.Pad)*wp + g.Pad
			copy(xp[o:o+g.W], xs[(pl*g.H+r)*g.W:(pl*g.H+r+1)*g.W])
		}
	}
	return xp, ss
}

// forwardDirect computes the output of samples s0..s0+nb-1, one sample's
// tiles at a time into ws.yc, then written out in NCHW with the bias.
func (e *Engine) forwardDirect(ws *workspace, s0, nb int) {
	const r, c = kernels.ConvTileRows, kernels.ConvTileCols
	g, d := &e.g, &e.dir
	wp, L := e.layout()
	k := g.In * g.KH * g.KW
	xp, ss := e.padSlack(ws, s0, nb)
	ohw, op := e.oh*e.ow, d.outPad
	yd, bias := e.y, e.b
	if d.pxc {
		rows := (L + r - 1) / r * r
		ws.yc = grow(ws.yc, rows*op)
		yc := ws.yc
		for s := 0; s < nb; s++ {
			x := xp[s*ss:]
			for q := 0; q < L; q += r {
				for cb := 0; cb < op; cb += c {
					kernels.ConvTile(d.taps, x[q:], d.w[cb:], yc[q*op+cb:], op)
				}
			}
			y := yd[(s0+s)*g.Out*ohw : (s0+s+1)*g.Out*ohw]
			for o, b := range bias {
				dst := y[o*ohw : (o+1)*ohw]
				for oh := 0; oh < e.oh; oh++ {
					src := yc[oh*wp*op+o:]
					for ow, row := 0, dst[oh*e.ow:(oh+1)*e.ow]; ow < len(row); ow++ {
						row[ow] = src[ow*op] + b
					}
				}
			}
		}
		return
	}
	// Channels x positions: strips of 64 positions where ConvStrip runs
	// on AVX-512 (the bias added by the strips), else tiles of 16.
	strip := e.strip()
	tc := c
	if strip {
		tc = kernels.ConvStripCols
	}
	lp := (L + tc - 1) / tc * tc
	ws.yc = grow(ws.yc, op*lp)
	yc := ws.yc
	for s := 0; s < nb; s++ {
		x := xp[s*ss:]
		for rb := 0; rb < op/r; rb++ {
			wb := d.w[rb*k*r : (rb+1)*k*r]
			for q := 0; q < L; q += tc {
				if strip {
					kernels.ConvStrip(d.taps, wb, x[q:], yc[rb*r*lp+q:], lp, d.bias[rb*r:(rb+1)*r])
				} else {
					kernels.ConvTile(d.taps, wb, x[q:], yc[rb*r*lp+q:], lp)
				}
			}
		}
		y := yd[(s0+s)*g.Out*ohw : (s0+s+1)*g.Out*ohw]
		for o, b := range bias {
			dst := y[o*ohw : (o+1)*ohw]
			for oh := 0; oh < e.oh; oh++ {
				src := yc[o*lp+oh*wp : o*lp+oh*wp+e.ow]
				row := dst[oh*e.ow : oh*e.ow+len(src)]
				if strip {
					copy(row, src)
					continue
				}
				for i, v := range src {
					row[i] = v + b
				}
			}
		}
	}
}

// strip reports whether the channels x positions tiles are ConvStrip's
// (64 positions) rather than ConvTile's (16): where it has assembly, or
// as windowMode says (the window path's knob, as both are AVX-512's).
func (e *Engine) strip() bool {
	return windowMode > 0 || windowMode == 0 && kernels.ConvStripSIMD()
}

// backwardDirect computes chunk c's parts of dW (as [k, Out]) and db by
// tiles of six kernel columns by sixteen channels, each summed over the
// chunk's output positions, and, unless skipped, its samples' dx by the
// GEMM and col2im.
func (e *Engine) backwardDirect(ws *workspace, c, s0, nb int) {
	const r, tc = kernels.ConvTileRows, kernels.ConvTileCols
	g, d := &e.g, &e.dir
	out, k := g.Out, g.In*g.KH*g.KW
	part := e.part[c*(out*k+out) : (c+1)*(out*k+out)]
	dw, db := part[:out*k], part[out*k:]
	ohw, op := e.oh*e.ow, d.outPad
	e.packDyT(ws, db, op, s0, nb)
	dyT := ws.dycT
	xp, _ := e.padSlack(ws, s0, nb)
	taps := d.dtaps
	if nb*ohw < taps.Len() {
		taps = taps.Prefix(nb * ohw)
	}
	hp, wp := g.H+2*g.Pad, g.W+2*g.Pad
	ws.tile = grow(ws.tile, r*tc)
	tile := ws.tile
	for ci := 0; ci < g.In; ci++ {
		for i := 0; i < g.KH; i++ {
			for j0 := 0; j0 < g.KW; j0 += r {
				a := xp[ci*hp*wp+i*wp+j0:]
				for cb := 0; cb < op; cb += tc {
					kernels.ConvTile(taps, a, dyT[cb:], tile, tc)
					nc := min(tc, out-cb)
					for t := 0; t < min(r, g.KW-j0); t++ {
						row := (ci*g.KH+i)*g.KW + j0 + t
						copy(dw[row*out+cb:row*out+cb+nc], tile[t*tc:t*tc+nc])
					}
				}
			}
		}
	}
	if !e.skipDx {
		e.directDx(ws, s0, nb)
	}
}

// packDyT writes samples s0..s0+nb-1 of dy into ws.dycT as
// [positions][op], zeros for the filters from Out to op and 16 floats of
// zeros after the last position, and sets db to their bias gradient.
func (e *Engine) packDyT(ws *workspace, db []float32, op, s0, nb int) {
	out, ohw := e.g.Out, e.oh*e.ow
	ws.dycT = grow(ws.dycT, nb*ohw*op+kernels.ConvWindowLanes)
	dyT, dyd, ones := ws.dycT, e.dy, e.ones[:ohw]
	if op > out {
		clear(dyT)
	} else {
		clear(dyT[nb*ohw*op:])
	}
	clear(db)
	for s := 0; s < nb; s++ {
		src := dyd[(s0+s)*out*ohw : (s0+s+1)*out*ohw]
		t := dyT[s*ohw*op : (s+1)*ohw*op]
		kernels.Transpose(t, op, src, ohw, out, ohw)
		for o := 0; o < out; o++ {
			db[o] += kernels.Dot(src[o*ohw:(o+1)*ohw], ones)
		}
	}
}

// directDx sets the input gradient of samples s0..s0+nb-1 to
// col2im(Wᵀ·dy), dy laid out wide as [Out, positions].
func (e *Engine) directDx(ws *workspace, s0, nb int) {
	g := &e.g
	out, k := g.Out, g.In*g.KH*g.KW
	ohw, dyd := e.oh*e.ow, e.dy
	ld, L := e.layout()
	p := nb * L
	ws.dyc = grow(ws.dyc, out*p)
	dyc := ws.dyc
	for o := 0; o < out; o++ {
		for s := 0; s < nb; s++ {
			src := dyd[((s0+s)*out+o)*ohw : ((s0+s)*out+o+1)*ohw]
			dst := dyc[o*p+s*L : o*p+(s+1)*L]
			for oh := 0; oh < e.oh; oh++ {
				copy(dst[oh*ld:oh*ld+e.ow], src[oh*e.ow:(oh+1)*e.ow])
				if oh+1 < e.oh {
					clear(dst[oh*ld+e.ow : (oh+1)*ld])
				}
			}
		}
	}
	ws.dcols = grow(ws.dcols, k*p)
	e.sgemm(true, false, k, p, out, 1, e.w, k, dyc, p, 0, ws.dcols, p)
	e.raise(ws, p, s0, nb)
}

// positionTaps fills pos and row, one entry per output position of a chunk
// of cs samples of oh x ow outputs, with each position's offset in the
// padded input (samples sampleStride apart, rows wp apart) and its row in
// the gathered dy (rowStride apart), and returns them as the tap tables of
// a weight-gradient tile.
func positionTaps(pos, row []int32, cs, oh, ow, sampleStride, wp, rowStride int) kernels.ConvTaps {
	t := 0
	for s := 0; s < cs; s++ {
		for i := 0; i < oh; i++ {
			for j := 0; j < ow; j++ {
				pos[t] = int32(s*sampleStride + i*wp + j)
				row[t] = int32(t * rowStride)
				t++
			}
		}
	}
	return kernels.NewConvTaps(pos[:t], row[:t])
}
