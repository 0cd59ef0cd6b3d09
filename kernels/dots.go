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

// dots6x4Go is Dots6x4's reference, summing each product in i order.
func dots6x4Go(a []float32, lda int, b []float32, o0, o1, o2, o3, n int, c []float32) {
	off := [DotsCols]int{o0, o1, o2, o3}
	for r := 0; r < DotsRows; r++ {
		var row []float32
		if n > 0 {
			row = a[r*lda : r*lda+n]
		}
		for t, o := range off {
			bt := b[o : o+n]
			var s float32
			for i, x := range row {
				s += x * bt[i]
			}
			c[r*DotsCols+t] = s
		}
	}
}

// DotsSIMD reports whether Dots6x4 runs an assembly kernel on the active
// path.
func DotsSIMD() bool { return active.Load().dotsFast }
