package kernels

import "fmt"

// sameLen panics unless every slice has length n; op names the caller.
func sameLen(op string, n int, s ...[]float32) {
	for _, x := range s {
		if len(x) != n {
			panic(fmt.Sprintf("kernels: %s: length mismatch: %d != %d", op, len(x), n))
		}
	}
}
