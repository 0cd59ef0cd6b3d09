package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// flipOperands returns random A, B and C (NaNs when beta is 0) for an m x
// n x k product with padded strides, and the strides.
func flipOperands(rng *rand.Rand, transA, transB bool, m, n, k int, beta float32) (a []float32, lda int, b []float32, ldb int, c []float32, ldc int) {
	random := func(n int) []float32 { return uniformSigned(rng, n) }
	ar, ac, br, bc := m, k, k, n
	if transA {
		ar, ac = k, m
	}
	if transB {
		br, bc = n, k
	}
	lda, ldb, ldc = ac+1, bc+2, n+3
	a, b, c = random((ar-1)*lda+ac), random((br-1)*ldb+bc), random(m*ldc)
	if beta == 0 {
		for i := range c {
			c[i] = float32(math.NaN())
		}
	}
	return a, lda, b, ldb, c, ldc
}

// firstDiff reports the first element where got and want differ in bits,
// or -1.
func firstDiff(got, want []float32) int {
	for i := range got {
		if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
			return i
		}
	}
	return -1
}

// TestGemmFlipBitIdentical checks that computing C through its transpose
// gives the bits of the direct orientation on the same kernel, for shapes
// on both sides of the tile sizes, k blocks, transposes, alpha/beta pairs
// (including betas other than 0 and 1, whose edge tiles copyTile
// finishes) and one or several workers. It switches the thread count: not
// parallel.
func TestGemmFlipBitIdentical(t *testing.T) {
	ms := []int{1, 9, 14, 20, 64, 100, 384}
	ns := []int{1, 5, 10, 28, 33, 49}
	ks := []int{1, 40, 530}
	scalars := [][2]float32{{1, 0}, {1, 1}, {0.7, 0.3}, {-1.25, 1}, {1, -0.5}, {0.5, 1.5}}
	if testing.Short() || raceEnabled {
		ms, ks = ms[2:6], ks[:2]
	}
	rng := rand.New(rand.NewPCG(7, 11))
	forceSplitting(t, 3)
	kernels := append([]*microKernel{&goMicroKernel}, asmMicroKernels()...)
	idx := 0
	for _, mk := range kernels {
		for _, m := range ms {
			for _, n := range ns {
				for _, k := range ks {
					transA, transB := idx%2 == 1, idx/2%2 == 1
					s := scalars[idx/4%len(scalars)]
					alpha, beta := s[0], s[1]
					idx++
					a, lda, b, ldb, c0, ldc := flipOperands(rng, transA, transB, m, n, k, beta)
					want := append([]float32(nil), c0...)
					gemmBlocked(mk, 1, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, want, ldc)
					for _, threads := range []int{1, 3} {
						got := append([]float32(nil), c0...)
						gemmFlipped(mk, threads, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, got, ldc)
						if x := firstDiff(got, want); x >= 0 {
							t.Errorf("%s transA=%v transB=%v %dx%dx%d alpha=%v beta=%v threads=%d: C element %d = %v flipped, %v direct",
								mk.name, transA, transB, m, n, k, alpha, beta, threads, x, got[x], want[x])
						}
					}
				}
			}
		}
	}
}

// TestGemmEdgeTileBits checks that an element of C gets the same bits
// whether its register tile is an edge tile (computed into a buffer and
// finished by copyTile) or a full one: the product of the first m rows of
// A and first n columns of B against the same product inside a larger
// one, whose tiles there are all full, for betas other than 0 and 1 too.
func TestGemmEdgeTileBits(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	kernels := append([]*microKernel{&goMicroKernel}, asmMicroKernels()...)
	for _, mk := range kernels {
		for _, beta := range []float32{0.3, -0.5, 1.5, 1} {
			for _, s := range [][3]int{{5, 7, 40}, {20, 40, 530}, {9, 33, 3}} {
				m, n, k := s[0], s[1], s[2]
				big := [2]int{roundUp(m, mk.mr) + mk.mr, roundUp(n, mk.nr) + mk.nr}
				a, lda, b, ldb, c0, ldc := flipOperands(rng, false, false, big[0], big[1], k, beta)
				whole := append([]float32(nil), c0...)
				gemmBlocked(mk, 1, false, false, big[0], big[1], k, 1.25, a, lda, b, ldb, beta, whole, ldc)
				part := append([]float32(nil), c0...)
				gemmBlocked(mk, 1, false, false, m, n, k, 1.25, a, lda, b, ldb, beta, part, ldc)
				for i := 0; i < m; i++ {
					if x := firstDiff(part[i*ldc:i*ldc+n], whole[i*ldc:i*ldc+n]); x >= 0 {
						t.Fatalf("%s %s beta=%v: C[%d][%d] = %v as an edge tile, %v in a full one",
							mk.name, fmt.Sprint(s), beta, i, x, part[i*ldc+x], whole[i*ldc+x])
					}
				}
			}
		}
	}
}

// TestGemmFlipChosen checks that Sgemm takes the flipped orientation for
// the products it is for (the weight gradient of a layer with few inputs,
// A transposed) and not for square ones or an A not transposed,
// on the AVX-512 kernel.
func TestGemmFlipChosen(t *testing.T) {
	for _, mk := range asmMicroKernels() {
		if mk.nr != 32 {
			continue
		}
		for _, c := range []struct {
			transA  bool
			m, n, k int
			want    bool
		}{{true, 384, 28, 1792, true}, {true, 512, 28, 1792, true}, {true, 128, 10, 64, true},
			{false, 384, 28, 1792, false}, {true, 256, 256, 256, false}, {true, 64, 128, 784, false}, {true, 10, 128, 64, false}} {
			if got := gemmFlip(mk, c.transA, c.m, c.n, c.k, 1); got != c.want {
				t.Errorf("%s: gemmFlip(transA=%v, %d x %d x %d) = %v, want %v", mk.name, c.transA, c.m, c.n, c.k, got, c.want)
			}
		}
	}
}
