package kernels

import "fmt"

// ConvStripCols is the number of columns of the 6-row tile that ConvStrip
// computes (its rows are ConvTileRows).
const ConvStripCols = 64

// ConvStrip is ConvTile with 64 columns instead of 16: it computes one
// 6 x 64 tile of a product whose operands are read in place through the
// offset tables of taps, plus init[r] (zero where init is nil),
// overwriting c:
//
//	c[r*ldc+j] = init[r] + Σ_k a[taps.a[k]+r] · b[taps.b[k]+j],  r < 6, j < 64
//
// For a convolution with few filters the rows are six output channels,
// broadcast from the weights packed [taps][6], and the columns 64
// consecutive output positions loaded from the input: four AVX-512 vectors
// per row, 24 accumulators, each broadcast feeding four FMAs.
// With init the bias of the six channels, c needs only copying out.
// Out-of-range offsets panic, as does an init of other than six values.
func ConvStrip(taps ConvTaps, a, b, c []float32, ldc int, init []float32) {
	if init != nil && len(init) != ConvTileRows {
		panic(fmt.Sprintf("kernels: ConvStrip: len(init) = %d, want %d", len(init), ConvTileRows))
	}
	if need, ok := span(ConvTileRows, ConvStripCols, ldc); !ok || ldc < ConvStripCols || len(c) < need {
		panic(fmt.Sprintf("kernels: ConvStrip: c of length %d with ldc %d cannot hold a %dx%d tile", len(c), ldc, ConvTileRows, ConvStripCols))
	}
	if taps.amax+ConvTileRows > len(a) && taps.amax >= 0 {
		panic(fmt.Sprintf("kernels: ConvStrip: offset %d + %d rows past len(a) = %d", taps.amax, ConvTileRows, len(a)))
	}
	if taps.bmax+ConvStripCols > len(b) && taps.bmax >= 0 {
		panic(fmt.Sprintf("kernels: ConvStrip: offset %d + %d columns past len(b) = %d", taps.bmax, ConvStripCols, len(b)))
	}
	active.Load().convStrip(taps.a, taps.b, a, b, c, ldc, init)
}

// convStripGo is ConvStrip's reference, summing each element in k order
// after its initial value.
func convStripGo(ta, tb []int32, a, b, c []float32, ldc int, init []float32) {
	var acc [ConvTileRows][ConvStripCols]float32
	if init != nil {
		for r := range acc {
			for j := range acc[r] {
				acc[r][j] = init[r]
			}
		}
	}
	for k := range ta {
		av := a[ta[k] : ta[k]+ConvTileRows]
		bv := b[tb[k] : tb[k]+ConvStripCols]
		for r := range acc {
			x := av[r]
			for j := range acc[r] {
				acc[r][j] += x * bv[j]
			}
		}
	}
	for r := range acc {
		copy(c[r*ldc:r*ldc+ConvStripCols], acc[r][:])
	}
}

// ConvStripSIMD reports whether ConvStrip runs an assembly kernel on the
// active path (AVX-512). Where it does not, ConvTile is faster.
func ConvStripSIMD() bool { return active.Load().convStripFast }
