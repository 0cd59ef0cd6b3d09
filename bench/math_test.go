package bench

import (
	"math"
	"testing"

	"github.com/corten-ml/corten/kernels"
)

// benchUnaryMath times a transcendental kernel against the naive loop
// through float64 math.
func benchUnaryMath(b *testing.B, naive func(float64) float64, api func(dst, x []float32)) {
	benchKernel(b, 8, func(n int) (func(), func()) {
		x, dst := filled(n, 1), make([]float32, n)
		for i := range x {
			x[i] *= 8
		}
		return func() {
				for i, v := range x {
					dst[i] = float32(naive(float64(v)))
				}
			}, func() {
				api(dst, x)
			}
	})
}

func BenchmarkExp(b *testing.B) { benchUnaryMath(b, math.Exp, kernels.Exp) }

func BenchmarkSigmoid(b *testing.B) {
	benchUnaryMath(b, func(x float64) float64 { return 1 / (1 + math.Exp(-x)) }, kernels.Sigmoid)
}

func BenchmarkTanh(b *testing.B) { benchUnaryMath(b, math.Tanh, kernels.Tanh) }

func BenchmarkGELU(b *testing.B) {
	benchUnaryMath(b, func(x float64) float64 { return x * 0.5 * (1 + math.Erf(x/math.Sqrt2)) }, kernels.GELU)
}

// BenchmarkGELUWithGrad times the forward kernel that also writes the
// derivative (the training step's GELU), against the naive loop through
// float64 math.
func BenchmarkGELUWithGrad(b *testing.B) {
	benchKernel(b, 12, func(n int) (func(), func()) {
		x, dst, grad := filled(n, 1), make([]float32, n), make([]float32, n)
		for i := range x {
			x[i] *= 8
		}
		return func() {
				for i, v := range x {
					t := float64(v)
					cdf := 0.5 * (1 + math.Erf(t/math.Sqrt2))
					dst[i] = float32(t * cdf)
					grad[i] = float32(cdf + t*math.Exp(-t*t/2)/math.Sqrt(2*math.Pi))
				}
			}, func() {
				kernels.GELUWithGrad(dst, grad, x)
			}
	})
}

func BenchmarkGELUTanh(b *testing.B) {
	benchUnaryMath(b, func(x float64) float64 {
		return x * 0.5 * (1 + math.Tanh(math.Sqrt(2/math.Pi)*(x+0.044715*x*x*x)))
	}, kernels.GELUTanh)
}

func BenchmarkTanhBackward(b *testing.B) {
	benchKernel(b, 12, func(n int) (func(), func()) {
		y, dy, dx := filled(n, 1), filled(n, 2), make([]float32, n)
		return func() {
				for i, v := range y {
					dx[i] = dy[i] * (1 - v*v)
				}
			}, func() {
				kernels.TanhBackward(dx, dy, y)
			}
	})
}

// BenchmarkSoftmaxRows uses rows of 256 elements (every benchmark size
// is a multiple), against the naive max/exp/sum/scale loop.
func BenchmarkSoftmaxRows(b *testing.B) {
	const cols = 256
	benchKernel(b, 8, func(n int) (func(), func()) {
		x, dst := filled(n, 1), make([]float32, n)
		return func() {
				for i := 0; i < n; i += cols {
					row, out := x[i:i+cols], dst[i:i+cols]
					m := row[0]
					for _, v := range row {
						m = max(m, v)
					}
					var s float64
					for j, v := range row {
						e := math.Exp(float64(v - m))
						out[j] = float32(e)
						s += e
					}
					for j := range out {
						out[j] = float32(float64(out[j]) / s)
					}
				}
			}, func() {
				kernels.SoftmaxRows(dst, x, cols)
			}
	})
}

func BenchmarkSigmoidBackward(b *testing.B) {
	benchKernel(b, 12, func(n int) (func(), func()) {
		y, dy, dx := filled(n, 1), filled(n, 2), make([]float32, n)
		return func() {
				for i, v := range y {
					dx[i] = dy[i] * v * (1 - v)
				}
			}, func() {
				kernels.SigmoidBackward(dx, dy, y)
			}
	})
}

// benchGELUGrad times a GELU gradient kernel against the naive loop
// through float64 math (deriv is the derivative at x).
func benchGELUGrad(b *testing.B, deriv func(float64) float64, api func(dx, dy, x []float32)) {
	benchKernel(b, 12, func(n int) (func(), func()) {
		x, dy, dx := filled(n, 1), filled(n, 2), make([]float32, n)
		for i := range x {
			x[i] *= 8
		}
		return func() {
				for i, v := range x {
					dx[i] = dy[i] * float32(deriv(float64(v)))
				}
			}, func() {
				api(dx, dy, x)
			}
	})
}

func BenchmarkGELUBackward(b *testing.B) {
	benchGELUGrad(b, func(x float64) float64 {
		return 0.5*(1+math.Erf(x/math.Sqrt2)) + x*math.Exp(-x*x/2)/math.Sqrt(2*math.Pi)
	}, kernels.GELUBackward)
}

func BenchmarkGELUTanhBackward(b *testing.B) {
	benchGELUGrad(b, func(x float64) float64 {
		k := math.Sqrt(2 / math.Pi)
		t := math.Tanh(k * (x + 0.044715*x*x*x))
		return 0.5*(1+t) + 0.5*x*(1-t*t)*k*(1+3*0.044715*x*x)
	}, kernels.GELUTanhBackward)
}

// BenchmarkLogSoftmaxRows uses rows of 256 elements, against the naive
// max/log-sum-exp/subtract loop.
func BenchmarkLogSoftmaxRows(b *testing.B) {
	const cols = 256
	benchKernel(b, 8, func(n int) (func(), func()) {
		x, dst := filled(n, 1), make([]float32, n)
		return func() {
				for i := 0; i < n; i += cols {
					row, out := x[i:i+cols], dst[i:i+cols]
					m := row[0]
					for _, v := range row {
						m = max(m, v)
					}
					var s float64
					for _, v := range row {
						s += math.Exp(float64(v - m))
					}
					ls := math.Log(s)
					for j, v := range row {
						out[j] = float32(float64(v-m) - ls)
					}
				}
			}, func() {
				kernels.LogSoftmaxRows(dst, x, cols)
			}
	})
}
