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

// The LayerNorm kernels run whole rows, many rows a call, in their
// AVX-512 variant where the gate passes run theirs; the AVX2 assembly of
// the gate passes handles whole groups of eight columns and the Go passes
// finish each row from there, while their AVX-512 assembly runs whole
// rows.

func lnRowsSIMD(dst, x, w, b []float32, cols int, eps float32, mean, rstd []float32) {
	rowsAsm := amd64.LNRows
	if fusedWide {
		rowsAsm = amd64.LNRows512
	}
	for i := 0; i < len(mean); i++ {
		lo := i * cols
		i += rowsAsm(dst[lo:], x[lo:], w, b, mean[i:], rstd[i:], eps)
		if i < len(mean) { // row i's float32 sums are not finite
			lo, hi := i*cols, (i+1)*cols
			lnRowGo(dst[lo:hi], x[lo:hi], w, b, eps, &mean[i], &rstd[i])
		}
	}
}

func lnBackRowsSIMD(dx, dw, db, dy, x, w, mean, rstd []float32) {
	if fusedWide {
		amd64.LNBackRows512(dx, dw, db, dy, x, w, mean, rstd)
		return
	}
	amd64.LNBackRows(dx, dw, db, dy, x, w, mean, rstd)
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
