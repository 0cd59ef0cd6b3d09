package kernels

import "fmt"

// Transpose writes the transpose of the rows x cols matrix src (row stride
// lds) into dst (row stride ldd):
//
//	dst[j*ldd+i] = src[i*lds+j],  i < rows, j < cols
//
// leaving dst's other elements alone. It moves values without arithmetic,
// so every path gives the same bits. The 8 x 8 blocks go through the
// GEMM's SIMD transpose where the active path has one (AVX2 and AVX-512),
// the edges one value at a time. Shapes that do not fit the slices, or
// strides narrower than a row, panic.
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
	r8, c8 := 0, 0
	if t := active.Load().gemmKernel.transpose8; t != nil {
		r8, c8 = rows/8*8, cols/8*8
		if r8 > 0 && c8 > 0 {
			t(dst, ldd, src, lds, r8, c8)
		} else {
			r8, c8 = 0, 0
		}
	}
	transposeGo(dst, ldd, src, lds, 0, r8, c8, cols)
	transposeGo(dst, ldd, src, lds, r8, rows, 0, cols)
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
