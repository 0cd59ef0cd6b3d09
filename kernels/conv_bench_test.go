package kernels

import (
	"math/rand"
	"testing"
)

// BenchmarkConvTile runs the tiles of LeNet's second convolution (6 -> 16
// channels, 5 x 5 over 14 x 14) in both orientations; GFLOPS counts the
// multiply-adds of the tile, padding included.
func BenchmarkConvTile(b *testing.B) {
	const in, hw, k = 6, 14, 5
	r := rand.New(rand.NewSource(1))
	x := make([]float32, in*hw*hw+64)
	w := make([]float32, in*k*k*16)
	fill(r, x, false)
	fill(r, w, false)
	var pos, step, step6 []int32
	for c := 0; c < in; c++ {
		for i := 0; i < k; i++ {
			for j := 0; j < k; j++ {
				pos = append(pos, int32(c*hw*hw+i*hw+j))
				step = append(step, int32(len(step)*16))
				step6 = append(step6, int32(len(step6)*6))
			}
		}
	}
	c := make([]float32, 256*16)
	pxc, cxp := NewConvTaps(pos, step), NewConvTaps(step6, pos)
	for _, o := range []struct {
		name string
		run  func(q int)
	}{
		{"positions", func(q int) { ConvTile(pxc, x[q:], w, c[q*16:], 16) }},
		{"channels", func(q int) { ConvTile(cxp, w, x[q:], c[q:], 256) }},
	} {
		b.Run(o.name, func(b *testing.B) {
			for b.Loop() {
				for q := 0; q < 132; q += 6 {
					o.run(q)
				}
			}
			b.ReportMetric(float64(b.N)*22*float64(len(pos))*96*2/b.Elapsed().Seconds()/1e9, "GFLOPS")
		})
	}
}
