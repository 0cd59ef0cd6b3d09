package kernels

import (
	"fmt"
	"math/rand"
	"testing"
)

// smallCase is one SgemmSmall product: op(A) m x k, op(B) k x n, C m x n,
// with row strides of at least the stored widths (pad extra elements).
type smallCase struct {
	transA, transB bool
	m, n, k, pad   int
}

func (s smallCase) String() string {
	return fmt.Sprintf("m=%d n=%d k=%d transA=%v transB=%v pad=%d", s.m, s.n, s.k, s.transA, s.transB, s.pad)
}

// operands returns A, B and their strides, filled from r.
func (s smallCase) operands(r *rand.Rand) (a []float32, lda int, b []float32, ldb int) {
	ar, ac := s.m, s.k
	if s.transA {
		ar, ac = s.k, s.m
	}
	br, bc := s.k, s.n
	if s.transB {
		br, bc = s.n, s.k
	}
	lda, ldb = max(ac, 1)+s.pad, max(bc, 1)+s.pad
	a = make([]float32, max(ar*lda-s.pad, 0))
	b = make([]float32, max(br*ldb-s.pad, 0))
	fill(r, a, false)
	fill(r, b, false)
	return a, lda, b, ldb
}

// checkSmall runs SgemmSmall on c and compares it bit for bit with
// SgemmSerial with beta == 0, on C arrays with guard values before, after
// and between the rows; A and B must come back unchanged.
func checkSmall(t *testing.T, r *rand.Rand, s smallCase, alpha float32) {
	t.Helper()
	a, lda, b, ldb := s.operands(r)
	a0, b0 := append([]float32(nil), a...), append([]float32(nil), b...)
	ldc := max(s.n, 1) + s.pad
	clen := max(s.m*ldc-s.pad, 0)
	const off = 3
	want, wantBack := guarded(clen, off)
	got, gotBack := guarded(clen, off)
	fill(r, want, true) // beta == 0: old NaNs must not survive
	copy(got, want)
	SgemmSerial(s.transA, s.transB, s.m, s.n, s.k, alpha, a, lda, b, ldb, 0, want, ldc)
	SgemmSmall(s.transA, s.transB, s.m, s.n, s.k, alpha, a, lda, b, ldb, got, ldc)
	what := fmt.Sprintf("%v alpha=%v path %s", s, alpha, Path())
	checkUnchanged(t, stringer(what), "A", a, a0)
	checkUnchanged(t, stringer(what), "B", b, b0)
	checkSame(t, what, gotBack, wantBack)
	checkGuards(t, what, gotBack, off, clen)
}

// TestSgemmSmall checks SgemmSmall against SgemmSerial at every row count
// through two groups of eight and every column count through two blocks
// of sixteen, short and long k (past smallMaxK, where it falls back), all
// transposes, with and without padded strides, on the assembly and the
// pure-Go paths.
func TestSgemmSmall(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	for _, simd := range []bool{true, false} {
		if simd && simdOps == nil {
			continue
		}
		was := SetSIMD(simd)
		for _, tr := range []struct{ a, b bool }{{false, false}, {true, false}, {false, true}, {true, true}} {
			for m := 0; m <= 19; m++ {
				for n := 0; n <= 35; n++ {
					for _, k := range []int{0, 1, 2, 7, 8, 16, 17, 33} {
						checkSmall(t, r, smallCase{tr.a, tr.b, m, n, k, (m + n + k) % 3}, 1.5)
					}
				}
			}
			for _, sh := range []struct{ m, n, k int }{{16, 16, 16}, {16, 16, 64}, {5, 9, 256}, {5, 9, 257}, {16, 64, 16}, {16, 16, 100}, {3, 2, 600}, {35, 20, 9}, {47, 16, 16}} {
				for _, alpha := range []float32{1, 0.25, 0} {
					checkSmall(t, r, smallCase{tr.a, tr.b, sh.m, sh.n, sh.k, 1}, alpha)
				}
			}
		}
		SetSIMD(was)
	}
}

// TestSgemmSmallReference checks the small kernel's reference against a
// plain float64 sum, so that the assembly, checked against SgemmSerial,
// and the reference describe the same product.
func TestSgemmSmallReference(t *testing.T) {
	r := rand.New(rand.NewSource(2))
	for _, s := range []smallCase{{false, false, 5, 7, 9, 0}, {true, false, 16, 16, 16, 2}} {
		a, lda, b, ldb := s.operands(r)
		rsa, csa := lda, 1
		if s.transA {
			rsa, csa = 1, lda
		}
		c := make([]float32, s.m*s.n)
		smallTileGo(s.m, s.n, s.k, a, rsa, csa, b, ldb, c, s.n, 0.5)
		got := make([]float32, s.m*s.n)
		SgemmSmall(s.transA, false, s.m, s.n, s.k, 0.5, a, lda, b, ldb, got, s.n)
		for i := 0; i < s.m; i++ {
			for j := 0; j < s.n; j++ {
				var sum float64
				for p := 0; p < s.k; p++ {
					sum += float64(a[i*rsa+p*csa]) * float64(b[p*ldb+j])
				}
				if d := float64(c[i*s.n+j]) - 0.5*sum; d > 1e-5 || d < -1e-5 {
					t.Fatalf("%v: reference C[%d][%d] = %v, float64 sum %v", s, i, j, c[i*s.n+j], 0.5*sum)
				}
				if simdOps != nil && Path() != "go" && got[i*s.n+j] != c[i*s.n+j] {
					t.Fatalf("%v: SgemmSmall C[%d][%d] = %v, reference %v", s, i, j, got[i*s.n+j], c[i*s.n+j])
				}
			}
		}
	}
}

// TestSgemmSmallAllocs: the transposed-B copy lives on the stack.
func TestSgemmSmallAllocs(t *testing.T) {
	a, b, c := make([]float32, 16*48), make([]float32, 16*48), make([]float32, 256)
	if n := testing.AllocsPerRun(10, func() {
		SgemmSmall(false, true, 16, 16, 16, 0.25, a, 48, b, 48, c, 16)
		SgemmSmall(true, false, 16, 16, 16, 1, a, 48, b, 48, c, 16)
	}); n != 0 {
		t.Errorf("SgemmSmall allocates %v times per call pair, want 0", n)
	}
}

// TestSgemmSmallShortC: the arguments are checked as Sgemm's.
func TestSgemmSmallShortC(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("SgemmSmall accepted a short C")
		}
	}()
	SgemmSmall(false, false, 2, 2, 2, 1, make([]float32, 4), 2, make([]float32, 4), 2, make([]float32, 3), 2)
}
