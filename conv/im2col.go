package conv

// span returns the output columns ow0..ow1-1 whose input column
// ow·stride + j - pad falls inside the image, for window column j; the
// others read padding.
func (g *Geometry) span(j, outW int) (ow0, ow1 int) {
	// ow·s + j - pad >= 0  <=>  ow >= ceil((pad - j) / s)
	if d := g.Pad - j; d > 0 {
		ow0 = (d + g.Stride - 1) / g.Stride
	}
	// ow·s + j - pad <= w - 1  <=>  ow <= (w - 1 + pad - j) / s
	if d := g.W - 1 + g.Pad - j; d >= 0 {
		ow1 = d/g.Stride + 1
	}
	ow1 = min(ow1, outW)
	ow0 = min(ow0, ow1)
	return ow0, ow1
}

// im2col lowers the batch x [n, c, h, w] to the matrix cols of c·kh·kw rows
// and n·oh·ow columns (row stride ld): row (ci, i, j) holds, for every
// sample and output position in order, the input pixel under window
// element (i, j) of channel ci, or 0 in the padding. A convolution is then
// one matrix product W[out, c·kh·kw] · cols.
func (g *Geometry) im2col(cols []float32, ld int, x []float32, n int) {
	outH, outW := g.OH(), g.OW()
	ohw, chw, hw := outH*outW, g.In*g.H*g.W, g.H*g.W
	s, pad, w := g.Stride, g.Pad, g.W
	row := 0
	for ci := 0; ci < g.In; ci++ {
		for i := 0; i < g.KH; i++ {
			for j := 0; j < g.KW; j++ {
				ow0, ow1 := g.span(j, outW)
				dst := cols[row*ld : row*ld+n*ohw]
				row++
				for b := 0; b < n; b++ {
					plane := x[b*chw+ci*hw : b*chw+(ci+1)*hw]
					for oh := 0; oh < outH; oh++ {
						d := dst[(b*outH+oh)*outW : (b*outH+oh+1)*outW]
						ih := oh*s + i - pad
						if ih < 0 || ih >= g.H || ow0 == ow1 {
							clear(d)
							continue
						}
						clear(d[:ow0])
						clear(d[ow1:])
						src := plane[ih*w:]
						if s == 1 {
							copy(d[ow0:ow1], src[ow0+j-pad:ow1+j-pad])
							continue
						}
						for ow := ow0; ow < ow1; ow++ {
							d[ow] = src[ow*s+j-pad]
						}
					}
				}
			}
		}
	}
}

// col2im is the adjoint of im2col: it adds every element of cols back
// onto the input pixel it was copied from (padding receives nothing), so
// dx = col2im(Wᵀ · dy) is a convolution's input gradient. dx [n, c, h, w]
// is accumulated into, not overwritten.
func (g *Geometry) col2im(dx []float32, cols []float32, ld int, n int) {
	outH, outW := g.OH(), g.OW()
	ohw, chw, hw := outH*outW, g.In*g.H*g.W, g.H*g.W
	s, pad, w := g.Stride, g.Pad, g.W
	row := 0
	for ci := 0; ci < g.In; ci++ {
		for i := 0; i < g.KH; i++ {
			for j := 0; j < g.KW; j++ {
				ow0, ow1 := g.span(j, outW)
				src := cols[row*ld : row*ld+n*ohw]
				row++
				if ow0 == ow1 {
					continue
				}
				for b := 0; b < n; b++ {
					plane := dx[b*chw+ci*hw : b*chw+(ci+1)*hw]
					for oh := 0; oh < outH; oh++ {
						ih := oh*s + i - pad
						if ih < 0 || ih >= g.H {
							continue
						}
						c := src[(b*outH+oh)*outW : (b*outH+oh+1)*outW]
						d := plane[ih*w:]
						if s == 1 {
							d = d[ow0+j-pad : ow1+j-pad]
							for k, v := range c[ow0:ow1] {
								d[k] += v
							}
							continue
						}
						for ow := ow0; ow < ow1; ow++ {
							d[ow*s+j-pad] += c[ow]
						}
					}
				}
			}
		}
	}
}
