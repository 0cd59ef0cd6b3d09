package kernels

import "testing"

// BenchmarkSoftmaxTile times the softmax of one head's 16 x 16
// probability tile and its backward pass, against SoftmaxRows on the same
// tile.
func BenchmarkSoftmaxTile(b *testing.B) {
	const t = 16
	x := make([]float32, t*t)
	p := make([]float32, t*t)
	for i := range x {
		x[i] = float32(i%23) * 0.25
	}
	fresh := func(d []float32) { copy(d, p) }
	copy(p, x)
	b.Run("tile", func(b *testing.B) {
		for b.Loop() {
			fresh(x)
			SoftmaxTile(x, t, t, t, false)
		}
	})
	b.Run("rows", func(b *testing.B) {
		for b.Loop() {
			fresh(x)
			SoftmaxRows(x, x, t)
		}
	})
	SoftmaxTile(p, t, t, t, false)
	b.Run("backward", func(b *testing.B) {
		for b.Loop() {
			copy(x, p)
			SoftmaxTileBackward(x, p, t, t, t, false)
		}
	})
}
