package kernels

import "fmt"

// ConvTileRows and ConvTileCols are the shape of the register tile that
// ConvTile computes.
const (
	ConvTileRows = 6
	ConvTileCols = 16
)

// ConvTaps is a pair of offset tables for ConvTile, validated once so that
// each tile does not rescan them: entry k names where term k of the
// reduction reads its operands. For a convolution the entries are its taps
// (input channel, kernel row, kernel column) or its output positions.
type ConvTaps struct {
	a, b       []int32
	amax, bmax int // the largest offsets, -1 when empty
}

// NewConvTaps returns the tables a and b (of equal length, every offset
// non-negative) for ConvTile. It keeps the slices: do not change them
// while the ConvTaps is in use.
func NewConvTaps(a, b []int32) ConvTaps {
	if len(a) != len(b) {
		panic(fmt.Sprintf("kernels: NewConvTaps: length mismatch: %d != %d", len(a), len(b)))
	}
	t := ConvTaps{a: a, b: b, amax: -1, bmax: -1}
	for k := range a {
		if a[k] < 0 || b[k] < 0 {
			panic(fmt.Sprintf("kernels: NewConvTaps: negative offset at %d (%d, %d)", k, a[k], b[k]))
		}
		t.amax = max(t.amax, int(a[k]))
		t.bmax = max(t.bmax, int(b[k]))
	}
	return t
}

// Len returns the number of terms, the length of the reduction.
func (t ConvTaps) Len() int { return len(t.a) }

// Prefix returns the first k terms of t.
func (t ConvTaps) Prefix(k int) ConvTaps {
	if k < 0 || k > len(t.a) {
		panic(fmt.Sprintf("kernels: ConvTaps.Prefix(%d) of %d terms", k, len(t.a)))
	}
	return NewConvTaps(t.a[:k], t.b[:k])
}

// ConvTile computes one 6 x 16 tile of a product whose operands are read
// in place through the offset tables of taps, overwriting c:
//
//	c[r*ldc+j] = Σ_k a[taps.a[k]+r] · b[taps.b[k]+j],  r < 6, j < 16
//
// A direct convolution is such a product with no lowered copy of its
// input: with a the input at the tile's first output position and a[k]
// the offset of tap k, the rows are six consecutive output positions and
// b holds the weights as [taps][16 output channels]; with the roles
// swapped, the rows are six output channels, broadcast from weights packed
// [taps][6], and the columns sixteen consecutive positions. The tile is
// sized for 16 vector registers (AVX2): twelve accumulators, two rows of b
// and a broadcast per k. Out-of-range offsets panic.
func ConvTile(taps ConvTaps, a, b, c []float32, ldc int) {
	if need, ok := span(ConvTileRows, ConvTileCols, ldc); !ok || ldc < ConvTileCols || len(c) < need {
		panic(fmt.Sprintf("kernels: ConvTile: c of length %d with ldc %d cannot hold a %dx%d tile", len(c), ldc, ConvTileRows, ConvTileCols))
	}
	if taps.amax+ConvTileRows > len(a) && taps.amax >= 0 {
		panic(fmt.Sprintf("kernels: ConvTile: offset %d + %d rows past len(a) = %d", taps.amax, ConvTileRows, len(a)))
	}
	if taps.bmax+ConvTileCols > len(b) && taps.bmax >= 0 {
		panic(fmt.Sprintf("kernels: ConvTile: offset %d + %d columns past len(b) = %d", taps.bmax, ConvTileCols, len(b)))
	}
	active.Load().convTile(taps.a, taps.b, a, b, c, ldc)
}

// convTileGo is ConvTile's reference, summing each element in k order.
func convTileGo(ta, tb []int32, a, b, c []float32, ldc int) {
	var acc [ConvTileRows][ConvTileCols]float32
	for k := range ta {
		av := a[ta[k] : ta[k]+ConvTileRows]
		bv := b[tb[k] : tb[k]+ConvTileCols]
		for r := range acc {
			x := av[r]
			for j := range acc[r] {
				acc[r][j] += x * bv[j]
			}
		}
	}
	for r := range acc {
		copy(c[r*ldc:r*ldc+ConvTileCols], acc[r][:])
	}
}

// ConvTileSIMD reports whether ConvTile runs an assembly kernel on the
// active path. Where it does not, a convolution is faster lowered to a
// matrix product, whose Go and SIMD kernels are packed and blocked.
func ConvTileSIMD() bool { return active.Load().convFast }
