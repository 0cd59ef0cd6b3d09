package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestSgemmBias checks that SgemmBias and SgemmBiasSerial give the bits of
// Sgemm followed by the bias added to each row, on every kernel path, for
// m around the tile heights, n with partial slivers and above the
// in-place limit, k with two k blocks, every transpose and alpha/beta
// pair, operands read in place and packed, one and three workers, and
// strides wider than the matrices (whose gaps must stay untouched). It
// switches package variables: not parallel.
func TestSgemmBias(t *testing.T) {
	ms := []int{1, 2, 7, 8, 13, 14, 15, 22, 28, 57, 64, 71, 130}
	ns := []int{5, 32, 40, 96, 600}
	ks := []int{1, 9, 128, 530}
	if testing.Short() || raceEnabled {
		ms, ks = ms[:9], ks[:3]
	}
	scalars := [][2]float32{{1, 0}, {1, 1}, {0.7, 0.3}, {-1.25, 1}, {1, -0.5}, {0, 1}}
	savedReuse := gemmInPlaceReuse
	t.Cleanup(func() { gemmInPlaceReuse = savedReuse })
	rng := rand.New(rand.NewPCG(12, 34))
	random := func(n int) []float32 { return uniformSigned(rng, n) }
	forPaths(t, func(t *testing.T) {
		for _, threads := range []int{1, 3} {
			forceSplitting(t, threads)
			for _, reuse := range []int{savedReuse, 0} {
				gemmInPlaceReuse = reuse
				idx := 0
				for _, m := range ms {
					for _, n := range ns {
						for _, k := range ks {
							transA, transB := idx%2 == 1, idx/2%2 == 1
							s := scalars[idx/4%len(scalars)]
							alpha, beta := s[0], s[1]
							idx++
							lda, ldb, ldc := k+1, n+2, n+3
							ar, br := m, k
							if transA {
								lda, ar = m+1, k
							}
							if transB {
								ldb, br = k+2, n
							}
							a, b := random(ar*lda), random(br*ldb)
							c0, bias := random(m*ldc), random(n)
							want := append([]float32(nil), c0...)
							Sgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, want, ldc)
							addBiasRef(want, ldc, m, bias)
							name := fmt.Sprintf("threads=%d/reuse=%d/%dx%dx%d/trans=%t,%t/alpha=%v,beta=%v", threads, reuse, m, n, k, transA, transB, alpha, beta)
							for _, f := range []struct {
								name string
								gemm func(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, bias, c []float32, ldc int)
							}{{"SgemmBias", SgemmBias}, {"SgemmBiasSerial", SgemmBiasSerial}} {
								got := append([]float32(nil), c0...)
								f.gemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, bias, got, ldc)
								for x := range got {
									if math.Float32bits(got[x]) != math.Float32bits(want[x]) {
										t.Fatalf("%s %s: C[%d][%d] = %v, want %v (Sgemm, then the bias)", f.name, name, x/ldc, x%ldc, got[x], want[x])
									}
								}
							}
						}
					}
				}
			}
		}
	})
}

// TestSgemmBiasPanics checks that a bias of the wrong length panics with
// both lengths in the message.
func TestSgemmBiasPanics(t *testing.T) {
	defer func() {
		msg := fmt.Sprint(recover())
		if !strings.Contains(msg, "bias of 3 values for 4 columns") {
			t.Errorf("panic %q, want the bias and column counts", msg)
		}
	}()
	SgemmBias(false, false, 2, 4, 3, 1, make([]float32, 6), 3, make([]float32, 12), 4, 0, make([]float32, 3), make([]float32, 8), 4)
}
