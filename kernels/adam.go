package kernels

import (
	"fmt"
	"math"

	"github.com/corten-ml/corten/parallel"
)

// AdamStep applies one Adam update, fused over the four slices, for step
// t (counting from 1), with the bias correction of Kingma and Ba as PyTorch
// computes it:
//
//	m = beta1*m + (1-beta1)*g
//	v = beta2*v + (1-beta2)*g*g
//	p -= lr/(1-beta1^t) * m / (sqrt(v)/sqrt(1-beta2^t) + eps)
//
// The new m and v are flushed to zero where their magnitude is below the
// smallest normal float32, 2^-126 (about 1.2e-38), before they are stored
// and before p is updated; NaNs and infinities are kept. Without this, the
// first moment of a parameter whose gradient stays zero (the weights of a
// dead ReLU unit) decays by beta1 every step into the denormal range and,
// since round-to-nearest stops 0.9*m from shrinking a few ulps above zero,
// stays there for good; arithmetic on denormals takes a microcode assist
// on x86, which makes every later step several times slower. A moment
// below 1e-38 is numerically irrelevant to an update of size
// lr*m/(sqrt(v)+eps). The flush is done explicitly, identically in the Go
// and the assembly kernels, rather than with the processor's
// flush-to-zero mode, so every path still gives the same result.
//
// Weight decay is the caller's: add l2*p to g first (Adam) or scale p
// (AdamW).
func AdamStep(p, g, m, v []float32, lr, beta1, beta2, eps float32, t int) {
	sameLen("AdamStep", len(p), g, m, v)
	if t < 1 {
		panic(fmt.Sprintf("kernels: AdamStep: step %d < 1", t))
	}
	bc1 := 1 - math.Pow(float64(beta1), float64(t))
	bc2 := 1 - math.Pow(float64(beta2), float64(t))
	step := float32(float64(lr) / bc1)
	vscale := float32(1 / math.Sqrt(bc2))
	if len(p) < 2*optimMinChunk || parallel.Threads() == 1 {
		active.Load().adam(p, g, m, v, step, beta1, beta2, eps, vscale)
		return
	}
	r := adamFree.Get()
	*r = adamRanges{p, g, m, v, step, beta1, beta2, eps, vscale, active.Load().adam}
	parallel.For(len(p), optimMinChunk, r)
	*r = adamRanges{} // do not keep the caller's slices alive
	adamFree.Put(r)
}

var adamFree parallel.FreeList[adamRanges]

// optimMinChunk is the smallest part of an optimizer step worth handing to
// another goroutine (bench/TUNING.md, worker pool).
const optimMinChunk = 16384

// adamRanges is AdamStep's arguments for parallel.For; the update is
// elementwise, so any split gives the same result.
type adamRanges struct {
	p, g, m, v                      []float32
	step, beta1, beta2, eps, vscale float32
	f                               func(p, g, m, v []float32, lr, beta1, beta2, eps, vscale float32)
}

func (a *adamRanges) RunRange(lo, hi int) {
	a.f(a.p[lo:hi], a.g[lo:hi], a.m[lo:hi], a.v[lo:hi], a.step, a.beta1, a.beta2, a.eps, a.vscale)
}

// flushDenormal returns zero for x of magnitude below the smallest normal
// float32, 2^-126 (denormals and zeros of either sign become +0), and x
// otherwise, NaN included. The assembly kernels do the same with a compare
// and a mask. It compares the bits of |x| (whose order is that of the
// magnitudes) with those of 2^-126: a float compare of x against ±2^-126
// would branch on the sign of x, which a random-signed m mispredicts half
// the time.
func flushDenormal(x float32) float32 {
	if math.Float32bits(x)&0x7fffffff < 0x00800000 {
		return 0
	}
	return x
}

// adamGo is the reference: step is lr/(1-beta1^t), vscale 1/sqrt(1-beta2^t).
// The float32 conversions round every product, which keeps the compiler
// from fusing multiply-adds (it does on arm64 and with GOAMD64=v3), so
// the reference rounds each operation as the assembly does.
func adamGo(p, g, m, v []float32, step, beta1, beta2, eps, vscale float32) {
	g, m, v = g[:len(p)], m[:len(p)], v[:len(p)]
	for i := range p {
		gi := g[i]
		mi := flushDenormal(float32(beta1*m[i]) + float32((1-beta1)*gi))
		vi := flushDenormal(float32(beta2*v[i]) + float32(float32((1-beta2)*gi)*gi))
		m[i], v[i] = mi, vi
		p[i] -= step * mi / (float32(float32(math.Sqrt(float64(vi)))*vscale) + eps)
	}
}
