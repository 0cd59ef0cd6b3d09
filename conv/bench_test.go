package conv

import (
	"math/rand/v2"
	"testing"
)

// BenchmarkLeNet times each pass of LeNet-5's two convolutions on a batch
// of 64 (the first layer's backward pass without dx, as in training).
func BenchmarkLeNet(b *testing.B) {
	for _, l := range []struct {
		name   string
		g      Geometry
		skipDx bool
	}{
		{"conv1", Geometry{In: 1, Out: 6, H: 28, W: 28, KH: 5, KW: 5, Stride: 1, Pad: 2}, true},
		{"conv2", Geometry{In: 6, Out: 16, H: 14, W: 14, KH: 5, KW: 5, Stride: 1}, false},
	} {
		const n = 64
		g := l.g
		rng := rand.New(rand.NewPCG(1, 0))
		w, bias, x := randn(rng, g.WeightLen()), randn(rng, g.Out), randn(rng, n*g.InLen())
		y, dy := make([]float32, n*g.OutLen()), randn(rng, n*g.OutLen())
		dw, db := make([]float32, len(w)), make([]float32, len(bias))
		var dx []float32
		if !l.skipDx {
			dx = make([]float32, len(x))
		}
		var e Engine
		if err := e.SetGeometry(g); err != nil {
			b.Fatal(err)
		}
		macs := float64(n * g.OutLen() * g.In * g.KH * g.KW)
		b.Run(l.name+"/forward", func(b *testing.B) {
			for b.Loop() {
				e.Forward(y, x, w, bias, n)
			}
			b.ReportMetric(2*macs*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOPS")
		})
		b.Run(l.name+"/backward", func(b *testing.B) {
			for b.Loop() {
				e.Backward(dx, dw, db, dy, x, w, n)
			}
			f := 2 * macs
			if dx != nil {
				f *= 2
			}
			b.ReportMetric(f*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOPS")
		})
	}
}
