package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// TestGemmTailBitIdentical checks that the tail kernel (the last row tile
// of at most tailMR rows on its own kernel) gives the same bits as the full
// kernel on a padded tile, for many m around the tile heights, with k
// blocks, transposes, alpha/beta pairs, operands packed and read in place,
// and one or several workers. It calls gemmBlocked with the kernel
// directly, so that forShape does not divert small m to another kernel.
// It switches package variables (gemmTail, gemmInPlaceReuse, the thread
// count): not parallel.
func TestGemmTailBitIdentical(t *testing.T) {
	var mk *microKernel
	for _, k := range asmMicroKernels() {
		if k.tail != nil {
			mk = k
		}
	}
	if mk == nil {
		t.Skip("no GEMM kernel with a tail kernel")
	}
	var ms []int
	for m := 1; m <= 30; m++ {
		ms = append(ms, m)
	}
	ms = append(ms, 32, 57, 64, 65, 71, 128, 130)
	ns := []int{5, 32, 40, 96, 300}
	ks := []int{1, 9, 40, 530} // 530 > kc: two k blocks
	scalars := [][2]float32{{1, 0}, {1, 1}, {0.7, 0.3}, {-1.25, 1}, {1, -0.5}, {0.5, 1.5}}
	if testing.Short() || raceEnabled {
		ns, ks = ns[1:3], ks[1:]
	}
	forceSplitting(t, 3)
	savedTail, savedReuse := gemmTail, gemmInPlaceReuse
	t.Cleanup(func() { gemmTail, gemmInPlaceReuse = savedTail, savedReuse })
	rng := rand.New(rand.NewPCG(64, 8))
	random := func(n int) []float32 { return uniformSigned(rng, n) }
	idx := 0
	for _, m := range ms {
		for _, n := range ns {
			for _, k := range ks {
				transA, transB := idx%2 == 1, idx/2%2 == 1
				s := scalars[idx/4%len(scalars)] // every pair meets every transpose
				alpha, beta := s[0], s[1]
				idx++
				lda, ldb, ldc := k+1, n+2, n+3
				if transA {
					lda = m + 1
				}
				if transB {
					ldb = k + 2
				}
				// A and B end at their last element, as the checks allow.
				ar, ac, br, bc := m, k, k, n
				if transA {
					ar, ac = k, m
				}
				if transB {
					br, bc = n, k
				}
				a := random((ar-1)*lda + ac)
				b := random((br-1)*ldb + bc)
				const off = 3
				c0 := random(off + m*ldc + off)
				if beta == 0 {
					for i := range c0 {
						c0[i] = float32(math.NaN())
					}
				}
				run := func(tail bool, reuse, threads int) []float32 {
					gemmTail, gemmInPlaceReuse = tail, reuse
					c := append([]float32(nil), c0...)
					gemmBlocked(mk, threads, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c[off:], ldc)
					return c
				}
				for _, reuse := range []int{0, savedReuse, 1 << 30} {
					want := run(false, reuse, 1)
					for _, threads := range []int{1, 3} {
						got := run(true, reuse, threads)
						for x := range got {
							if math.Float32bits(got[x]) != math.Float32bits(want[x]) {
								t.Errorf("%s: C element %d = %v with the tail kernel, %v without",
									fmt.Sprintf("transA=%v transB=%v %dx%dx%d alpha=%v beta=%v inPlaceReuse=%d threads=%d",
										transA, transB, m, n, k, alpha, beta, reuse, threads), x-off, got[x], want[x])
								break
							}
						}
					}
				}
			}
		}
	}
}

// uniformSigned returns n values drawn uniformly from [-1, 1).
func uniformSigned(rng *rand.Rand, n int) []float32 {
	x := make([]float32, n)
	for i := range x {
		x[i] = rng.Float32()*2 - 1
	}
	return x
}

// addBiasRef adds bias (nil for none) to rows rows of c, ldc apart, one
// rounding an element, as AddBias does: the reference of the kernels'
// bias.
func addBiasRef(c []float32, ldc, rows int, bias []float32) {
	for i := 0; bias != nil && i < rows; i++ {
		for j, v := range bias {
			c[i*ldc+j] += v
		}
	}
}
