package tensor

import (
	"math"

	"github.com/corten-ml/corten/kernels"
)

// The smooth activations of transformers and deep MLPs. The GELUs run the
// SIMD kernels of package kernels, whose error bounds their documentation
// states (a few float32 ulps). ELU, SiLU and their gradients are computed
// in float64 from the float32 input and rounded once to float32, within
// one float32 ulp of the exact value. The backward passes take the forward
// pass's input x, as PyTorch's do. All of them allow dst == x (or dst ==
// dy); a nil dst is allocated.

// GELU computes dst = x·Φ(x), Φ the standard normal CDF, ½(1 + erf(x/√2)) =
// ½erfc(-x/√2):
// PyTorch's exact (default) GELU.
func GELU(dst, x *Tensor) *Tensor {
	dst = dstLike("GELU", dst, x)
	kernels.GELU(dst.data, x.data)
	return dst
}

// GELUBackward computes dst = dy·(Φ(x) + x·φ(x)), φ the standard normal
// density: the gradient through GELU at input x.
func GELUBackward(dst, dy, x *Tensor) *Tensor {
	mustSame("GELUBackward", dy, x)
	dst = dstLike("GELUBackward", dst, dy)
	kernels.GELUBackward(dst.data, dy.data, x.data)
	return dst
}

// GELUTanh computes the tanh approximation of GELU,
// dst = ½x(1 + tanh(√(2/π)(x + 0.044715x³))), PyTorch's
// GELU(approximate='tanh').
func GELUTanh(dst, x *Tensor) *Tensor {
	dst = dstLike("GELUTanh", dst, x)
	kernels.GELUTanh(dst.data, x.data)
	return dst
}

// GELUTanhBackward computes the gradient through GELUTanh at input x:
// dst = dy·(½(1 + t) + ½x(1 - t²)·√(2/π)(1 + 3·0.044715x²)), t the tanh of
// the forward pass.
func GELUTanhBackward(dst, dy, x *Tensor) *Tensor {
	mustSame("GELUTanhBackward", dy, x)
	dst = dstLike("GELUTanhBackward", dst, dy)
	kernels.GELUTanhBackward(dst.data, dy.data, x.data)
	return dst
}

// LeakyReLU computes dst = x where x > 0 and slope·x elsewhere.
func LeakyReLU(dst, x *Tensor, slope float32) *Tensor {
	dst = dstLike("LeakyReLU", dst, x)
	out := dst.data
	for i, v := range x.data {
		if v > 0 {
			out[i] = v
		} else {
			out[i] = slope * v
		}
	}
	return dst
}

// LeakyReLUBackward computes dst = dy where x > 0 and slope·dy elsewhere
// (at 0 the slope, as PyTorch).
func LeakyReLUBackward(dst, dy, x *Tensor, slope float32) *Tensor {
	mustSame("LeakyReLUBackward", dy, x)
	dst = dstLike("LeakyReLUBackward", dst, dy)
	g, out := dy.data, dst.data
	for i, v := range x.data {
		if v > 0 {
			out[i] = g[i]
		} else {
			out[i] = slope * g[i]
		}
	}
	return dst
}

// ELU computes dst = x where x > 0 and alpha·(eˣ - 1) elsewhere (with
// expm1, so small negative x keep their precision).
func ELU(dst, x *Tensor, alpha float32) *Tensor {
	dst = dstLike("ELU", dst, x)
	out := dst.data
	for i, v := range x.data {
		if v > 0 {
			out[i] = v
		} else {
			out[i] = float32(float64(alpha) * math.Expm1(float64(v)))
		}
	}
	return dst
}

// ELUBackward computes dst = dy where x > 0 and dy·alpha·eˣ elsewhere.
func ELUBackward(dst, dy, x *Tensor, alpha float32) *Tensor {
	mustSame("ELUBackward", dy, x)
	dst = dstLike("ELUBackward", dst, dy)
	g, out := dy.data, dst.data
	for i, v := range x.data {
		if v > 0 {
			out[i] = g[i]
		} else {
			out[i] = float32(float64(g[i]) * float64(alpha) * math.Exp(float64(v)))
		}
	}
	return dst
}

// SiLU computes dst = x·σ(x) = x/(1 + e⁻ˣ) (also called swish).
func SiLU(dst, x *Tensor) *Tensor {
	dst = dstLike("SiLU", dst, x)
	out := dst.data
	for i, v := range x.data {
		xf := float64(v)
		out[i] = float32(xf / (1 + math.Exp(-xf)))
	}
	return dst
}

// SiLUBackward computes dst = dy·σ(x)(1 + x(1 - σ(x))), the gradient
// through SiLU at input x.
func SiLUBackward(dst, dy, x *Tensor) *Tensor {
	mustSame("SiLUBackward", dy, x)
	dst = dstLike("SiLUBackward", dst, dy)
	g, out := dy.data, dst.data
	for i, v := range x.data {
		xf := float64(v)
		s := 1 / (1 + math.Exp(-xf))
		out[i] = float32(float64(g[i]) * s * (1 + xf*(1-s)))
	}
	return dst
}
