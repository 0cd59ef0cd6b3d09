package kernels

import (
	"fmt"
	"math"
	"math/rand"
	"testing"
)

// tileCase builds a guarded rows x cols tile with stride ld, filled from
// r (spread up to ±spread), for the SoftmaxTile tests.
func tileCase(r *rand.Rand, rows, cols, ld int, spread float32) (x, backing []float32, off int) {
	off = 2
	x, backing = guarded(max(span0(rows, cols, ld), 0), off)
	for i := range x {
		x[i] = (r.Float32()*2 - 1) * spread
	}
	return x, backing, off
}

func span0(rows, cols, ld int) int {
	n, _ := span(rows, cols, ld)
	return n
}

// TestSoftmaxTile checks SoftmaxTile on the active path against its
// AVX-512 reference bit for bit where that kernel runs, and on every path
// against a float64 softmax, for every row count and width through 17
// (past the vector), strides with gaps, causal or not; the gaps between
// rows and the guards around the tile must stay as they were.
func TestSoftmaxTile(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	for _, simd := range []bool{true, false} {
		if simd && simdOps == nil {
			continue
		}
		was := SetSIMD(simd)
		exact := simd && smallAsmAvailable()
		for rows := 0; rows <= 18; rows++ {
			for cols := 1; cols <= 17; cols++ {
				for _, causal := range []bool{false, true} {
					ld := cols + rows%3
					for _, spread := range []float32{1, 30} {
						x, back, off := tileCase(r, rows, cols, ld, spread)
						in := append([]float32(nil), x...)
						ref := append([]float32(nil), back...)
						want := ref[off : off+len(x)]
						SoftmaxTile(x, rows, cols, ld, causal)
						what := fmt.Sprintf("SoftmaxTile %dx%d ld %d causal %v spread %v path %s", rows, cols, ld, causal, spread, Path())
						checkGuards(t, what, back, off, len(x))
						if exact && cols <= 16 {
							softmaxTile16Go(want, rows, cols, ld, causal)
							checkSame(t, what, back, ref)
						}
						checkTileF64(t, what, x, in, rows, cols, ld, causal)
					}
				}
			}
		}
		SetSIMD(was)
	}
}

// checkTileF64 compares a softmax tile with the float64 softmax of its
// input in, and checks that the gaps between rows were left alone.
func checkTileF64(t *testing.T, what string, got, in []float32, rows, cols, ld int, causal bool) {
	t.Helper()
	for i := 0; i < rows; i++ {
		n := tileEntries(i, cols, causal)
		m := math.Inf(-1)
		for _, v := range in[i*ld : i*ld+n] {
			m = math.Max(m, float64(v))
		}
		var s float64
		for _, v := range in[i*ld : i*ld+n] {
			s += math.Exp(float64(v) - m)
		}
		for j := 0; j < ld && i*ld+j < len(got); j++ {
			g := float64(got[i*ld+j])
			switch {
			case j >= cols:
				if got[i*ld+j] != in[i*ld+j] {
					t.Fatalf("%s: gap [%d][%d] changed to %v", what, i, j, g)
				}
			case j >= n:
				if g != 0 {
					t.Fatalf("%s: masked [%d][%d] = %v, want 0", what, i, j, g)
				}
			default:
				// SoftmaxRows's bound: rounding x-m to float32 moves
				// e^(x-m) by up to |x-m| ulps.
				d := float64(in[i*ld+j]) - m
				w := math.Exp(d) / s
				if math.Abs(g-w) > (4-2*d)*0x1p-24*w+1e-44 {
					t.Fatalf("%s: [%d][%d] = %v, want %v", what, i, j, g, w)
				}
			}
		}
	}
}

// TestSoftmaxTileSpecials: NaN or +Inf in a row, or a row of -Inf only,
// gives NaN on its entries (and 0 outside a causal row), on both paths;
// the second row of the tile, which covers two entries when causal, is
// checked.
func TestSoftmaxTileSpecials(t *testing.T) {
	inf := float32(math.Inf(1))
	nan := float32(math.NaN())
	for _, simd := range []bool{true, false} {
		if simd && simdOps == nil {
			continue
		}
		was := SetSIMD(simd)
		for _, bad := range [][]float32{{1, nan, 2, 0}, {1, inf, 2, 0}, {-inf, -inf, -inf, -inf}} {
			for _, causal := range []bool{false, true} {
				x := append([]float32(nil), bad...)
				x = append(x, x...) // two rows of 4
				SoftmaxTile(x, 2, 4, 4, causal)
				for j, v := range x[4:] {
					if causal && j >= 2 {
						if v != 0 {
							t.Errorf("path %s causal: row %v gives %v at %d, want 0", Path(), bad, v, j)
						}
					} else if v == v {
						t.Errorf("path %s causal %v: row %v gives %v at %d, want NaN", Path(), causal, bad, v, j)
					}
				}
			}
		}
		SetSIMD(was)
	}
}

// TestSoftmaxTileBackward checks SoftmaxTileBackward as TestSoftmaxTile
// checks SoftmaxTile, against the float64 p ⊙ (dp - Σ dp·p).
func TestSoftmaxTileBackward(t *testing.T) {
	r := rand.New(rand.NewSource(4))
	for _, simd := range []bool{true, false} {
		if simd && simdOps == nil {
			continue
		}
		was := SetSIMD(simd)
		exact := simd && smallAsmAvailable()
		for rows := 0; rows <= 18; rows++ {
			for cols := 1; cols <= 17; cols++ {
				for _, causal := range []bool{false, true} {
					ld := cols + rows%3
					p, _, _ := tileCase(r, rows, cols, ld, 3)
					SoftmaxTile(p, rows, cols, ld, causal)
					dp, back, off := tileCase(r, rows, cols, ld, 2)
					in := append([]float32(nil), dp...)
					ref := append([]float32(nil), back...)
					SoftmaxTileBackward(dp, p, rows, cols, ld, causal)
					what := fmt.Sprintf("SoftmaxTileBackward %dx%d ld %d causal %v path %s", rows, cols, ld, causal, Path())
					checkGuards(t, what, back, off, len(dp))
					if exact && cols <= 16 {
						softmaxTileBackward16Go(ref[off:off+len(dp)], p, rows, cols, ld, causal)
						checkSame(t, what, back, ref)
					}
					for i := 0; i < rows; i++ {
						n := tileEntries(i, cols, causal)
						var dot float64
						for j := 0; j < n; j++ {
							dot += float64(in[i*ld+j]) * float64(p[i*ld+j])
						}
						for j := 0; j < cols; j++ {
							w := 0.0
							if j < n {
								w = float64(p[i*ld+j]) * (float64(in[i*ld+j]) - dot)
							}
							if g := float64(dp[i*ld+j]); math.Abs(g-w) > 1e-6 {
								t.Fatalf("%s: [%d][%d] = %v, want %v", what, i, j, g, w)
							}
						}
					}
				}
			}
		}
		SetSIMD(was)
	}
}

// TestSoftmaxTileShort: a short tile panics.
func TestSoftmaxTileShort(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("SoftmaxTile accepted a short tile")
		}
	}()
	SoftmaxTile(make([]float32, 15), 2, 8, 8, false)
}
