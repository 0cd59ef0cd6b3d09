package kernels

import "fmt"

// The shape of the block that Dots6x4 computes: DotsRows rows of a against
// DotsCols runs of b.
const (
	DotsRows = 6
	DotsCols = 4
	DotsLen  = DotsRows * DotsCols // floats Dots6x4 writes
)

// Dots6x4 computes 24 dot products of length n, six rows of a (row stride
// lda) against four runs of b starting at the offsets off, overwriting
// c[:24]:
//
//	c[r*4+t] = Σ_{i<n} a[r*lda+i] · b[off[t]+i],  r < 6, t < 4
//
// Each row and each run is read once for all four or six products that use
// it: for a weight gradient with six filters' output gradients in the rows
// of a and the input shifted by four taps in b, one pass over the operands
// gives 24 weights. The SIMD kernels sum each product in several lanes and
// add the lanes at the end (the AVX2 and NEON ones add the last n mod 8 or
// mod 4 terms after that), so their rounding differs from dotsGo's
// sequential sum. Out-of-range rows or offsets, a negative n or lda, and a
// short c panic.
func Dots6x4(c, a []float32, lda int, b []float32, off [DotsCols]int, n int) {
	if n < 0 || lda < 0 {
		panic(fmt.Sprintf("kernels: Dots6x4: negative length n = %d or lda = %d", n, lda))
	}
	if len(c) < DotsLen {
		panic(fmt.Sprintf("kernels: Dots6x4: len(c) = %d, want at least %d", len(c), DotsLen))
	}
	if need, ok := span(DotsRows, n, lda); !ok || need > len(a) {
		panic(fmt.Sprintf("kernels: Dots6x4: %d rows of %d with lda %d past len(a) = %d", DotsRows, n, lda, len(a)))
	}
	for _, o := range off {
		// n <= len(b) first, so that len(b)-n cannot wrap around.
		if o < 0 || n > len(b) || o > len(b)-n {
			panic(fmt.Sprintf("kernels: Dots6x4: offset %d + %d past len(b) = %d", o, n, len(b)))
		}
	}
	active.Load().dots6x4(a, lda, b, off[0], off[1], off[2], off[3], n, c)
}

// dots6x4Go is Dots6x4's reference, summing each product in i order. The
// four products of a row are summed side by side: four independent chains
// that read the row once.
func dots6x4Go(a []float32, lda int, b []float32, o0, o1, o2, o3, n int, c []float32) {
	b0, b1, b2, b3 := b[o0:o0+n], b[o1:o1+n], b[o2:o2+n], b[o3:o3+n]
	for r := 0; r < DotsRows; r++ {
		var s0, s1, s2, s3 float32
		if n > 0 {
			for i, x := range a[r*lda : r*lda+n] {
				s0 += x * b0[i]
				s1 += x * b1[i]
				s2 += x * b2[i]
				s3 += x * b3[i]
			}
		}
		c[r*DotsCols], c[r*DotsCols+1], c[r*DotsCols+2], c[r*DotsCols+3] = s0, s1, s2, s3
	}
}

// DotsSIMD reports whether Dots6x4 runs an assembly kernel on the active
// path.
func DotsSIMD() bool { return active.Load().dotsFast }
