package kernels

import "fmt"

// The shape of the block that ConvWindow computes: a ConvWindowRows x
// ConvWindowCols window of rows, each ConvWindowLanes wide.
const (
	ConvWindowRows  = 5
	ConvWindowCols  = 5
	ConvWindowLanes = 16
)

// ConvWindowLen is the number of floats ConvWindow writes with ldc =
// ConvWindowCols.
const ConvWindowLen = ConvWindowRows * ConvWindowCols * ConvWindowLanes

// ConvWindow computes a block of 25 rows of 16 lanes whose rows are a 5 x 5
// window of a (row stride lda), plus init[l] (zero where init is nil),
// overwriting c, where the window's rows are ldc rows of 16 lanes apart:
//
//	c[(i*ldc+j)*16+l] = init[l] + Σ_k a[taps.a[k] + i*lda + j] · b[taps.b[k] + l],  i, j < 5, l < 16
//
// With ldc = 5 the block is 400 contiguous floats; with ldc the output
// width, the windows of an image land in its [positions][16] layout.
//
// For a convolution with 16 output channels in the lanes, the window is
// either a 5 x 5 block of output positions (a the padded input at the
// block's first position, lda its row length, taps its tap offsets and
// weights packed [taps][16]), or a 5 x 5 kernel's taps (a the padded
// input, taps the output positions and the output gradient as
// [positions][16]), which gives the weight gradient. Each term reads
// twenty-five broadcasts of a and one vector of b: the block fills 25
// AVX-512 accumulators. Out-of-range offsets panic, as does an init of
// other than 16 values.
func ConvWindow(taps ConvTaps, a []float32, lda int, b, c []float32, ldc int, init []float32) {
	if init != nil && len(init) != ConvWindowLanes {
		panic(fmt.Sprintf("kernels: ConvWindow: len(init) = %d, want %d", len(init), ConvWindowLanes))
	}
	if need, ok := span(ConvWindowRows, ConvWindowCols, ldc); !ok || ldc < ConvWindowCols || need > len(c)/ConvWindowLanes {
		panic(fmt.Sprintf("kernels: ConvWindow: c of length %d with ldc %d cannot hold a 5x5 window of %d lanes", len(c), ldc, ConvWindowLanes))
	}
	if lda < 0 {
		panic(fmt.Sprintf("kernels: ConvWindow: negative lda %d", lda))
	}
	if taps.amax >= 0 {
		if need, ok := span(ConvWindowRows, ConvWindowCols, lda); !ok || taps.amax > len(a)-need {
			panic(fmt.Sprintf("kernels: ConvWindow: offset %d + a 5x5 window with lda %d past len(a) = %d", taps.amax, lda, len(a)))
		}
	}
	if taps.bmax >= 0 && taps.bmax+ConvWindowLanes > len(b) {
		panic(fmt.Sprintf("kernels: ConvWindow: offset %d + %d lanes past len(b) = %d", taps.bmax, ConvWindowLanes, len(b)))
	}
	active.Load().convWindow(taps.a, taps.b, a, lda, b, c, ldc, init)
}

// convWindowGo is ConvWindow's reference, summing each element in k order
// after its initial value.
func convWindowGo(ta, tb []int32, a []float32, lda int, b, c []float32, ldc int, init []float32) {
	var acc [ConvWindowRows * ConvWindowCols][ConvWindowLanes]float32
	if init != nil {
		for r := range acc {
			copy(acc[r][:], init)
		}
	}
	for k := range ta {
		bv := b[tb[k] : tb[k]+ConvWindowLanes]
		for i := 0; i < ConvWindowRows; i++ {
			av := a[int(ta[k])+i*lda : int(ta[k])+i*lda+ConvWindowCols]
			for j, x := range av {
				row := &acc[i*ConvWindowCols+j]
				for l := range row {
					row[l] += x * bv[l]
				}
			}
		}
	}
	for i := 0; i < ConvWindowRows; i++ {
		for j := 0; j < ConvWindowCols; j++ {
			o := (i*ldc + j) * ConvWindowLanes
			copy(c[o:o+ConvWindowLanes], acc[i*ConvWindowCols+j][:])
		}
	}
}

// ConvWindowSIMD reports whether ConvWindow runs an assembly kernel on the
// active path (AVX-512). Where it does not, ConvTile's narrower tiles are
// faster.
func ConvWindowSIMD() bool { return active.Load().convWindowFast }
