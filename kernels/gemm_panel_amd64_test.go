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

// TestSgemm14x32Panel checks the panel kernel bit for bit against one
// Sgemm14x32Strided call per tile (then, with a bias, the bias added to
// each element in Go, as AddBias rounds), for 1 to 4 tiles, every k up to
// 20 and a few long ones, A by rows, transposed and packed (each with its
// own tile stride), each alpha/beta case, with guard values around C and
// between its rows, which neither kernel may touch.
func TestSgemm14x32Panel(t *testing.T) {
	if !cpu.X86.HasAVX512F {
		t.Skip("no AVX-512F")
	}
	rng := rand.New(rand.NewPCG(14, 32))
	random := func(n int) []float32 { return uniformSigned(rng, n) }
	ks := tileKs(20, 100, 513)
	scalars := [][2]float32{{1, 0}, {-1.5, float32(math.Copysign(0, -1))}, {1, 1}, {1.25, -0.3}, {1, 0}, {0.7, 1}}
	const ldc, off, guard = 32 + 5, 3, float32(-7777)
	for tiles := 1; tiles <= 4; tiles++ {
		rows := 14 * tiles
		for _, k := range ks {
			// Element (i, p) of tile t's A is a[t*ats+i*rsa+p*csa].
			layouts := []struct {
				name          string
				rsa, csa, ats int
			}{
				{"rows", k + 3, 1, 14 * (k + 3)},
				{"transposed", 1, rows + 3, 14},
				{"packed", 1, 14, 14 * k},
			}
			for _, l := range layouts {
				a := random((tiles-1)*l.ats + 13*l.rsa + (k-1)*l.csa + 1)
				rsb := 32 + 7
				b := random((k-1)*rsb + 32)
				for x, s := range scalars {
					alpha, beta := s[0], s[1]
					var bias []float32
					if x%2 == 1 {
						bias = random(32)
					}
					name := fmt.Sprintf("tiles=%d/k=%d/%s/alpha=%v,beta=%v,bias=%t", tiles, k, l.name, alpha, beta, bias != nil)
					c0 := guardedTiles(random, rows, ldc, off, guard, beta)
					want := append([]float32(nil), c0...)
					for tt := 0; tt < tiles; tt++ {
						o := off + 14*tt*ldc
						amd64.Sgemm14x32Strided(k, a[tt*l.ats:], l.rsa, l.csa, b, rsb, want[o:o+13*ldc+32], ldc, alpha, beta)
					}
					addBiasRef(want[off:], ldc, rows, bias)
					got := append([]float32(nil), c0...)
					amd64.Sgemm14x32Panel(k, tiles, a, l.rsa, l.csa, l.ats, b, rsb, got[off:off+(rows-1)*ldc+32], ldc, alpha, beta, bias)
					for x := range got {
						if math.Float32bits(got[x]) != math.Float32bits(want[x]) {
							t.Errorf("%s: element %d (row %d, column %d) = %v, want %v", name, x-off, (x-off)/ldc, (x-off)%ldc, got[x], want[x])
							break
						}
					}
				}
			}
		}
	}
}
