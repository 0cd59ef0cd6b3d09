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

// BenchmarkGemmPackA measures packing one mr x 256 sliver of a row-major
// A for each micro-kernel.
func BenchmarkGemmPackA(b *testing.B) {
	for _, mk := range append(asmMicroKernels(), &goMicroKernel) {
		mr := mk.mr
		b.Run(mk.name, func(b *testing.B) {
			const kb, lda = 256, 1024
			a := make([]float32, 14*lda)
			d := make([]float32, mr*kb)
			for i := 0; i < b.N; i++ {
				packA(mk, d, a, lda, false, 0, 0, mr, kb)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(mr*kb), "ns/elem")
		})
	}
}
