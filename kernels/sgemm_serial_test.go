package kernels

import (
	"fmt"
	"github.com/corten-ml/corten/parallel"
	"testing"
)

// TestSgemmSerial: the one-goroutine entry point gives Sgemm's result bit
// for bit (including the k == 0 and alpha == 0 shortcuts), leaves A and B
// alone, and checks its arguments the same way. It sets four threads for
// Sgemm (restored when it ends), so it does not run in parallel.
func TestSgemmSerial(t *testing.T) {
	was := parallel.SetThreads(4)
	t.Cleanup(func() { parallel.SetThreads(was) })
	for _, sh := range []struct{ m, n, k int }{{1, 1, 1}, {7, 33, 5}, {150, 400, 16}, {16, 1000, 150}, {5, 3, 0}} {
		for _, tr := range []struct{ a, b bool }{{false, false}, {true, false}, {false, true}, {true, true}} {
			lda, ldb := max(sh.k, 1), sh.n
			if tr.a {
				lda = sh.m
			}
			if tr.b {
				ldb = max(sh.k, 1)
			}
			a0 := make([]float32, max(sh.m*sh.k, 1))
			b0 := make([]float32, max(sh.k*sh.n, 1))
			for i := range a0 {
				a0[i] = float32(i%13) - 6
			}
			for i := range b0 {
				b0[i] = float32(i%7)*0.5 - 1
			}
			for _, alpha := range []float32{1, 0} {
				t.Run(fmt.Sprintf("%dx%dx%d/transA=%v,transB=%v/alpha=%v", sh.m, sh.n, sh.k, tr.a, tr.b, alpha), func(t *testing.T) {
					what := fmt.Sprintf("%+v %+v alpha %v", sh, tr, alpha)
					want := make([]float32, sh.m*sh.n)
					got := make([]float32, sh.m*sh.n)
					for i := range want {
						want[i], got[i] = float32(i), float32(i)
					}
					a, b := append([]float32(nil), a0...), append([]float32(nil), b0...)
					Sgemm(tr.a, tr.b, sh.m, sh.n, sh.k, alpha, a, lda, b, ldb, 0.5, want, sh.n)
					checkUnchanged(t, stringer("Sgemm "+what), "A", a, a0)
					checkUnchanged(t, stringer("Sgemm "+what), "B", b, b0)
					a, b = append(a[:0], a0...), append(b[:0], b0...)
					SgemmSerial(tr.a, tr.b, sh.m, sh.n, sh.k, alpha, a, lda, b, ldb, 0.5, got, sh.n)
					checkUnchanged(t, stringer("SgemmSerial "+what), "A", a, a0)
					checkUnchanged(t, stringer("SgemmSerial "+what), "B", b, b0)
					for i := range want {
						if got[i] != want[i] {
							t.Fatalf("%s: element %d = %v from SgemmSerial, %v from Sgemm", what, i, got[i], want[i])
						}
					}
				})
			}
		}
	}
	t.Run("short C", func(t *testing.T) {
		defer func() {
			if recover() == nil {
				t.Error("SgemmSerial accepted a short C")
			}
		}()
		SgemmSerial(false, false, 2, 2, 2, 1, make([]float32, 4), 2, make([]float32, 4), 2, 0, make([]float32, 3), 2)
	})
}

// stringer is a fixed description, for checkUnchanged.
type stringer string

func (s stringer) String() string { return string(s) }
