package bench

import (
	"fmt"
	"testing"

	"github.com/corten-ml/corten/nn"
	"github.com/corten-ml/corten/tensor"
)

// BenchmarkServe measures concurrent inference through nn.Predictor: the
// MLP and LeNet-5 on batches of 1 and 64 images from 1, 2 and 8
// goroutines at once, reporting images per second. Every call writes into
// its caller's destination, so the steady state allocates nothing.
func BenchmarkServe(b *testing.B) {
	for _, m := range []struct {
		name, spec string
		shape      []int
	}{
		{"mlp", mlp, []int{784}},
		{"cnn", lenet5, []int{1, 28, 28}},
	} {
		model := nn.MustBuild(m.spec, tensor.NewRand(1))
		p := nn.NewPredictor(model)
		for _, batch := range []int{1, 64} {
			for _, g := range []int{1, 2, 8} {
				b.Run(fmt.Sprintf("%s/batch=%d/goroutines=%d", m.name, batch, g), func(b *testing.B) {
					benchServe(b, p, batch, g, m.shape)
				})
			}
		}
	}
}

func benchServe(b *testing.B, p *nn.Predictor, batch, goroutines int, shape []int) {
	xs := make([]*tensor.Tensor, goroutines)
	cls := make([][]int, goroutines)
	for i := range xs {
		xs[i] = tensor.RandN(tensor.NewRand(uint64(i)), 0, 1, append([]int{batch}, shape...)...)
		cls[i] = make([]int, batch)
	}
	run := func(calls int) {
		done := make(chan struct{})
		for i := range goroutines {
			go func() {
				for range calls {
					p.Predict(cls[i], xs[i])
				}
				done <- struct{}{}
			}()
		}
		for range goroutines {
			<-done
		}
	}
	run(2) // size the replicas' buffers, one replica per goroutine at most
	b.ReportAllocs()
	b.ResetTimer()
	// b.N calls in all, shared by exactly the given number of goroutines
	// (RunParallel would start GOMAXPROCS of them).
	per := (b.N + goroutines - 1) / goroutines
	run(per)
	b.ReportMetric(float64(per*goroutines*batch)/b.Elapsed().Seconds(), "images/s")
}
