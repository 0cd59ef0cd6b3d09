//go:build arm64 && gc && !purego

package kernels

import (
	"github.com/corten-ml/corten/kernels/arm64"
	"golang.org/x/sys/cpu"
)

func init() { fusedAsm = cpu.ARM64.HasASIMD }

// The assembly handles whole groups of four elements (or columns); the
// Go passes finish each row from there.

func lnSumSIMD(acc *[16]float32, x []float32) {
	n := len(x) &^ 3
	arm64.LNSum(acc, x[:n])
	lnSumGo(acc, x, n)
}

func lnCenteredSIMD(s, q *[16]float32, x []float32, m float32) {
	n := len(x) &^ 3
	arm64.LNCentered(s, q, x[:n], m)
	lnCenteredGo(s, q, x, m, n)
}

func lnNormSIMD(dst, x, w, b []float32, m, r float32) {
	n := len(dst) &^ 3
	arm64.LNNorm(dst[:n], x[:n], w[:n], b[:n], m, r)
	lnNormGo(dst, x, w, b, m, r, n)
}

func lnBackSumsSIMD(sg, sgx *[16]float32, db, dw, dy, x, w []float32, m, r float32) {
	n := len(dy) &^ 3
	arm64.LNBackSums(sg, sgx, db[:n], dw[:n], dy[:n], x[:n], w[:n], m, r)
	lnBackSumsGo(sg, sgx, db, dw, dy, x, w, m, r, n)
}

func lnBackDxSIMD(dx, dy, x, w []float32, m, r, gm, gxm float32) {
	n := len(dx) &^ 3
	arm64.LNBackDx(dx[:n], dy[:n], x[:n], w[:n], m, r, gm, gxm)
	lnBackDxGo(dx, dy, x, w, m, r, gm, gxm, n)
}

func lstmSIMD(g, cPrev, c, tc, h []float32, rows, hs int) {
	arm64.LSTMGates(g, cPrev, c, tc, h, rows, hs, hs&^3)
	lstmGo(g, cPrev, c, tc, h, rows, hs, hs&^3)
}

func lstmBackSIMD(da, dc, dh, g, cPrev, tc []float32, rows, hs int) {
	arm64.LSTMGatesBack(da, dc, dh, g, cPrev, tc, rows, hs, hs&^3)
	lstmBackGo(da, dc, dh, g, cPrev, tc, rows, hs, hs&^3)
}

func gruSIMD(g, gh, hPrev, h []float32, rows, hs int) {
	arm64.GRUGates(g, gh, hPrev, h, rows, hs, hs&^3)
	gruGo(g, gh, hPrev, h, rows, hs, hs&^3)
}

func gruBackSIMD(dg, dgh, dhPrev, dh, g, gh, hPrev []float32, rows, hs int) {
	arm64.GRUGatesBack(dg, dgh, dhPrev, dh, g, gh, hPrev, rows, hs, hs&^3)
	gruBackGo(dg, dgh, dhPrev, dh, g, gh, hPrev, rows, hs, hs&^3)
}
