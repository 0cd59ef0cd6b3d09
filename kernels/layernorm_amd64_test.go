//go:build amd64 && gc && !purego

package kernels

import (
	"fmt"
	"math"
	"math/rand"
	"testing"

	"github.com/corten-ml/corten/kernels/amd64"
)

// TestLNRowsStops checks the contract of the amd64 forward row kernels:
// they stop before the first row whose float32 sums are not finite,
// return the number of rows done, give those rows the Go reference's bits
// and leave the rest of dst, mean and rstd untouched.
func TestLNRowsStops(t *testing.T) {
	needFused(t)
	kernels := map[string]func(dst, x, w, b, mean, rstd []float32, eps float32) int{"avx2": amd64.LNRows}
	if fusedWide {
		kernels["avx512"] = amd64.LNRows512
	}
	r := rand.New(rand.NewSource(29))
	for name, kernel := range kernels {
		for _, cols := range []int{1, 7, 8, 16, 23, 64} {
			for _, rows := range lnBlockRows {
				for stop := 0; stop <= rows; stop++ {
					what := fmt.Sprintf("%s cols=%d rows=%d stop=%d", name, cols, rows, stop)
					n := rows * cols
					x := make([]float32, n)
					for i := range rows {
						lnRow(r, []int{0, 1, 2, 4, 6}[i%5], x[i*cols:(i+1)*cols]) // finite sums
					}
					if stop < rows {
						x[stop*cols+r.Intn(cols)] = float32(math.Inf(1))
					}
					w, b := randSlice(r, cols, false), randSlice(r, cols, false)
					off := (cols + stop) % 4
					dst, dback := guarded(n, off)
					mean, mback := guarded(rows, (off+1)%4)
					rstd, rback := guarded(rows, (off+2)%4)
					if done := kernel(dst, x, w, b, mean, rstd, 1e-5); done != stop {
						t.Fatalf("%s: %d rows done, want %d", what, done, stop)
					}
					want := make([]float32, n)
					wm, wr := make([]float32, rows), make([]float32, rows)
					lnRowsGo(want[:stop*cols], x[:stop*cols], w, b, cols, 1e-5, wm[:stop], wr[:stop])
					checkSame(t, what+" dst", dst[:stop*cols], want[:stop*cols])
					checkSame(t, what+" mean", mean[:stop], wm[:stop])
					checkSame(t, what+" rstd", rstd[:stop], wr[:stop])
					checkGuards(t, what+" dst", dback, off, stop*cols)
					checkGuards(t, what+" mean", mback, (off+1)%4, stop)
					checkGuards(t, what+" rstd", rback, (off+2)%4, stop)
				}
			}
		}
	}
}
