//go:build arm64 && gc && !purego

package kernels

import (
	"math/rand"
	"testing"

	"github.com/corten-ml/corten/kernels/arm64"
	"golang.org/x/sys/cpu"
)

// TestFusedARM64 checks that the fused kernels take the NEON passes
// exactly when SIMD is on, and that those passes, called directly over
// whole groups of four, give the Go passes' bits (so TestGateTails
// compares the assembly, not the Go code, with the reference), as the
// LayerNorm row kernels do.
func TestFusedARM64(t *testing.T) {
	if fusedAsm != cpu.ARM64.HasASIMD {
		t.Fatalf("fusedAsm = %v with ASIMD %v", fusedAsm, cpu.ARM64.HasASIMD)
	}
	needFused(t)
	was := SetSIMD(true)
	defer SetSIMD(was)
	if !fusedSIMD() {
		t.Errorf("SIMD on: the fused kernels run the Go passes")
	}
	SetSIMD(false)
	if fusedSIMD() {
		t.Errorf("SIMD off: the fused kernels run the assembly")
	}

	r := rand.New(rand.NewSource(5))
	const rows, hs = 2, 12
	nh := rows * hs
	rs := func(n int) []float32 { return randSlice(r, n, false) }
	both := func(in ...[]float32) (a, b [][]float32) {
		for _, s := range in {
			a = append(a, append([]float32(nil), s...))
			b = append(b, append([]float32(nil), s...))
		}
		return a, b
	}

	a, b := both(rs(4*nh), rs(nh), make([]float32, nh), make([]float32, nh), make([]float32, nh))
	arm64.LSTMGates(a[0], a[1], a[2], a[3], a[4], rows, hs, hs)
	lstmGo(b[0], b[1], b[2], b[3], b[4], rows, hs, 0)
	for i := range a {
		checkSame(t, "LSTMGates", a[i], b[i])
	}
	a, b = both(make([]float32, 4*nh), rs(nh), rs(nh), a[0], rs(nh), a[3])
	arm64.LSTMGatesBack(a[0], a[1], a[2], a[3], a[4], a[5], rows, hs, hs)
	lstmBackGo(b[0], b[1], b[2], b[3], b[4], b[5], rows, hs, 0)
	for i := range a {
		checkSame(t, "LSTMGatesBack", a[i], b[i])
	}
	a, b = both(rs(3*nh), rs(3*nh), rs(nh), make([]float32, nh))
	arm64.GRUGates(a[0], a[1], a[2], a[3], rows, hs, hs)
	gruGo(b[0], b[1], b[2], b[3], rows, hs, 0)
	for i := range a {
		checkSame(t, "GRUGates", a[i], b[i])
	}
	a, b = both(make([]float32, 3*nh), make([]float32, 3*nh), make([]float32, nh), rs(nh), a[0], a[1], a[2])
	arm64.GRUGatesBack(a[0], a[1], a[2], a[3], a[4], a[5], a[6], rows, hs, hs)
	gruBackGo(b[0], b[1], b[2], b[3], b[4], b[5], b[6], rows, hs, 0)
	for i := range a {
		checkSame(t, "GRUGatesBack", a[i], b[i])
	}

	const lnRows, cols = 3, 31 // a step of sixteen, three groups of four and three more
	x, w, bias, dy := rs(lnRows*cols), rs(cols), rs(cols), rs(lnRows*cols)
	a, b = both(make([]float32, lnRows*cols), make([]float32, lnRows), make([]float32, lnRows))
	if done := arm64.LNRows(a[0], x, w, bias, a[1], a[2], 1e-5); done != lnRows {
		t.Fatalf("LNRows did %d of %d rows", done, lnRows)
	}
	lnRowsGo(b[0], x, w, bias, cols, 1e-5, b[1], b[2])
	for i := range a {
		checkSame(t, "LNRows", a[i], b[i])
	}
	mean, rstd := a[1], a[2]
	a, b = both(make([]float32, lnRows*cols), rs(cols), rs(cols))
	arm64.LNBackRows(a[0], a[1], a[2], dy, x, w, mean, rstd)
	lnBackRowsGo(b[0], b[1], b[2], dy, x, w, cols, mean, rstd)
	for i := range a {
		checkSame(t, "LNBackRows", a[i], b[i])
	}
}
