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
// whole groups of four, give the Go passes' bits (so TestGateTails and
// TestLayerNormTails compare the assembly, not the Go code, with the
// reference).
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

	const n = 28 // one step of sixteen and three groups of four
	x, w, bias, dy := rs(n), rs(n), rs(n), rs(n)
	var s1, s2, q1, q2 [16]float32
	arm64.LNSum(&s1, x)
	lnSumGo(&s2, x, 0)
	checkSame(t, "LNSum", s1[:], s2[:])
	arm64.LNCentered(&s1, &q1, x, 0.25)
	lnCenteredGo(&s2, &q2, x, 0.25, 0)
	checkSame(t, "LNCentered sums", s1[:], s2[:])
	checkSame(t, "LNCentered squares", q1[:], q2[:])
	a, b = both(make([]float32, n))
	arm64.LNNorm(a[0], x, w, bias, 0.25, 1.5)
	lnNormGo(b[0], x, w, bias, 0.25, 1.5, 0)
	checkSame(t, "LNNorm", a[0], b[0])
	a, b = both(rs(n), rs(n))
	arm64.LNBackSums(&s1, &q1, a[0], a[1], dy, x, w, 0.25, 1.5)
	lnBackSumsGo(&s2, &q2, b[0], b[1], dy, x, w, 0.25, 1.5, 0)
	checkSame(t, "LNBackSums g", s1[:], s2[:])
	checkSame(t, "LNBackSums g·x̂", q1[:], q2[:])
	checkSame(t, "LNBackSums db", a[0], b[0])
	checkSame(t, "LNBackSums dw", a[1], b[1])
	a, b = both(make([]float32, n))
	arm64.LNBackDx(a[0], dy, x, w, 0.25, 1.5, 0.125, -0.5)
	lnBackDxGo(b[0], dy, x, w, 0.25, 1.5, 0.125, -0.5, 0)
	checkSame(t, "LNBackDx", a[0], b[0])
}
