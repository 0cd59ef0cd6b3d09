package kernels

import "fmt"

// The gate kernels of the recurrent cells: the whole elementwise work of
// one time step in one pass. The gates are [rows, G·hidden] row-major
// with the gate blocks of a row side by side in PyTorch's order (LSTM i,
// f, g, o; GRU r, z, n); states are [rows, hidden].
//
// The nonlinearities are exactly those of Sigmoid and Tanh (same
// algorithm, same bits), and the products are the float32 operations
// each function's comment spells out, fused where it says fma (one
// rounding). The assembly and Go paths give identical bits.

// LSTMGates turns the preactivations g [rows, 4·hidden] into the gate
// activations i = σ, f = σ, g = tanh, o = σ in place, and computes the
// cell state c = fma(f, cPrev, i·g), tc = tanh(c) and the output
// h = o·tc, [rows, hidden] each. c may be cPrev; no other slices may
// overlap.
func LSTMGates(g, cPrev, c, tc, h []float32, hidden int) {
	rows := gateRows("LSTMGates", len(g), 4, hidden, len(c))
	sameLen("LSTMGates (states)", len(c), cPrev, tc, h)
	splitGateRows(rows, hidden, gateJob{kind: lstmForward, hidden: hidden, s: [8][]float32{g, cPrev, c, tc, h}})
}

// LSTMGatesBackward is LSTMGates backwards. g holds the gate activations
// and cPrev, tc the previous cell state and tanh of this one; dh is dL/dh
// of the step and dc, on entry, dL/dc as it reaches c from the next step.
// It writes the preactivations' gradient da [rows, 4·hidden] and replaces
// dc by dL/dcPrev:
//
//	dct = fma(dh·o, fma(-tc, tc, 1), dc)
//	di = (dct·g)·fma(-i, i, i),   df = (dct·cPrev)·fma(-f, f, f)
//	dg = (dct·i)·fma(-g, g, 1),   do = (dh·tc)·fma(-o, o, o)
//	dc = dct·f
//
// No slices may overlap.
func LSTMGatesBackward(da, dc, dh, g, cPrev, tc []float32, hidden int) {
	rows := gateRows("LSTMGatesBackward", len(g), 4, hidden, len(dc))
	sameLen("LSTMGatesBackward (gates)", len(g), da)
	sameLen("LSTMGatesBackward (states)", len(dc), dh, cPrev, tc)
	splitGateRows(rows, hidden, gateJob{kind: lstmBackward, hidden: hidden, s: [8][]float32{da, dc, dh, g, cPrev, tc}})
}

// GRUGates takes the input preactivations g [rows, 3·hidden] (W_ih·x +
// b_ih for r, z, n) and the recurrent products gh (W_hh·hPrev + b_hh, the
// same shape), turns g into the activations in place,
//
//	r = σ(g_r + gh_r),  z = σ(g_z + gh_z),  n = tanh(fma(r, gh_n, g_n))
//
// and writes h = fma(z, hPrev - n, n) [rows, hidden]. gh is only read.
// No slices may overlap.
func GRUGates(g, gh, hPrev, h []float32, hidden int) {
	rows := gateRows("GRUGates", len(g), 3, hidden, len(h))
	sameLen("GRUGates (recurrent)", len(g), gh)
	sameLen("GRUGates (states)", len(h), hPrev)
	splitGateRows(rows, hidden, gateJob{kind: gruForward, hidden: hidden, s: [8][]float32{g, gh, hPrev, h}})
}

// GRUGatesBackward is GRUGates backwards. dh is dL/dh of the step; g the
// gate activations, gh the recurrent products and hPrev the previous
// state. It writes the gradients of the input preactivations dg and of
// the recurrent products dgh [rows, 3·hidden] and the direct part of the
// previous state's gradient, dhPrev = dh·z:
//
//	dn = fma(-dh, z, dh)·fma(-n, n, 1)
//	dr = (dn·gh_n)·fma(-r, r, r),  dz = (dh·(hPrev - n))·fma(-z, z, z)
//	dg = (dr, dz, dn),  dgh = (dr, dz, dn·r)
//
// No slices may overlap.
func GRUGatesBackward(dg, dgh, dhPrev, dh, g, gh, hPrev []float32, hidden int) {
	rows := gateRows("GRUGatesBackward", len(g), 3, hidden, len(dh))
	sameLen("GRUGatesBackward (gates)", len(g), dg, dgh, gh)
	sameLen("GRUGatesBackward (states)", len(dh), dhPrev, hPrev)
	splitGateRows(rows, hidden, gateJob{kind: gruBackward, hidden: hidden, s: [8][]float32{dg, dgh, dhPrev, dh, g, gh, hPrev}})
}

