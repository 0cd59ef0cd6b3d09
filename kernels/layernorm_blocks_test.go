package kernels

import (
	"fmt"
	"math"
	"math/rand"
	"testing"
)

// lnBlockRows are row counts around the sixteen-row blocks of the amd64
// forward kernels and their groups of eight and four: every count up to
// nine, then either side of one and two blocks.
var lnBlockRows = []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 15, 16, 17, 23, 24, 31, 32, 33}

// lnBadRows are the sets of rows, for a count of rows, whose float32 sums
// are not finite: none, the first, the last, one in the middle, the
// first of the second group of eight and the last of the first block,
// the first and last of the second block, and two of the first group.
func lnBadRows(rows int) [][]int {
	sets := [][]int{nil, {0}, {rows - 1}, {rows / 2}}
	if rows > 9 {
		sets = append(sets, []int{8, min(15, rows-1)})
	}
	if rows > 17 {
		sets = append(sets, []int{16, rows - 1})
	}
	if rows > 4 {
		sets = append(sets, []int{1, 4})
	}
	return sets
}

// TestLayerNormRowsBlocks checks the row kernels against the Go reference
// on every row count around the block size, with rows whose float32 sums
// are not finite (NaN, an infinity, or squares that overflow) at the
// start, the end and inside a block, on each variant the CPU has.
func TestLayerNormRowsBlocks(t *testing.T) {
	needFused(t)
	gateVariants(func(wide bool) { testLayerNormRowsBlocks(t, wide) })
}

func testLayerNormRowsBlocks(t *testing.T, wide bool) {
	r := rand.New(rand.NewSource(23))
	for _, cols := range []int{1, 5, 8, 13, 16, 17, 31, 64, 67} {
		for _, rows := range lnBlockRows {
			for bi, bad := range lnBadRows(rows) {
				n := rows * cols
				x := make([]float32, n)
				for i := range rows {
					lnRow(r, (i+bi)%7, x[i*cols:(i+1)*cols])
				}
				for k, i := range bad {
					row := x[i*cols : (i+1)*cols]
					switch (k + bi) % 3 {
					case 0:
						row[r.Intn(cols)] = float32(math.NaN())
					case 1:
						row[r.Intn(cols)] = float32(math.Inf(1 - 2*r.Intn(2)))
					default:
						lnRow(r, 3, row) // huge: the sum of squares overflows
						row[0] = 3e38
					}
				}
				what := fmt.Sprintf("wide=%v cols=%d rows=%d bad=%v", wide, cols, rows, bad)
				off := (cols + rows + bi) % 4
				w, b := randSlice(r, cols, false), randSlice(r, cols, false)
				in := [][]float32{make([]float32, n), x, w, b, make([]float32, rows), make([]float32, rows)}
				fusedBoth(t, "LayerNormRows "+what, off, in, func(s [][]float32) {
					LayerNormRows(s[0], s[1], s[2], s[3], cols, 1e-5, s[4], s[5])
				})
				fusedBoth(t, "LayerNormRows in place "+what, off, in[1:], func(s [][]float32) {
					LayerNormRows(s[0], s[0], s[1], s[2], cols, 1e-5, s[3], s[4])
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
}
