package kernels

import "fmt"

// Transpose writes the transpose of the rows x cols matrix src (row stride
// lds) into dst (row stride ldd):
//
//	dst[j*ldd+i] = src[i*lds+j],  i < rows, j < cols
//
// leaving dst's other elements alone; dst and src must not overlap. It
// moves values without arithmetic, so every path gives the same bits.
// Matrices of at least 8 x 8 go through the GEMM's SIMD transpose of 8 x 8
// blocks where the active path has one (AVX2 and AVX-512), ragged edges
// as blocks overlapping the last whole ones; smaller ones one value at a
// time. Shapes that do not fit the slices, or strides narrower than a
// row, panic.
func Transpose(dst []float32, ldd int, src []float32, lds, rows, cols int) {
	if rows < 0 || cols < 0 {
		panic(fmt.Sprintf("kernels: Transpose: %d x %d matrix", rows, cols))
	}
	if rows == 0 || cols == 0 {
		return
	}
	if need, ok := span(rows, cols, lds); !ok || lds < cols || need > len(src) {
		panic(fmt.Sprintf("kernels: Transpose: src of length %d with stride %d cannot hold %d x %d", len(src), lds, rows, cols))
	}
	if need, ok := span(cols, rows, ldd); !ok || ldd < rows || need > len(dst) {
		panic(fmt.Sprintf("kernels: Transpose: dst of length %d with stride %d cannot hold %d x %d", len(dst), ldd, cols, rows))
	}
	t := active.Load().gemmKernel.transpose8
	if t == nil || rows < 8 || cols < 8 {
		transposeGo(dst, ldd, src, lds, 0, rows, 0, cols)
		return
	}
	// The 8 x 8 blocks, then the ragged edges as blocks that overlap the
	// ones done: they write the same values again.
	r8, c8 := rows/8*8, cols/8*8
	t(dst, ldd, src, lds, r8, c8)
	if r := rows - 8; r8 < rows {
		t(dst[r:], ldd, src[r*lds:], lds, 8, c8)
	}
	if c := cols - 8; c8 < cols {
		t(dst[c*ldd:], ldd, src[c:], lds, r8, 8)
		if r := rows - 8; r8 < rows {
			t(dst[c*ldd+r:], ldd, src[r*lds+c:], lds, 8, 8)
		}
	}
}

// transposeGo transposes rows r0..r1-1, columns c0..c1-1.
func transposeGo(dst []float32, ldd int, src []float32, lds, r0, r1, c0, c1 int) {
	for i := r0; i < r1; i++ {
		row := src[i*lds+c0 : i*lds+c1]
		for j, v := range row {
			dst[(c0+j)*ldd+i] = v
		}
	}
}