// gateRows checks that the gates are gates blocks of the states' rows and
// returns the number of rows.
func gateRows(op string, ng, gates, hidden, nh int) int {
	if hidden <= 0 || nh%hidden != 0 || ng != gates*nh {
		panic(fmt.Sprintf("kernels: %s: length mismatch: %d gates for %d states of hidden size %d", op, ng, nh, hidden))
	}
	return nh / hidden
}

// The Go passes, over the columns from on of every row.

func lstmGo(g, cPrev, c, tc, h []float32, rows, hs, from int) {
	for r := 0; r < rows; r++ {
		gr := g[r*4*hs : (r+1)*4*hs]
		cp, cr := cPrev[r*hs:(r+1)*hs], c[r*hs:(r+1)*hs]
		tr, hr := tc[r*hs:(r+1)*hs], h[r*hs:(r+1)*hs]
		for j := from; j < hs; j++ {
			i, f := sigmoid32(gr[j]), sigmoid32(gr[hs+j])
			gg, o := tanh32(gr[2*hs+j]), sigmoid32(gr[3*hs+j])
			gr[j], gr[hs+j], gr[2*hs+j], gr[3*hs+j] = i, f, gg, o
			cv := fma32(f, cp[j], float32(i*gg))
			t := tanh32(cv)
			cr[j], tr[j], hr[j] = cv, t, float32(o*t)
		}
	}
}

func lstmBackGo(da, dc, dh, g, cPrev, tc []float32, rows, hs, from int) {
	for r := 0; r < rows; r++ {
		gr, dar := g[r*4*hs:(r+1)*4*hs], da[r*4*hs:(r+1)*4*hs]
		cp, tr := cPrev[r*hs:(r+1)*hs], tc[r*hs:(r+1)*hs]
		dhr, dcr := dh[r*hs:(r+1)*hs], dc[r*hs:(r+1)*hs]
		for j := from; j < hs; j++ {
			i, f, gg, o := gr[j], gr[hs+j], gr[2*hs+j], gr[3*hs+j]
			t, d := tr[j], dhr[j]
			dct := fma32(float32(d*o), fma32(-t, t, 1), dcr[j])
			dar[j] = float32(float32(dct*gg) * fma32(-i, i, i))
			dar[hs+j] = float32(float32(dct*cp[j]) * fma32(-f, f, f))
			dar[2*hs+j] = float32(float32(dct*i) * fma32(-gg, gg, 1))
			dar[3*hs+j] = float32(float32(d*t) * fma32(-o, o, o))
			dcr[j] = float32(dct * f)
		}
	}
}

func gruGo(g, gh, hPrev, h []float32, rows, hs, from int) {
	for r := 0; r < rows; r++ {
		gr, hr := g[r*3*hs:(r+1)*3*hs], gh[r*3*hs:(r+1)*3*hs]
		hp, ho := hPrev[r*hs:(r+1)*hs], h[r*hs:(r+1)*hs]
		for j := from; j < hs; j++ {
			rg := sigmoid32(float32(gr[j] + hr[j]))
			z := sigmoid32(float32(gr[hs+j] + hr[hs+j]))
			n := tanh32(fma32(rg, hr[2*hs+j], gr[2*hs+j]))
			gr[j], gr[hs+j], gr[2*hs+j] = rg, z, n
			ho[j] = fma32(z, float32(hp[j]-n), n)
		}
	}
}

func gruBackGo(dg, dgh, dhPrev, dh, g, gh, hPrev []float32, rows, hs, from int) {
	for r := 0; r < rows; r++ {
		gr, hr := g[r*3*hs:(r+1)*3*hs], gh[r*3*hs:(r+1)*3*hs]
		dgr, dhr := dg[r*3*hs:(r+1)*3*hs], dgh[r*3*hs:(r+1)*3*hs]
		hp := hPrev[r*hs : (r+1)*hs]
		d, dp := dh[r*hs:(r+1)*hs], dhPrev[r*hs:(r+1)*hs]
		for j := from; j < hs; j++ {
			rg, z, n := gr[j], gr[hs+j], gr[2*hs+j]
			dn := float32(fma32(-d[j], z, d[j]) * fma32(-n, n, 1))
			dr := float32(float32(dn*hr[2*hs+j]) * fma32(-rg, rg, rg))
			dz := float32(float32(d[j]*float32(hp[j]-n)) * fma32(-z, z, z))
			dgr[j], dgr[hs+j], dgr[2*hs+j] = dr, dz, dn
			dhr[j], dhr[hs+j], dhr[2*hs+j] = dr, dz, float32(dn*rg)
			dp[j] = float32(d[j] * z)
		}
	}
}
