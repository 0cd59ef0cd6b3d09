package rnn

import "github.com/corten-ml/corten/kernels"

// The gate passes of one time step. Each works on the step's block of
// gates, [n, G·H] row-major with the gate blocks of one batch row side by
// side (PyTorch's stacking), and on [n, H] state matrices. They have the
// shape of a fused elementwise kernel, so a SIMD version can replace any of
// them; until then the transcendental parts run on whole gate blocks
// through kernels.Sigmoid and kernels.Tanh and the products are plain loops.

// tanhStep computes h = tanh(a) for the step's preactivations a [n, H].
func tanhStep(h, a []float32) { kernels.Tanh(h, a) }

// tanhStepBack computes da = dh·(1-h²), the gradient of the
// preactivations, from the step's output h.
func tanhStepBack(da, dh, h []float32) {
	dh, h = dh[:len(da)], h[:len(da)]
	for j, y := range h {
		da[j] = dh[j] * (1 - y*y)
	}
}

// lstmStep turns the preactivations g [n, 4H] (i, f, g, o) into the gate
// activations in place, and computes the cell state c = f·cPrev + i·g, its
// tanh tc, and the output h = o·tc ([n, H] each).
func lstmStep(g, cPrev, c, tc, h []float32, n, hs int) {
	for r := 0; r < n; r++ {
		gr := g[r*4*hs : (r+1)*4*hs]
		kernels.Sigmoid(gr[:2*hs], gr[:2*hs])
		kernels.Tanh(gr[2*hs:3*hs], gr[2*hs:3*hs])
		kernels.Sigmoid(gr[3*hs:], gr[3*hs:])
		i, f, gg, o := gr[:hs], gr[hs:2*hs], gr[2*hs:3*hs], gr[3*hs:]
		cp, cr := cPrev[r*hs:(r+1)*hs], c[r*hs:(r+1)*hs]
		for j := range cr {
			cr[j] = f[j]*cp[j] + i[j]*gg[j]
		}
		tr, hr := tc[r*hs:(r+1)*hs], h[r*hs:(r+1)*hs]
		kernels.Tanh(tr, cr)
		for j := range hr {
			hr[j] = o[j] * tr[j]
		}
	}
}

// lstmStepBack is lstmStep backwards. dh [n, H] is dL/dh of the step; dc
// holds dL/dc of the step as it reaches c through the next step (f'·dc')
// and is replaced by the same for the previous step. g holds the step's
// gate activations, cPrev and tc the previous cell state and tanh of this
// one; da [n, 4H] receives the gradient of the preactivations.
func lstmStepBack(da, dc, dh, g, cPrev, tc []float32, n, hs int) {
	for r := 0; r < n; r++ {
		gr, dar := g[r*4*hs:(r+1)*4*hs], da[r*4*hs:(r+1)*4*hs]
		i, f, gg, o := gr[:hs], gr[hs:2*hs], gr[2*hs:3*hs], gr[3*hs:]
		di, df, dg, do := dar[:hs], dar[hs:2*hs], dar[2*hs:3*hs], dar[3*hs:]
		cp, tr := cPrev[r*hs:(r+1)*hs], tc[r*hs:(r+1)*hs]
		dhr, dcr := dh[r*hs:(r+1)*hs], dc[r*hs:(r+1)*hs]
		for j := range dcr {
			t := tr[j]
			dct := dcr[j] + dhr[j]*o[j]*(1-t*t)
			di[j] = dct * gg[j] * i[j] * (1 - i[j])
			df[j] = dct * cp[j] * f[j] * (1 - f[j])
			dg[j] = dct * i[j] * (1 - gg[j]*gg[j])
			do[j] = dhr[j] * t * o[j] * (1 - o[j])
			dcr[j] = dct * f[j]
		}
	}
}

// gruStep takes the input preactivations g [n, 3H] (W_ih·x + b_ih for r,
// z, n) and the recurrent products gh [n, 3H] (W_hh·hPrev + b_hh), turns g
// into the gate activations r, z, n in place, and computes the output
// h = n + z·(hPrev - n) ([n, H]). gh is left as it is: backward needs its
// n block.
func gruStep(g, gh, hPrev, h []float32, n, hs int) {
	for r := 0; r < n; r++ {
		gr, hr := g[r*3*hs:(r+1)*3*hs], gh[r*3*hs:(r+1)*3*hs]
		for j, v := range hr[:2*hs] {
			gr[j] += v
		}
		kernels.Sigmoid(gr[:2*hs], gr[:2*hs])
		rg, z, ng := gr[:hs], gr[hs:2*hs], gr[2*hs:]
		for j, v := range hr[2*hs:] {
			ng[j] += rg[j] * v
		}
		kernels.Tanh(ng, ng)
		hp, ho := hPrev[r*hs:(r+1)*hs], h[r*hs:(r+1)*hs]
		for j := range ho {
			ho[j] = ng[j] + z[j]*(hp[j]-ng[j])
		}
	}
}

// gruStepBack is gruStep backwards. dh [n, H] is dL/dh of the step; g the
// gate activations, gh the recurrent products and hPrev the previous
// state. It writes the gradients of the input preactivations dg and of the
// recurrent products dgh ([n, 3H] each; they differ in the n block, where
// the reset gate scales the recurrent path) and the direct part of the
// previous state's gradient, dhPrev = dh·z.
func gruStepBack(dg, dgh, dhPrev, dh, g, gh, hPrev []float32, n, hs int) {
	for r := 0; r < n; r++ {
		gr, hr := g[r*3*hs:(r+1)*3*hs], gh[r*3*hs:(r+1)*3*hs]
		dgr, dhr := dg[r*3*hs:(r+1)*3*hs], dgh[r*3*hs:(r+1)*3*hs]
		rg, z, ng, hn := gr[:hs], gr[hs:2*hs], gr[2*hs:], hr[2*hs:]
		hp := hPrev[r*hs : (r+1)*hs]
		d, dp := dh[r*hs:(r+1)*hs], dhPrev[r*hs:(r+1)*hs]
		for j := range d {
			dn := d[j] * (1 - z[j]) * (1 - ng[j]*ng[j])
			dr := dn * hn[j] * rg[j] * (1 - rg[j])
			dz := d[j] * (hp[j] - ng[j]) * z[j] * (1 - z[j])
			dgr[j], dgr[hs+j], dgr[2*hs+j] = dr, dz, dn
			dhr[j], dhr[hs+j], dhr[2*hs+j] = dr, dz, dn*rg[j]
			dp[j] = d[j] * z[j]
		}
	}
}
