// Package attention is the engine behind nn's multi-head self-attention:
// scaled dot-product attention over the heads of a packed Q/K/V projection,
// and its backward pass, on plain slices.
//
// The layout is PyTorch's nn.MultiheadAttention with batch_first: the
// input projection of a batch of sequences is one [N, T, 3E] matrix whose
// rows hold a token's query, key and value, each E = Heads·D wide and
// split into heads of D consecutive features. Head h of sample n reads its
// Q, K and V as [T, D] blocks of that matrix with a row stride of 3E, so
// the per-head GEMMs address them in place: no head is copied out.
//
// For each sample and head, with scale 1/√D:
//
//	P = softmax(scale·Q·Kᵀ)   [T, T], row-wise, masked above the diagonal when causal
//	O = P·V                   [T, D], written into the heads' columns of out [N, T, E]
//
// P is kept for the backward pass, which with G = dO computes
//
//	dP = G·Vᵀ,  dV = Pᵀ·G
//	dS = P ⊙ (dP - rowsum(dP ⊙ P))
//	dQ = scale·dS·K,  dK = scale·dSᵀ·Q
//
// into the matching blocks of dqkv [N, T, 3E]. Samples and heads are
// independent: they run in parallel on the pool of package kernels, each
// on kernels.AttentionHead and AttentionHeadBackward, and the result does
// not depend on the thread count.
package attention

import (
	"fmt"
	"github.com/corten-ml/corten/parallel"
	"math"

	"github.com/corten-ml/corten/kernels"
)

// Shape describes one attention pass: a batch of N sequences of T tokens
// of width E, split into Heads heads of E/Heads features. Causal masks
// each token's attention to the tokens after it.
type Shape struct {
	N, T, E, Heads int
	Causal         bool
}

// D returns the width of one head.
func (s Shape) D() int { return s.E / s.Heads }

// QKVLen returns the length of the packed projection [N, T, 3E].
func (s Shape) QKVLen() int { return s.N * s.T * 3 * s.E }

// OutLen returns the length of the output [N, T, E].
func (s Shape) OutLen() int { return s.N * s.T * s.E }

// ProbsLen returns the length of the attention probabilities
// [N, Heads, T, T].
func (s Shape) ProbsLen() int { return s.N * s.Heads * s.T * s.T }

// FLOPs returns the floating-point operations of the forward pass's two
// GEMMs (Q·Kᵀ and P·V, 2·T·T·D multiply-adds each per sample and head);
// the backward pass does twice as many.
func (s Shape) FLOPs() int64 { return 4 * int64(s.N) * int64(s.T) * int64(s.T) * int64(s.E) }

func (s Shape) check(op string) {
	if s.N < 0 || s.T <= 0 || s.E <= 0 || s.Heads <= 0 || s.E%s.Heads != 0 {
		panic(fmt.Sprintf("attention: %s: bad shape N=%d T=%d E=%d heads=%d (want T, E, heads positive and E divisible by heads)", op, s.N, s.T, s.E, s.Heads))
	}
}

func checkLen(op, name string, got, want int) {
	if got < want {
		panic(fmt.Sprintf("attention: %s: %s has %d elements, want %d", op, name, got, want))
	}
}

// Pass runs attention passes. Its zero value is ready; keep one per layer
// and reuse it, and a pass allocates nothing (it is what the workers of
// parallel.Run receive).
type Pass struct {
	s                   Shape
	backward            bool
	qkv, probs, out     []float32
	dout, dqkv, dprobs  []float32
	parts, pairsPerPart int
	scale               float32
}

// Forward computes the attention of every head of every sample: the
// probabilities into probs [N, Heads, T, T] (kept for Backward) and the
// heads' outputs, side by side, into out [N, T, E]. qkv is the packed
// input projection [N, T, 3E].
func (p *Pass) Forward(out, probs, qkv []float32, s Shape) {
	s.check("Forward")
	checkLen("Forward", "qkv", len(qkv), s.QKVLen())
	checkLen("Forward", "probs", len(probs), s.ProbsLen())
	checkLen("Forward", "out", len(out), s.OutLen())
	p.s, p.backward = s, false
	p.qkv, p.probs, p.out = qkv, probs, out
	p.run()
	p.qkv, p.probs, p.out = nil, nil, nil
}

