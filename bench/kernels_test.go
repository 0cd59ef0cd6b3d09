package bench

import (
	"fmt"
	"math"
	"testing"

	"github.com/corten-ml/corten/kernels"
)

// kernelSizes are the element counts of every kernel benchmark: from
// L1-resident (1K floats = 4 KiB per operand) to beyond L2 (1M = 4 MiB).
var kernelSizes = []int{1 << 10, 4 << 10, 16 << 10, 64 << 10, 256 << 10, 1 << 20}

// biasCols is the row length for AddBias and AddColSums: an MLP hidden
// width.
const biasCols = 128

func sizeName(n int) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%dM", n>>20)
	}
	return fmt.Sprintf("%dK", n>>10)
}

// filled returns n floats in [-1, 1) that are not all of one sign, so
// ReLU and Max see a realistic mix.
func filled(n int, seed int) []float32 {
	x := make([]float32, n)
	s := uint32(seed*2654435761 + 1)
	for i := range x {
		s = s*1664525 + 1013904223
		x[i] = float32(s>>8)/(1<<23) - 1
	}
	return x
}

// benchKernel runs the three implementations of one kernel at every size.
// setup allocates the operands for n elements and returns the naive loop
// and the kernels API call; bytesPerElem is the memory traffic per element
// (reads plus writes) used for the throughput figures.
func benchKernel(b *testing.B, bytesPerElem int, setup func(n int) (naive, api func())) {
	for _, n := range kernelSizes {
		naive, api := setup(n)
		impls := []struct {
			name string
			simd bool
			f    func()
		}{
			{"naive", false, naive},
			{"generic", false, api},
			{"simd", true, api},
		}
		for _, im := range impls {
			b.Run("n="+sizeName(n)+"/impl="+im.name, func(b *testing.B) {
				if im.simd && !kernels.HasSIMD() {
					b.Skip("no SIMD kernels on this CPU or build")
				}
				was := kernels.SetSIMD(im.simd)
				defer kernels.SetSIMD(was)
				bytes := int64(bytesPerElem * n)
				b.SetBytes(bytes)
				b.ReportAllocs()
				for b.Loop() {
					im.f()
				}
				b.ReportMetric(float64(bytes)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GB/s")
			})
		}
	}
}

// sink keeps results of reductions alive.
var sink float32
var sinkInt int

func BenchmarkAdd(b *testing.B) {
	benchKernel(b, 12, func(n int) (func(), func()) {
		x, y, dst := filled(n, 1), filled(n, 2), make([]float32, n)
		return func() {
				for i := range dst {
					dst[i] = x[i] + y[i]
				}
			}, func() {
				kernels.Add(dst, x, y)
			}
	})
}

func BenchmarkSub(b *testing.B) {
	benchKernel(b, 12, func(n int) (func(), func()) {
		x, y, dst := filled(n, 1), filled(n, 2), make([]float32, n)
		return func() {
				for i := range dst {
					dst[i] = x[i] - y[i]
				}
			}, func() {
				kernels.Sub(dst, x, y)
			}
	})
}

func BenchmarkMul(b *testing.B) {
	benchKernel(b, 12, func(n int) (func(), func()) {
		x, y, dst := filled(n, 1), filled(n, 2), make([]float32, n)
		return func() {
				for i := range dst {
					dst[i] = x[i] * y[i]
				}
			}, func() {
				kernels.Mul(dst, x, y)
			}
	})
}

func BenchmarkScale(b *testing.B) {
	benchKernel(b, 8, func(n int) (func(), func()) {
		// Alternating factors keep the values bounded over many iterations.
		x, k := filled(n, 1), 0
		alpha := [2]float32{2, 0.5}
		return func() {
				a := alpha[k&1]
				k++
				for i := range x {
					x[i] *= a
				}
			}, func() {
				kernels.Scale(alpha[k&1], x)
				k++
			}
	})
}

func BenchmarkAxpy(b *testing.B) {
	benchKernel(b, 12, func(n int) (func(), func()) {
		x, y, k := filled(n, 1), filled(n, 2), 0
		alpha := [2]float32{1, -1}
		return func() {
				a := alpha[k&1]
				k++
				for i, v := range x {
					y[i] += a * v
				}
			}, func() {
				kernels.Axpy(alpha[k&1], x, y)
				k++
			}
	})
}

func BenchmarkDot(b *testing.B) {
	benchKernel(b, 8, func(n int) (func(), func()) {
		x, y := filled(n, 1), filled(n, 2)
		return func() {
				var s float32
				for i, v := range x {
					s += v * y[i]
				}
				sink = s
			}, func() {
				sink = kernels.Dot(x, y)
			}
	})
}

func BenchmarkReLU(b *testing.B) {
	benchKernel(b, 8, func(n int) (func(), func()) {
		x, dst := filled(n, 1), make([]float32, n)
		return func() {
				for i, v := range x {
					if v > 0 {
						dst[i] = v
					} else {
						dst[i] = 0
					}
				}
			}, func() {
				kernels.ReLU(dst, x)
			}
	})
}

func BenchmarkReLUBackward(b *testing.B) {
	benchKernel(b, 12, func(n int) (func(), func()) {
		x, dy, dx := filled(n, 1), filled(n, 2), make([]float32, n)
		return func() {
				for i, v := range x {
					if v > 0 {
						dx[i] = dy[i]
					} else {
						dx[i] = 0
					}
				}
			}, func() {
				kernels.ReLUBackward(dx, dy, x)
			}
	})
}

func BenchmarkAddBias(b *testing.B) {
	benchKernel(b, 8, func(n int) (func(), func()) {
		x, bias, k := filled(n, 1), filled(biasCols, 2), 0
		neg := make([]float32, biasCols)
		for j := range neg {
			neg[j] = -bias[j]
		}
		// Adding bias and -bias in turn keeps x bounded.
		biases := [2][]float32{bias, neg}
		return func() {
				bb := biases[k&1]
				k++
				for i := 0; i < len(x); i += biasCols {
					row := x[i : i+biasCols]
					for j, v := range bb {
						row[j] += v
					}
				}
			}, func() {
				kernels.AddBias(x, biases[k&1])
				k++
			}
	})
}

func BenchmarkAddColSums(b *testing.B) {
	benchKernel(b, 4, func(n int) (func(), func()) {
		x, dst := filled(n, 1), make([]float32, biasCols)
		return func() {
				for i := 0; i < len(x); i += biasCols {
					for j, v := range x[i : i+biasCols] {
						dst[j] += v
					}
				}
			}, func() {
				kernels.AddColSums(dst, x)
			}
	})
}

func BenchmarkMax(b *testing.B) {
	benchKernel(b, 4, func(n int) (func(), func()) {
		x := filled(n, 1)
		return func() {
				m := x[0]
				for _, v := range x[1:] {
					if v > m {
						m = v
					}
				}
				sink = m
			}, func() {
				sink = kernels.Max(x)
			}
	})
}

func BenchmarkArgMax(b *testing.B) {
	benchKernel(b, 4, func(n int) (func(), func()) {
		x := filled(n, 1)
		return func() {
				best, m := 0, x[0]
				for i, v := range x {
					if v > m {
						best, m = i, v
					}
				}
				sinkInt = best
			}, func() {
				sinkInt = kernels.ArgMax(x)
			}
	})
}

func BenchmarkAdamStep(b *testing.B) {
	// Reads p, g, m, v and writes p, m, v.
	benchKernel(b, 28, func(n int) (func(), func()) {
		p, g, m, v := filled(n, 1), filled(n, 2), make([]float32, n), make([]float32, n)
		const lr, beta1, beta2, eps = 1e-3, 0.9, 0.999, 1e-8
		t := 0
		return func() {
				t++
				step := float32(lr / (1 - math.Pow(beta1, float64(t))))
				vscale := float32(1 / math.Sqrt(1-math.Pow(beta2, float64(t))))
				for i := range p {
					gi := g[i]
					mi := beta1*m[i] + (1-beta1)*gi
					vi := beta2*v[i] + (1-beta2)*gi*gi
					m[i], v[i] = mi, vi
					p[i] -= step * mi / (float32(math.Sqrt(float64(vi)))*vscale + eps)
				}
			}, func() {
				t++
				kernels.AdamStep(p, g, m, v, lr, beta1, beta2, eps, t)
			}
	})
	b.Run("denormal", benchAdamDenormal)
}

func BenchmarkRMSPropStep(b *testing.B) {
	// Reads p, g, sq and writes p, sq.
	benchKernel(b, 20, func(n int) (func(), func()) {
		p, g, sq := filled(n, 1), filled(n, 2), make([]float32, n)
		const lr, alpha, eps = 1e-2, 0.99, 1e-8
		return func() {
				for i := range p {
					gi := g[i]
					sq[i] = alpha*sq[i] + (1-alpha)*gi*gi
					p[i] -= lr * gi / (float32(math.Sqrt(float64(sq[i]))) + eps)
				}
			}, func() {
				kernels.RMSPropStep(p, g, sq, lr, alpha, eps)
			}
	})
}

// benchAdamDenormal times Adam on the state of dead ReLU units late in
// training: the gradient is zero, so the first moment has decayed by beta1
// every step into the denormal range (in round-to-nearest 0.9*m stops
// shrinking at a few ulps above zero, so it stays there), while the second
// moment, decaying by beta2, is still normal. m is reset to denormals
// before each timed run; the steps then run on the state the previous step
// left, as in training. The naive loop is the Adam update without the
// flush to zero, for comparison in the same run.
func benchAdamDenormal(b *testing.B) {
	const n = 64 << 10
	const lr, beta1, beta2, eps = 1e-3, 0.9, 0.999, 1e-8
	p, g, m, v := filled(n, 1), make([]float32, n), make([]float32, n), make([]float32, n)
	for i := range v {
		v[i] = 1e-10
	}
	denormals := func() {
		for i := range m {
			// 1 to 2^20 ulps of the smallest denormal, both signs.
			m[i] = math.Float32frombits(uint32(1+i%(1<<20)) | uint32(i&1)<<31)
		}
	}
	const t = 1000
	step := float32(lr / (1 - math.Pow(beta1, t)))
	vscale := float32(1 / math.Sqrt(1-math.Pow(beta2, t)))
	impls := []struct {
		name string
		simd bool
		f    func()
	}{
		{"naive", false, func() {
			for i := range p {
				gi := g[i]
				mi := beta1*m[i] + (1-beta1)*gi
				vi := beta2*v[i] + (1-beta2)*gi*gi
				m[i], v[i] = mi, vi
				p[i] -= step * mi / (float32(math.Sqrt(float64(vi)))*vscale + eps)
			}
		}},
		{"generic", false, func() { kernels.AdamStep(p, g, m, v, lr, beta1, beta2, eps, t) }},
		{"simd", true, func() { kernels.AdamStep(p, g, m, v, lr, beta1, beta2, eps, t) }},
	}
	for _, im := range impls {
		b.Run("n="+sizeName(n)+"/impl="+im.name, func(b *testing.B) {
			if im.simd && !kernels.HasSIMD() {
				b.Skip("no SIMD kernels on this CPU or build")
			}
			was := kernels.SetSIMD(im.simd)
			defer kernels.SetSIMD(was)
			denormals()
			b.SetBytes(28 * n)
			for b.Loop() {
				im.f()
			}
		})
	}
}
