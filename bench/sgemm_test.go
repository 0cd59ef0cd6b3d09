package bench

import (
	"fmt"
	"testing"

	"github.com/corten-ml/corten/kernels"
)

// sgemmShapes are m x n x k: square sizes and the MNIST MLP's three GEMMs
// (forward 64x128x784, weight gradient 784x128x64, input gradient
// 64x784x128), all without transposes.
var sgemmShapes = [][3]int{
	{64, 64, 64}, {128, 128, 128}, {256, 256, 256}, {512, 512, 512},
	{1024, 1024, 1024}, {2048, 2048, 2048},
	{64, 128, 784}, {784, 128, 64}, {64, 784, 128},
}

// naiveSgemm is the textbook triple loop (i, p, j order, so the inner loop
// is contiguous), the baseline the blocked GEMM is compared with.
func naiveSgemm(m, n, k int, a, b, c []float32) {
	for i := 0; i < m; i++ {
		crow := c[i*n : i*n+n]
		clear(crow)
		for p := 0; p < k; p++ {
			av := a[i*k+p]
			brow := b[p*n : p*n+n]
			for j, bv := range brow {
				crow[j] += av * bv
			}
		}
	}
}

// BenchmarkSgemm measures C = A*B in GFLOPS (2mnk flops per call) for the
// naive loop (up to 512), the blocked GEMM on the pure-Go micro-kernel
// (generic) and on the assembly one (simd, when the CPU has it), and the
// simd rate as a fraction of the FMA peak of its vector width on the
// threads in use (peak-frac). Threads follow parallel.Threads(): GOMAXPROCS
// unless set.
func BenchmarkSgemm(b *testing.B) {
	for _, impl := range []string{"naive", "generic", "simd"} {
		if impl == "simd" && !kernels.HasSIMD() {
			continue
		}
		for _, s := range sgemmShapes {
			m, n, k := s[0], s[1], s[2]
			if impl == "naive" && m*n*k > 512*512*512 {
				continue
			}
			b.Run(fmt.Sprintf("impl=%s/%dx%dx%d", impl, m, n, k), func(b *testing.B) {
				was := kernels.SetSIMD(impl == "simd")
				defer kernels.SetSIMD(was)
				x := make([]float32, m*k)
				y := make([]float32, k*n)
				z := make([]float32, m*n)
				for i := range x {
					x[i] = float32(i%13) / 13
				}
				for i := range y {
					y[i] = float32(i%7) / 7
				}
				if impl != "naive" {
					// Warm up: the first call sizes the packing buffers.
					kernels.Sgemm(false, false, m, n, k, 1, x, k, y, n, 0, z, n)
				}
				b.ReportAllocs()
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					if impl == "naive" {
						naiveSgemm(m, n, k, x, y, z)
					} else {
						kernels.Sgemm(false, false, m, n, k, 1, x, k, y, n, 0, z, n)
					}
				}
				reportFLOPS(b, 2*float64(m)*float64(n)*float64(k))
			})
		}
	}
}
