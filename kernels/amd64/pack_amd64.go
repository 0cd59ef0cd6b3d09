//go:build amd64 && gc && !purego

package amd64

// PackB packs kb rows of a non-transposed B into nr-wide GEMM slivers: the
// slivers*nr floats of row p, at b[p*ldb], go to
// dst[t*nr*kb+p*nr+j] = b[p*ldb+t*nr+j] for t < slivers, j < nr. nr must
// be 16 or 32; dst must hold slivers*nr*kb floats and b reach row kb-1.
// Nothing is checked.
//
//go:noescape
func PackB(dst, b []float32, ldb, kb, nr, slivers int)

// PackA14 packs a 14-row sliver of a non-transposed A: d[14p+r] =
// a[r*lda+p] for p < kb. Nothing is checked.
//
//go:noescape
func PackA14(d, a []float32, lda, kb int)

// PackA6 is PackA14 for a 6-row sliver: d[6p+r] = a[r*lda+p].
//
//go:noescape
func PackA6(d, a []float32, lda, kb int)

// Transpose8 sets dst[j*ldd+i] = src[i*lds+j] for i < rows, j < cols,
// rows and cols multiples of 8: the packing of a transposed B (a dense
// layer's weights in its forward pass). Nothing is checked.
//
//go:noescape
func Transpose8(dst []float32, ldd int, src []float32, lds, rows, cols int)