// Backward computes dqkv [N, T, 3E], the gradient of the packed projection,
// from dout [N, T, E], the gradient of Forward's output, and the qkv and
// probs of that Forward. dprobs [N, Heads, T, T] is workspace. dqkv is
// overwritten, not accumulated into.
func (p *Pass) Backward(dqkv, dprobs, dout, qkv, probs []float32, s Shape) {
	s.check("Backward")
	checkLen("Backward", "qkv", len(qkv), s.QKVLen())
	checkLen("Backward", "dqkv", len(dqkv), s.QKVLen())
	checkLen("Backward", "probs", len(probs), s.ProbsLen())
	checkLen("Backward", "dprobs", len(dprobs), s.ProbsLen())
	checkLen("Backward", "dout", len(dout), s.OutLen())
	p.s, p.backward = s, true
	p.qkv, p.probs, p.dout, p.dqkv, p.dprobs = qkv, probs, dout, dqkv, dprobs
	p.run()
	p.qkv, p.probs, p.dout, p.dqkv, p.dprobs = nil, nil, nil, nil, nil
}

// run splits the N·Heads independent (sample, head) pairs into a few
// parts per thread: a pair's GEMMs are small, and a part per pair would
// cost more in hand-offs than it computes.
func (p *Pass) run() {
	pairs := p.s.N * p.s.Heads
	if pairs == 0 {
		return
	}
	p.scale = float32(1 / math.Sqrt(float64(p.s.D())))
	p.parts = min(pairs, 4*parallel.Threads())
	p.pairsPerPart = (pairs + p.parts - 1) / p.parts
	p.parts = (pairs + p.pairsPerPart - 1) / p.pairsPerPart
	parallel.Run(p.parts, p)
}

// RunPart computes the pairs of part i (for parallel.Run).
func (p *Pass) RunPart(i int) {
	lo := i * p.pairsPerPart
	hi := min(lo+p.pairsPerPart, p.s.N*p.s.Heads)
	for pair := lo; pair < hi; pair++ {
		if p.backward {
			p.backwardPair(pair/p.s.Heads, pair%p.s.Heads)
		} else {
			p.forwardPair(pair/p.s.Heads, pair%p.s.Heads)
		}
	}
}

// offsets returns where head h of sample n starts in the packed
// projection (its Q; K follows E later, V 2E later), in the output, and
// in the probabilities.
func (p *Pass) offsets(n, h int) (qkv, out, probs int) {
	s := p.s
	d := s.D()
	return n*s.T*3*s.E + h*d, n*s.T*s.E + h*d, (n*s.Heads + h) * s.T * s.T
}

func (p *Pass) forwardPair(n, h int) {
	s := p.s
	t, d, e3 := s.T, s.D(), 3*s.E
	q, o, a := p.offsets(n, h)
	kernels.AttentionHead(p.out[o:], s.E, p.probs[a:a+t*t], p.qkv[q:], p.qkv[q+s.E:], p.qkv[q+2*s.E:], e3, t, d, p.scale, s.Causal)
}

func (p *Pass) backwardPair(n, h int) {
	s := p.s
	t, d, e3 := s.T, s.D(), 3*s.E
	q, o, a := p.offsets(n, h)
	kernels.AttentionHeadBackward(p.dqkv[q:], p.dqkv[q+s.E:], p.dqkv[q+2*s.E:], p.dprobs[a:a+t*t], p.dout[o:], s.E,
		p.qkv[q:], p.qkv[q+s.E:], p.qkv[q+2*s.E:], p.probs[a:a+t*t], e3, t, d, p.scale, s.Causal)
}
