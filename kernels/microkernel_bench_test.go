package kernels

import "testing"

// BenchmarkGemmMicroKernel measures the bare micro-kernels on cache-resident
// packed slivers (k = kc), the ceiling for the blocked GEMM.
func BenchmarkGemmMicroKernel(b *testing.B) {
	kerns := append(asmMicroKernels(), &goMicroKernel)
	for _, mk := range kerns {
		b.Run(mk.name, func(b *testing.B) {
			k := mk.kc
			a := make([]float32, mk.mr*k)
			bb := make([]float32, mk.nr*k)
			c := make([]float32, mk.mr*mk.nr)
			for i := 0; i < b.N; i++ {
				mk.kernel(k, a, bb, c, mk.nr, 1, 1, &bb[0])
			}
			b.ReportMetric(2*float64(mk.mr*mk.nr*k)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOPS")
		})
	}
}
