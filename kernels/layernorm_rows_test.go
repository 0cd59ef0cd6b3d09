package kernels

import (
	"fmt"
	"math"
	"math/rand"
	"testing"
)

// lnMixedRows fills rows of cols values, cycling through the kinds of
// lnRow and, every eleventh row, a row holding a NaN or an infinity (whose
// statistics come from float64 sums), starting at kind k.
func lnMixedRows(r *rand.Rand, x []float32, cols, k int) {
	for i := 0; i < len(x)/cols; i++ {
		row := x[i*cols : (i+1)*cols]
		switch kind := (i + k) % 11; {
		case kind < 7:
			lnRow(r, kind, row)
		case kind == 7:
			lnRow(r, 0, row)
			row[r.Intn(cols)] = float32(math.NaN())
		case kind == 8:
			lnRow(r, 0, row)
			row[r.Intn(cols)] = float32(math.Inf(1 - 2*r.Intn(2)))
		default:
			lnRow(r, 6, row)
		}
	}
}

// TestLayerNormRowsSIMD checks that the row kernels give the Go
// reference's bits, with their guards intact, for every width up to 300
// and several row counts, the special rows of the accuracy tests mixed in.
func TestLayerNormRowsSIMD(t *testing.T) {
	needFused(t)
	gateVariants(func(wide bool) { testLayerNormRowsSIMD(t, wide) })
}

func testLayerNormRowsSIMD(t *testing.T, wide bool) {
	r := rand.New(rand.NewSource(17))
	counts := []int{1, 2, 7, 64, 1000}
	if testing.Short() {
		counts = counts[:3]
	}
	for cols := 1; cols <= 300; cols++ {
		for ci, rows := range counts {
			if rows == 1000 && cols%7 != 0 && cols > 40 {
				continue // a thousand rows of a sample of the widths
			}
			off := (cols + ci) % 4
			what := fmt.Sprintf("wide=%v cols=%d rows=%d", wide, cols, rows)
			n := rows * cols
			x := make([]float32, n)
			lnMixedRows(r, x, cols, cols+ci)
			w, b := randSlice(r, cols, false), randSlice(r, cols, false)
			in := [][]float32{make([]float32, n), x, w, b, make([]float32, rows), make([]float32, rows)}
			fusedBoth(t, "LayerNormRows "+what, off, in, func(s [][]float32) {
				LayerNormRows(s[0], s[1], s[2], s[3], cols, 1e-5, s[4], s[5])
			})
			mean, rstd := make([]float32, rows), make([]float32, rows)
			LayerNormRows(make([]float32, n), x, w, b, cols, 1e-5, mean, rstd)
			dy := randSlice(r, n, false)
			dw, db := randSlice(r, cols, false), randSlice(r, cols, false)
			in = [][]float32{make([]float32, n), dw, db, dy, x, w, mean, rstd}
			fusedBoth(t, "LayerNormRowsBackward "+what, off, in, func(s [][]float32) {
				LayerNormRowsBackward(s[0], s[1], s[2], s[3], s[4], s[5], cols, s[6], s[7])
			})
			if t.Failed() {
				return
			}
		}
	}
}

// TestLayerNormRowsEdge checks the row kernels where rstd is infinite
// (constant rows, eps 0) and on rows that are all NaN, so that the lanes
// past the end of a row must not add NaN where the Go reference adds
// nothing.
func TestLayerNormRowsEdge(t *testing.T) {
	needFused(t)
	gateVariants(func(wide bool) { testLayerNormRowsEdge(t, wide) })
}

func testLayerNormRowsEdge(t *testing.T, wide bool) {
	r := rand.New(rand.NewSource(19))
	for cols := 1; cols <= 40; cols++ {
		const rows = 3
		n := rows * cols
		x := make([]float32, n)
		for i := range x {
			x[i] = float32(i/cols) + 0.5
		}
		w, b := randSlice(r, cols, false), randSlice(r, cols, false)
		what := fmt.Sprintf("wide=%v cols=%d", wide, cols)
		in := [][]float32{make([]float32, n), x, w, b, make([]float32, rows), make([]float32, rows)}
		fusedBoth(t, "LayerNormRows eps 0 "+what, 1, in, func(s [][]float32) {
			LayerNormRows(s[0], s[1], s[2], s[3], cols, 0, s[4], s[5])
		})
		for _, m := range []float32{float32(math.NaN()), float32(math.Inf(1))} {
			mean, rstd := []float32{0.5, 1.5, m}, []float32{float32(math.Inf(1)), 2, m}
			dy := randSlice(r, n, false)
			in = [][]float32{make([]float32, n), make([]float32, cols), make([]float32, cols), dy, x, w, mean, rstd}
			fusedBoth(t, fmt.Sprintf("LayerNormRowsBackward mean %v %s", m, what), 2, in, func(s [][]float32) {
				LayerNormRowsBackward(s[0], s[1], s[2], s[3], s[4], s[5], cols, s[6], s[7])
			})
		}
	}
}
