//go:build amd64 && gc && !purego

package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/corten-ml/corten/kernels/amd64"
	"golang.org/x/sys/cpu"
)

// stridedTileRef is the arithmetic of the AVX-512 strided kernels for a
// rows x 32 tile, element by element: FMAs in increasing p from zero, then
// alpha*acc, then, unless beta == 0, one FMA with beta*C.
func stridedTileRef(k, rows int, a []float32, rsa, csa int, b []float32, rsb int, c []float32, ldc int, alpha, beta float32) {
	for i := 0; i < rows; i++ {
		for j := 0; j < 32; j++ {
			var acc float32
			for p := 0; p < k; p++ {
				acc = fma32(a[i*rsa+p*csa], b[p*rsb+j], acc)
			}
			v := alpha * acc
			if beta != 0 {
				v = fma32(beta, c[i*ldc+j], v)
			}
			c[i*ldc+j] = v
		}
	}
}

// TestSgemm8x32Strided checks the 8 x 32 kernel bit for bit against its
// reference and against the first 8 rows of the 14 x 32 kernel, for every
// k up to 40 and a few long ones, A by rows, transposed and packed, each
// alpha/beta case, with and without a bias (added in Go to the reference),
// with guard values around and between the rows of C.
func TestSgemm8x32Strided(t *testing.T) {
	if !cpu.X86.HasAVX512F {
		t.Skip("no AVX-512F")
	}
	rng := rand.New(rand.NewPCG(8, 32))
	random := func(n int) []float32 { return uniformSigned(rng, n) }
	ks := tileKs(40, 100, 511, 1000)
	scalars := [][2]float32{{1, 0}, {-1.5, float32(math.Copysign(0, -1))}, {1, 1}, {0.7, 1}, {1.25, -0.3}, {-1, 2.5}}
	const ldc, off, guard = 32 + 5, 4, float32(-7777)
	for _, k := range ks {
		// A has 14 rows so that the 14 x 32 kernel can run on it too.
		layouts := []struct {
			name     string
			rsa, csa int
		}{
			{"rows", k + 3, 1},
			{"transposed", 1, 14 + 3},
			{"packed", 1, 14},
		}
		for _, l := range layouts {
			a := random(13*l.rsa + (k-1)*l.csa + 1)
			rsb := 32 + 7
			b := random((k-1)*rsb + 32)
			for x, s := range scalars {
				alpha, beta := s[0], s[1]
				var bias []float32
				if x%2 == 1 {
					bias = random(32)
				}
				name := fmt.Sprintf("k=%d/%s/alpha=%v,beta=%v,bias=%t", k, l.name, alpha, beta, bias != nil)
				c0 := guardedTiles(random, 14, ldc, off, guard, beta)
				want := append([]float32(nil), c0...)
				stridedTileRef(k, 8, a, l.rsa, l.csa, b, rsb, want[off:], ldc, alpha, beta)
				addBiasRef(want[off:], ldc, 8, bias)
				got := append([]float32(nil), c0...)
				amd64.Sgemm8x32Strided(k, a, l.rsa, l.csa, b, rsb, got[off:off+7*ldc+32], ldc, alpha, beta, bias)
				full := append([]float32(nil), c0...)
				amd64.Sgemm14x32Strided(k, a, l.rsa, l.csa, b, rsb, full[off:off+13*ldc+32], ldc, alpha, beta)
				addBiasRef(full[off:], ldc, 14, bias)
				for x := range got {
					i, j := (x-off)/ldc, (x-off)%ldc
					if x < off {
						i = -1
					}
					if math.Float32bits(got[x]) != math.Float32bits(want[x]) {
						t.Errorf("%s: element %d (row %d, column %d) = %v, want %v", name, x-off, i, j, got[x], want[x])
						break
					}
					if i >= 0 && i < 8 && j < 32 && math.Float32bits(got[x]) != math.Float32bits(full[x]) {
						t.Errorf("%s: C[%d][%d] = %v, the 14 x 32 kernel gives %v", name, i, j, got[x], full[x])
						break
					}
				}
			}
		}
	}
}

// tileKs returns the depths the tile tests run: every k from 1 to upto,
// then the long ones.
func tileKs(upto int, long ...int) []int {
	ks := make([]int, 0, upto+len(long))
	for k := 1; k <= upto; k++ {
		ks = append(ks, k)
	}
	return append(ks, long...)
}

// guardedTiles returns the C of the tile tests: rows rows of 32 random
// values (NaN where beta is 0, which the kernels must not read), ldc apart
// from offset off, and guard everywhere else, before, between and after
// the rows.
func guardedTiles(random func(int) []float32, rows, ldc, off int, guard, beta float32) []float32 {
	c := make([]float32, off+(rows-1)*ldc+32+off)
	for i := range c {
		c[i] = guard
	}
	for i := 0; i < rows; i++ {
		row := c[off+i*ldc : off+i*ldc+32]
		copy(row, random(32))
		if beta == 0 {
			for j := range row {
				row[j] = float32(math.NaN())
			}
		}
	}
	return c
}
