package kernels

import (
	"fmt"
	"math"
)

// sameLen panics unless every slice has length n; op names the caller.
func sameLen(op string, n int, s ...[]float32) {
	for _, x := range s {
		if len(x) != n {
			panic(fmt.Sprintf("kernels: %s: length mismatch: %d != %d", op, len(x), n))
		}
	}
}

// span returns the number of elements a rows x cols matrix with row stride
// ld covers, (rows-1)*ld + cols, and false when that overflows an int, so
// that a huge stride cannot wrap the bounds check around and let an
// assembly kernel address memory outside the slice. Empty matrices span 0.
func span(rows, cols, ld int) (int, bool) {
	if rows <= 0 || cols <= 0 {
		return 0, true
	}
	if ld < 0 || (rows > 1 && ld > (math.MaxInt-cols)/(rows-1)) {
		return 0, false
	}
	return (rows-1)*ld + cols, true
}
