package conv

// The input gradient of a stride-1 convolution is itself a convolution:
//
//	dx[c, h, w] = Σ_o Σ_i Σ_j W[o, c, i, j] · dy[o, h+Pad-i, w+Pad-j]
//
// is the forward pass of the transposed geometry (Out input channels, In
// output channels, the same window, padding K-1-Pad) with the weights
// flipped and transposed, W'[c, o, i, j] = W[o, c, K-1-i, K-1-j], and no
// bias. Where that geometry runs on the register-tile kernels (the direct
// or window paths: few input channels, such as LeNet's second layer), this
// beats the GEMM Wᵀ·dy, whose inner dimension Out is short, and the col2im
// adds after it.

// dxMode chooses how the input gradient is computed apart from the
// weight gradient: 0 in sample lanes (lanes.go) or else by the transposed
// convolution where those suit the layer (see dxByLanes and dxByConv); 1
// by the transposed convolution whenever the geometry has one, 2 in
// sample lanes whenever the geometry is stride 1, -1 never (tests).
var dxMode = 0

// dxPlan is an engine's transposed convolution: its engine and weights.
type dxPlan struct {
	e    *Engine   // engine of the transposed geometry
	w    []float32 // W flipped and transposed, [In, Out, KH, KW]
	zero []float32 // the transposed pass's bias: In zeros
}

// transposed returns the geometry whose forward pass is g's input
// gradient, and whether there is one: stride 1, a square window and
// padding narrower than it.
func (g *Geometry) transposed() (Geometry, bool) {
	if g.Stride != 1 || g.KH != g.KW || g.Pad >= g.KH {
		return Geometry{}, false
	}
	return Geometry{In: g.Out, Out: g.In, H: g.OH(), W: g.OW(), KH: g.KH, KW: g.KW, Stride: 1, Pad: g.KH - 1 - g.Pad}, true
}

// dxByConv reports whether Backward computes dx by the transposed
// convolution (see dxMode), preparing its engine if so.
func (e *Engine) dxByConv() bool {
	if dxMode < 0 || dxMode == 2 {
		return false
	}
	gt, ok := e.g.transposed()
	if !ok {
		return false
	}
	d := &e.dxp
	if d.e == nil {
		d.e = new(Engine)
	}
	if err := d.e.SetGeometry(gt); err != nil {
		panic("conv: transposed geometry: " + err.Error()) // cannot happen: gt is valid if g is
	}
	if dxMode > 0 {
		return true
	}
	// The direct path's positions x channels tiles (16 or more input
	// channels) lose to the GEMM here.
	p := d.e.forwardPass()
	return p == passWindow || p == passDirect && !directPxC(e.g.In)
}

// dxConv sets dx to the input gradient of n samples, given dy and the
// weights w, by the transposed convolution that dxByConv prepared.
func (e *Engine) dxConv(dx, dy, w []float32, n int) {
	g, d := &e.g, &e.dxp
	kk := g.KH * g.KW
	d.w = grow(d.w, len(w))
	for o := 0; o < g.Out; o++ {
		for c := 0; c < g.In; c++ {
			src := w[(o*g.In+c)*kk : (o*g.In+c+1)*kk]
			dst := d.w[(c*g.Out+o)*kk : (c*g.Out+o+1)*kk]
			for t, v := range src {
				dst[kk-1-t] = v
			}
		}
	}
	d.zero = grow(d.zero, g.In)
	clear(d.zero)
	d.e.Forward(dx, dy, d.w, d.zero, n)
}
