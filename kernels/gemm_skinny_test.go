package kernels

import (
	"fmt"
	"testing"

	"github.com/corten-ml/corten/parallel"
)

// skinnyGemms are GEMMs with few rows or a short k, as LeNet's convolutions
// issue them (m x n x k): 6 and 16 output channels over the image
// positions, and the weight gradients.
var skinnyGemms = [][3]int{
	{6, 12544, 25}, {16, 1600, 150}, {16, 150, 1600}, {150, 1600, 16}, {6, 25, 12544},
}

// BenchmarkSgemmSkinny measures the skinny shapes on one thread with each
// assembly micro-kernel, to choose the kernel by shape.
func BenchmarkSgemmSkinny(b *testing.B) {
	if simdOps == nil {
		b.Skip("no assembly kernels")
	}
	defer parallel.SetThreads(parallel.SetThreads(1))
	for _, s := range skinnyGemms {
		m, n, k := s[0], s[1], s[2]
		x := make([]float32, m*k)
		y := make([]float32, k*n)
		z := make([]float32, m*n)
		for i := range x {
			x[i] = float32(i%13) / 13
		}
		for i := range y {
			y[i] = float32(i%7) / 7
		}
		for _, mk := range append([]*microKernel{nil}, asmMicroKernels()...) {
			name := "auto"
			if mk != nil {
				name = mk.name
			}
			b.Run(fmt.Sprintf("%dx%dx%d/%s", m, n, k, name), func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					if mk == nil {
						Sgemm(false, false, m, n, k, 1, x, k, y, n, 0, z, n)
					} else {
						gemmBlocked(mk, 1, false, false, m, n, k, 1, x, k, y, n, 0, z, n)
					}
				}
				b.ReportMetric(2*float64(m*n*k)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOPS")
			})
		}
	}
}

// TestGemmForShape checks the choice of the skinny kernel on a pair shaped
// like the AVX-512 and AVX2 kernels: the narrow one for 6 rows, the wide
// one from 16, and the shape alone deciding.
func TestGemmForShape(t *testing.T) {
	t.Parallel()
	narrow := &microKernel{mr: 6, nr: 16, speed: 8}
	wide := &microKernel{mr: 14, nr: 32, speed: 16, skinny: narrow}
	for _, c := range []struct {
		m, n int
		want *microKernel
	}{
		{6, 12544, narrow}, {5, 25, narrow}, {1, 1, narrow}, {6, 32, narrow},
		{16, 1600, wide}, {14, 32, wide}, {150, 1600, wide}, {64, 128, wide},
	} {
		if got := wide.forShape(c.m, c.n); got != c.want {
			t.Errorf("forShape(%d, %d) = %dx%d, want %dx%d", c.m, c.n, got.mr, got.nr, c.want.mr, c.want.nr)
		}
	}
	if narrow.forShape(6, 100) != narrow {
		t.Error("a kernel without a skinny alternative must choose itself")
	}
}
