package kernels

import (
	"math"

	"github.com/corten-ml/corten/parallel"
)

// RMSPropStep applies one RMSProp update, fused over the three slices, as
// torch.optim.RMSprop computes it without momentum or centring:
//
//	sq = alpha*sq + (1-alpha)*g*g
//	p -= lr*g / (sqrt(sq) + eps)
//
// As in AdamStep, the new sq is flushed to zero where it is below the
// smallest normal float32, 2^-126, before it is stored and used, so that
// the running average of a gradient that stays zero does not decay into
// the denormals, which are slow on x86; NaNs and infinities are kept.
//
// Weight decay is the caller's: add wd*p to g first.
func RMSPropStep(p, g, sq []float32, lr, alpha, eps float32) {
	sameLen("RMSPropStep", len(p), g, sq)
	if len(p) < 2*optimMinChunk || parallel.Threads() == 1 {
		active.Load().rmsprop(p, g, sq, lr, alpha, eps)
		return
	}
	r := rmspropFree.Get()
	*r = rmspropRanges{p, g, sq, lr, alpha, eps, active.Load().rmsprop}
	parallel.For(len(p), optimMinChunk, r)
	*r = rmspropRanges{}
	rmspropFree.Put(r)
}

var rmspropFree parallel.FreeList[rmspropRanges]

// rmspropRanges is RMSPropStep's arguments for parallel.For.
type rmspropRanges struct {
	p, g, sq       []float32
	lr, alpha, eps float32
	f              func(p, g, sq []float32, lr, alpha, eps float32)
}

func (r *rmspropRanges) RunRange(lo, hi int) {
	r.f(r.p[lo:hi], r.g[lo:hi], r.sq[lo:hi], r.lr, r.alpha, r.eps)
}

// rmspropGo is the reference. As in adamGo, the float32 conversions keep
// the compiler from fusing multiply-adds, so the assembly can match it bit
// for bit.
func rmspropGo(p, g, sq []float32, lr, alpha, eps float32) {
	g, sq = g[:len(p)], sq[:len(p)]
	for i := range p {
		gi := g[i]
		si := flushDenormal(float32(alpha*sq[i]) + float32(float32((1-alpha)*gi)*gi))
		sq[i] = si
		p[i] -= lr * gi / (float32(math.Sqrt(float64(si))) + eps)
	}
}
