package kernels

import (
	"fmt"
	"testing"
)

// BenchmarkSgemmSmall times one head's products of attention (16 x 16 x
// 16, operands in a packed [16, 192] projection) on SgemmSmall and on
// SgemmSerial.
func BenchmarkSgemmSmall(b *testing.B) {
	const t, d, ld = 16, 16, 192
	qkv := make([]float32, t*ld)
	for i := range qkv {
		qkv[i] = float32(i%17) * 0.125
	}
	c := make([]float32, t*t)
	for _, tr := range []struct{ a, b bool }{{false, true}, {false, false}, {true, false}} {
		b.Run(fmt.Sprintf("small/transA=%v,transB=%v", tr.a, tr.b), func(b *testing.B) {
			for b.Loop() {
				SgemmSmall(tr.a, tr.b, t, d, t, 0.25, qkv, ld, qkv[d:], ld, c, t)
			}
		})
		b.Run(fmt.Sprintf("serial/transA=%v,transB=%v", tr.a, tr.b), func(b *testing.B) {
			for b.Loop() {
				SgemmSerial(tr.a, tr.b, t, d, t, 0.25, qkv, ld, qkv[d:], ld, 0, c, t)
			}
		})
	}
}
