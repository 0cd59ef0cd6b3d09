package kernels

import (
	"fmt"
	"testing"

	"github.com/corten-ml/corten/parallel"
)

// trainGemms are the GEMMs of one training step of the MNIST MLPs as
// nn.Dense issues them (m x n x k, transA, transB): forward x·Wᵀ, weight
// gradient dyᵀ·x (beta 1) and input gradient dy·W, batch 64.
var trainGemms = []struct {
	m, n, k        int
	transA, transB bool
	beta           float32
}{
	{64, 128, 784, false, true, 0},  // mlp forward 1
	{128, 784, 64, true, false, 1},  // mlp dW 1
	{64, 512, 784, false, true, 0},  // mlp-big forward 1
	{64, 512, 512, false, true, 0},  // mlp-big forward 2
	{512, 784, 64, true, false, 1},  // mlp-big dW 1
	{512, 512, 64, true, false, 1},  // mlp-big dW 2
	{64, 512, 512, false, false, 0}, // mlp-big dx 2
	{64, 784, 128, false, false, 0}, // dx of a 784-128 layer
	{64, 784, 512, false, false, 0}, // dx of a 784-512 layer
}

// BenchmarkSgemmTrain measures the training GEMMs on one and two threads
// with splitting allowed at any size (sync cost 0) and with the default
// threshold, to find where splitting pays.
func BenchmarkSgemmTrain(b *testing.B) {
	for _, s := range trainGemms {
		ar, ac := s.m, s.k
		if s.transA {
			ar, ac = s.k, s.m
		}
		br, bc := s.k, s.n
		if s.transB {
			br, bc = s.n, s.k
		}
		x := make([]float32, ar*ac)
		y := make([]float32, br*bc)
		z := make([]float32, s.m*s.n)
		for i := range x {
			x[i] = float32(i%13) / 13
		}
		for i := range y {
			y[i] = float32(i%7) / 7
		}
		for _, mode := range []string{"1", "2forced", "2"} {
			b.Run(fmt.Sprintf("%dx%dx%d/t=%s", s.m, s.n, s.k, mode), func(b *testing.B) {
				th := 2
				if mode == "1" {
					th = 1
				}
				defer parallel.SetThreads(parallel.SetThreads(th))
				if mode == "2forced" {
					defer parallel.SetForceSplit(parallel.SetForceSplit(true))
					saved := gemmSyncCost
					gemmSyncCost = 0
					defer func() { gemmSyncCost = saved }()
				}
				Sgemm(s.transA, s.transB, s.m, s.n, s.k, 1, x, ac, y, bc, s.beta, z, s.n)
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					Sgemm(s.transA, s.transB, s.m, s.n, s.k, 1, x, ac, y, bc, s.beta, z, s.n)
				}
				b.ReportMetric(2*float64(s.m*s.n*s.k)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOPS")
			})
		}
	}
}
