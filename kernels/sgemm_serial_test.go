package kernels

import (
	"testing"

	"github.com/corten-ml/corten/parallel"
)

// TestSgemmSerial: the one-goroutine entry point gives Sgemm's result bit
// for bit (including the k == 0 and alpha == 0 shortcuts) and checks its
// arguments the same way.
func TestSgemmSerial(t *testing.T) {
	defer parallel.SetThreads(parallel.SetThreads(4))
	for _, sh := range []struct{ m, n, k int }{{1, 1, 1}, {7, 33, 5}, {150, 400, 16}, {16, 1000, 150}, {5, 3, 0}} {
		for _, tr := range []struct{ a, b bool }{{false, false}, {true, false}, {false, true}, {true, true}} {
			lda, ldb := max(sh.k, 1), sh.n
			if tr.a {
				lda = sh.m
			}
			if tr.b {
				ldb = max(sh.k, 1)
			}
			a := make([]float32, max(sh.m*sh.k, 1))
			b := make([]float32, max(sh.k*sh.n, 1))
			for i := range a {
				a[i] = float32(i%13) - 6
			}
			for i := range b {
				b[i] = float32(i%7)*0.5 - 1
			}
			for _, alpha := range []float32{1, 0} {
				want := make([]float32, sh.m*sh.n)
				got := make([]float32, sh.m*sh.n)
				for i := range want {
					want[i], got[i] = float32(i), float32(i)
				}
				Sgemm(tr.a, tr.b, sh.m, sh.n, sh.k, alpha, a, lda, b, ldb, 0.5, want, sh.n)
				SgemmSerial(tr.a, tr.b, sh.m, sh.n, sh.k, alpha, a, lda, b, ldb, 0.5, got, sh.n)
				for i := range want {
					if got[i] != want[i] {
						t.Fatalf("%+v %+v alpha %v: element %d = %v, Sgemm gives %v", sh, tr, alpha, i, got[i], want[i])
					}
				}
			}
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("SgemmSerial accepted a short C")
		}
	}()
	SgemmSerial(false, false, 2, 2, 2, 1, make([]float32, 4), 2, make([]float32, 4), 2, 0, make([]float32, 3), 2)
}
