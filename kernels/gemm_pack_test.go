package kernels

import (
	"fmt"
	"math"
	"testing"
)

// TestPackRows checks every kernel's packRows (the assembly A packing)
// against the definition at every k up to 67 and two long ones, with a row
// stride wider than the sliver and NaN guards after the output.
func TestPackRows(t *testing.T) {
	t.Parallel()
	for _, mk := range append(asmMicroKernels(), &goMicroKernel) {
		if mk.packRows == nil {
			continue
		}
		mr := mk.mr
		for _, kb := range append(testLens[:68:68], 512, 1000) {
			t.Run(fmt.Sprintf("%s/kb=%d", mk.name, kb), func(t *testing.T) {
				lda := kb + 5
				a := make([]float32, mr*lda)
				for i := range a {
					a[i] = float32(i) + 0.5
				}
				const guard = 16
				got := make([]float32, mr*kb+guard)
				for i := range got {
					got[i] = float32(math.NaN())
				}
				mk.packRows(got, a[:(mr-1)*lda+kb], lda, kb)
				for p := 0; p < kb; p++ {
					for r := 0; r < mr; r++ {
						if want := a[r*lda+p]; got[p*mr+r] != want {
							t.Fatalf("%s kb=%d: d[%d] = %v, want a[%d][%d] = %v", mk.name, kb, p*mr+r, got[p*mr+r], r, p, want)
						}
					}
				}
				for i := mr * kb; i < len(got); i++ {
					if !math.IsNaN(float64(got[i])) {
						t.Fatalf("%s kb=%d: wrote guard d[%d]", mk.name, kb, i)
					}
				}
			})
		}
	}
}

// TestPackSlivers checks every kernel's packSlivers (the assembly B
// packing) against the definition for 1 to 17 slivers and k up to 40
// and 512,
// with NaN guards after the output.
func TestPackSlivers(t *testing.T) {
	t.Parallel()
	for _, mk := range append(asmMicroKernels(), &goMicroKernel) {
		nr := mk.nr
		for slivers := 1; slivers <= 17; slivers++ {
			t.Run(fmt.Sprintf("%s/slivers=%d", mk.name, slivers), func(t *testing.T) {
				for _, kb := range append(testLens[:41:41], 512) {
					ldb := slivers*nr + 3
					b := make([]float32, max(kb-1, 0)*ldb+slivers*nr)
					for i := range b {
						b[i] = float32(i) + 0.25
					}
					const guard = 16
					got := make([]float32, slivers*nr*kb+guard)
					for i := range got {
						got[i] = float32(math.NaN())
					}
					mk.packSlivers(got, b, ldb, kb, nr, slivers)
					for s := 0; s < slivers; s++ {
						for p := 0; p < kb; p++ {
							for j := 0; j < nr; j++ {
								i := s*nr*kb + p*nr + j
								if want := b[p*ldb+s*nr+j]; got[i] != want {
									t.Fatalf("%s slivers=%d kb=%d: dst[%d] = %v, want %v", mk.name, slivers, kb, i, got[i], want)
								}
							}
						}
					}
					for i := slivers * nr * kb; i < len(got); i++ {
						if !math.IsNaN(float64(got[i])) {
							t.Fatalf("%s slivers=%d kb=%d: wrote guard dst[%d]", mk.name, slivers, kb, i)
						}
					}
				}
			})
		}
	}
}

// TestTranspose8 checks every kernel's transpose8 against the definition
// for block counts up to 5 x 6, with strides wider than the blocks and NaN
// guards in the destination's gaps and after its end.
func TestTranspose8(t *testing.T) {
	t.Parallel()
	for _, mk := range append(asmMicroKernels(), &goMicroKernel) {
		if mk.transpose8 == nil {
			continue
		}
		for rows := 0; rows <= 40; rows += 8 {
			for cols := 0; cols <= 48; cols += 8 {
				t.Run(fmt.Sprintf("%s/%dx%d", mk.name, rows, cols), func(t *testing.T) {
					lds, ldd := cols+5, rows+3
					src := make([]float32, max(rows*lds, 1))
					for i := range src {
						src[i] = float32(i) + 0.5
					}
					const guard = 16
					dst := make([]float32, cols*ldd+guard)
					for i := range dst {
						dst[i] = float32(math.NaN())
					}
					mk.transpose8(dst, ldd, src, lds, rows, cols)
					for j := 0; j < cols; j++ {
						for i := 0; i < ldd; i++ {
							got := dst[j*ldd+i]
							if i >= rows {
								if !math.IsNaN(float64(got)) {
									t.Fatalf("%s %dx%d: wrote gap dst[%d]", mk.name, rows, cols, j*ldd+i)
								}
								continue
							}
							if want := src[i*lds+j]; got != want {
								t.Fatalf("%s %dx%d: dst[%d][%d] = %v, want %v", mk.name, rows, cols, j, i, got, want)
							}
						}
					}
					for i := cols * ldd; i < len(dst); i++ {
						if !math.IsNaN(float64(dst[i])) {
							t.Fatalf("%s %dx%d: wrote guard dst[%d]", mk.name, rows, cols, i)
						}
					}
				})
			}
		}
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
