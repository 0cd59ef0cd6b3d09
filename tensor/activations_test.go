package tensor

import (
	"math"
	"testing"
)

// activationRefs are the activations and their derivatives written
// directly from their definitions in float64.
var activationRefs = []struct {
	name     string
	fwd      func(dst, x *Tensor) *Tensor
	bwd      func(dst, dy, x *Tensor) *Tensor
	f, deriv func(x float64) float64
	// ulps is the error bound of the forward pass in float32 ulps at x
	// (nil: 1, a correctly rounded float64 computation); the GELUs run
	// the kernels, whose bounds package kernels states and tests.
	ulps func(x float64) float64
	// derivAbs, when not 0, is an absolute error bound of the gradient
	// besides the ulp one (kernels.GELUBackward's 2^-21 near its zero).
	derivAbs float64
}{
	{"GELU", GELU, GELUBackward,
		func(x float64) float64 { return x * 0.5 * math.Erfc(-x/math.Sqrt2) },
		func(x float64) float64 {
			return 0.5*math.Erfc(-x/math.Sqrt2) + x*math.Exp(-x*x/2)/math.Sqrt(2*math.Pi)
		}, func(float64) float64 { return 8 }, 0x1p-21},
	// The tanh form as x·σ(2v), the same function without the 1 + tanh
	// cancellation of PyTorch's formula for very negative x.
	{"GELUTanh", GELUTanh, GELUTanhBackward,
		func(x float64) float64 {
			v := math.Sqrt(2/math.Pi) * (x + 0.044715*x*x*x)
			return x / (1 + math.Exp(-2*v))
		},
		nil, func(x float64) float64 {
			return 4 + 3*math.Abs(2*math.Sqrt(2/math.Pi)*(x+0.044715*x*x*x))
		}, 0x1p-21},
	{"LeakyReLU", func(d, x *Tensor) *Tensor { return LeakyReLU(d, x, 0.1) },
		func(d, dy, x *Tensor) *Tensor { return LeakyReLUBackward(d, dy, x, 0.1) },
		func(x float64) float64 { return math.Max(x, 0) + 0.1*math.Min(x, 0) },
		func(x float64) float64 {
			if x > 0 {
				return 1
			}
			return 0.1
		}, nil, 0},
	{"ELU", func(d, x *Tensor) *Tensor { return ELU(d, x, 0.7) },
		func(d, dy, x *Tensor) *Tensor { return ELUBackward(d, dy, x, 0.7) },
		func(x float64) float64 {
			if x > 0 {
				return x
			}
			return 0.7 * math.Expm1(x)
		},
		func(x float64) float64 {
			if x > 0 {
				return 1
			}
			return 0.7 * math.Exp(x)
		}, nil, 0},
	{"SiLU", SiLU, SiLUBackward,
		func(x float64) float64 { return x / (1 + math.Exp(-x)) },
		func(x float64) float64 { s := 1 / (1 + math.Exp(-x)); return s + x*s*(1-s) }, nil, 0},
}

func TestSmoothActivations(t *testing.T) {
	xs := []float32{-30, -10, -5.5, -2, -1, -0.3, -1e-4, 0, 1e-4, 0.3, 1, 2, 5.5, 10, 30, 1e-30, -1e-30}
	x := FromSlice(xs, len(xs))
	dy := Full(1, len(xs))
	for _, a := range activationRefs {
		y := a.fwd(nil, x)
		d := a.bwd(nil, dy, x)
		for i, v := range xs {
			want := a.f(float64(v))
			bound := 1.0
			if a.ulps != nil {
				bound = a.ulps(float64(v))
			}
			if err := math.Abs(float64(y.Data()[i]) - want); err > bound*ulp32(want) {
				t.Errorf("%s(%v) = %v, want %v (error %.2g ulp)", a.name, v, y.Data()[i], want, err/ulp32(want))
			}
			// The derivative: exact where known, else a central
			// difference of the float64 definition.
			var wd float64
			if a.deriv != nil {
				wd = a.deriv(float64(v))
			} else {
				h := 1e-6 * max(1, math.Abs(float64(v)))
				wd = (a.f(float64(v)+h) - a.f(float64(v)-h)) / (2 * h)
			}
			tol := ulp32(wd)
			if a.derivAbs != 0 {
				tol = max(4*ulp32(wd), a.derivAbs)
			}
			if a.deriv == nil {
				tol = max(tol, 1e-6*(1+math.Abs(wd)))
			}
			if err := math.Abs(float64(d.Data()[i]) - wd); err > tol {
				t.Errorf("%s'(%v) = %v, want %v", a.name, v, d.Data()[i], wd)
			}
		}
		// In place.
		z := x.Clone()
		a.fwd(z, z)
		for i, v := range z.Data() {
			if v != y.Data()[i] {
				t.Fatalf("%s in place differs at %d", a.name, i)
			}
		}
		mustPanic(t, func() { a.bwd(nil, New(3), x) }, "[3]", "[17]")
	}
}

// ulp32 is the spacing of float32 numbers at |v| (the smallest denormal's
// at 0): a correctly rounded result is within half of it.
func ulp32(v float64) float64 {
	f := float32(math.Abs(v))
	return float64(math.Nextafter32(f, float32(math.Inf(1))) - f)
}
