//go:build amd64 && gc && !purego

package kernels

import (
	"github.com/corten-ml/corten/kernels/amd64"
	"golang.org/x/sys/cpu"
)

func init() {
	fusedAsm = cpu.X86.HasAVX2 && cpu.X86.HasFMA
	fusedWide = fusedAsm && avx512
}

// The AVX2 assembly handles whole groups of eight elements (or columns);
// the Go passes finish each row from there. The AVX-512 gate passes run
// whole rows.

func lnSumSIMD(acc *[16]float32, x []float32) {
	amd64.LNSum(acc, x)
	lnSumGo(acc, x, len(x)&^7)
}

func lnCenteredSIMD(s, q *[16]float32, x []float32, m float32) {
	amd64.LNCentered(s, q, x, m)
	lnCenteredGo(s, q, x, m, len(x)&^7)
}

func lnNormSIMD(dst, x, w, b []float32, m, r float32) {
	n := len(dst) &^ 7
	amd64.LNNorm(dst[:n], x[:n], w[:n], b[:n], m, r)
	lnNormGo(dst, x, w, b, m, r, n)
}

func lnBackSumsSIMD(sg, sgx *[16]float32, db, dw, dy, x, w []float32, m, r float32) {
	n := len(dy) &^ 7
	amd64.LNBackSums(sg, sgx, db[:n], dw[:n], dy[:n], x[:n], w[:n], m, r)
	lnBackSumsGo(sg, sgx, db, dw, dy, x, w, m, r, n)
}

func lnBackDxSIMD(dx, dy, x, w []float32, m, r, gm, gxm float32) {
	n := len(dx) &^ 7
	amd64.LNBackDx(dx[:n], dy[:n], x[:n], w[:n], m, r, gm, gxm)
	lnBackDxGo(dx, dy, x, w, m, r, gm, gxm, n)
}

func lstmSIMD(g, cPrev, c, tc, h []float32, rows, hs int) {
	if fusedWide {
		amd64.LSTMGates512(g, cPrev, c, tc, h, rows, hs)
		return
	}
	amd64.LSTMGates(g, cPrev, c, tc, h, rows, hs, hs&^7)
	lstmGo(g, cPrev, c, tc, h, rows, hs, hs&^7)
}

func lstmBackSIMD(da, dc, dh, g, cPrev, tc []float32, rows, hs int) {
	if fusedWide {
		amd64.LSTMGatesBack512(da, dc, dh, g, cPrev, tc, rows, hs)
		return
	}
	amd64.LSTMGatesBack(da, dc, dh, g, cPrev, tc, rows, hs, hs&^7)
	lstmBackGo(da, dc, dh, g, cPrev, tc, rows, hs, hs&^7)
}

func gruSIMD(g, gh, hPrev, h []float32, rows, hs int) {
	if fusedWide {
		amd64.GRUGates512(g, gh, hPrev, h, rows, hs)
		return
	}
	amd64.GRUGates(g, gh, hPrev, h, rows, hs, hs&^7)
	gruGo(g, gh, hPrev, h, rows, hs, hs&^7)
}

func gruBackSIMD(dg, dgh, dhPrev, dh, g, gh, hPrev []float32, rows, hs int) {
	if fusedWide {
		amd64.GRUGatesBack512(dg, dgh, dhPrev, dh, g, gh, hPrev, rows, hs)
		return
	}
	amd64.GRUGatesBack(dg, dgh, dhPrev, dh, g, gh, hPrev, rows, hs, hs&^7)
	gruBackGo(dg, dgh, dhPrev, dh, g, gh, hPrev, rows, hs, hs&^7)
}
