package rnn

import (
	"github.com/corten-ml/corten/kernels"
	"github.com/corten-ml/corten/parallel"
)

// The time steps of one layer. The rows of the batch are independent
// through the recurrence: a row's states depend only on its own inputs
// and earlier states. So with several threads and a batch large enough,
// the batch is split into parts and each part runs every step of a
// forward pass (or of a backward chunk) on one thread, rather than every
// step's product and gate pass being split between the threads: a
// step's gates and states then stay in the cache of the core that made
// them, and the threads meet once a pass (once a chunk backwards)
// instead of several times a step. Each row gets the same arithmetic
// whichever part computes it (the GEMM's bits do not depend on how its
// rows are grouped), so the results do not depend on the number of parts.
// With more threads than parts (a small batch), the parts' products are
// split between the threads left over.

// stepRows is the fewest batch rows a part gets: fewer would leave the
// steps' products too few rows per kernel tile. Tests lower it.
var stepRows = 32

// stepJob is one layer's steps for the parts of the batch: the whole
// forward pass, or (backward) the steps hi-1 down to lo of one chunk,
// with dseq the gradient of the layer's output sequence (or nil) and dh,
// dp the buffers of the state gradients as the chunk's first step finds
// them.
type stepJob struct {
	s        *Stack
	l        *layer
	w        Weights
	parts    int
	backward bool
	lo, hi   int
	dseq     []float32
	dh, dp   []float32
}

// runSteps runs j on as many parts as the threads and the batch allow,
// each part on one goroutine; with one part, the steps' kernels split
// their own work between the threads.
func (s *Stack) runSteps(j stepJob) {
	j.parts = max(1, min(parallel.Threads(), s.n/stepRows))
	if j.parts == 1 {
		j.RunPart(0)
		return
	}
	s.job = j
	parallel.Run(j.parts, &s.job)
	s.job = stepJob{} // do not keep the buffers alive
}

// RunPart runs the steps for part p of the batch.
func (j *stepJob) RunPart(p int) {
	n := j.s.n
	r0, r1 := p*n/j.parts, (p+1)*n/j.parts
	if j.backward {
		j.s.backwardSteps(j, r0, r1)
	} else {
		j.s.forwardSteps(j, r0, r1)
	}
}

// stepGemm is the GEMM of a part's steps: kernels.SgemmSerial when every
// thread has a part already, else kernels.Sgemm, which splits the
// product between the threads left over (all of them for the whole
// batch; a small batch on many threads leaves more threads than parts).
func stepGemm(j *stepJob) func(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	if j.serial() {
		return kernels.SgemmSerial
	}
	return kernels.Sgemm
}

// stepGemmBias is stepGemm for kernels.SgemmBias.
func stepGemmBias(j *stepJob) func(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, bias, c []float32, ldc int) {
	if j.serial() {
		return kernels.SgemmBiasSerial
	}
	return kernels.SgemmBias
}

// serial reports whether every thread has a part of the batch already.
func (j *stepJob) serial() bool { return j.parts > 1 && j.parts >= parallel.Threads() }

// forwardSteps runs the forward pass's steps for rows r0..r1-1 of the
// batch, the input projection being in l.gates.
func (s *Stack) forwardSteps(j *stepJob, r0, r1 int) {
	l, w := j.l, j.w
	n, t, hs := s.n, s.t, s.Hidden
	g := s.Cell.Gates() * hs
	nh, ng := n*hs, n*g
	m := r1 - r0
	gemm, gemmBias := stepGemm(j), stepGemmBias(j)
	for i := 0; i < t; i++ {
		gt := l.gates[i*ng+r0*g : i*ng+r1*g]
		hp := l.h[i*nh+r0*hs : i*nh+r1*hs]
		ht := l.h[(i+1)*nh+r0*hs : (i+1)*nh+r1*hs]
		switch s.Cell {
		case Tanh, LSTM:
			// The recurrent product; the initial state is zero.
			if i > 0 {
				gemm(false, false, m, g, hs, 1, hp, hs, l.hhT, g, 1, gt, g)
			}
			if s.Cell == Tanh {
				tanhStep(ht, gt)
			} else {
				cp := l.c[i*nh+r0*hs : i*nh+r1*hs]
				ct := l.c[(i+1)*nh+r0*hs : (i+1)*nh+r1*hs]
				lstmStep(gt, cp, ct, l.tc[i*nh+r0*hs:i*nh+r1*hs], ht, m, hs)
			}
		case GRU:
			// gh = W_hh·h + b_hh, the bias added as the product is
			// stored; the initial state is zero.
			gh := l.gh[i*ng+r0*g : i*ng+r1*g]
			if i > 0 {
				gemmBias(false, false, m, g, hs, 1, hp, hs, l.hhT, g, 0, w.BHH, gh, g)
			} else {
				clear(gh)
				kernels.AddBias(gh, w.BHH)
			}
			gruStep(gt, gh, hp, ht, m, hs)
		}
	}
}

// backwardSteps runs the steps j.hi-1 down to j.lo of a backward chunk
// for rows r0..r1-1 of the batch: the gate gradients of step i go to
// slot i-j.lo of the chunk's buffers, and every step but the first
// leaves the gradient of the previous state in the other state buffer.
func (s *Stack) backwardSteps(j *stepJob, r0, r1 int) {
	l, w := j.l, j.w
	n, hs := s.n, s.Hidden
	gs := s.Cell.Gates() * hs
	nh, ng := n*hs, n*gs
	m := r1 - r0
	gemm := stepGemm(j)
	dh, dp := j.dh[r0*hs:r1*hs], j.dp[r0*hs:r1*hs]
	for i := j.hi - 1; i >= j.lo; i-- {
		if j.dseq != nil {
			kernels.Add(dh, dh, j.dseq[i*nh+r0*hs:i*nh+r1*hs])
		}
		slot := (i - j.lo) * ng
		dgt := l.dgates[slot+r0*gs : slot+r1*gs]
		drec := dgt // what multiplies W_hh: the recurrent preactivations' gradient
		gates := l.gates[i*ng+r0*gs : i*ng+r1*gs]
		beta := float32(0)
		switch s.Cell {
		case Tanh:
			tanhStepBack(dgt, dh, l.h[(i+1)*nh+r0*hs:(i+1)*nh+r1*hs])
		case LSTM:
			lstmStepBack(dgt, l.dc[r0*hs:r1*hs], dh, gates, l.c[i*nh+r0*hs:i*nh+r1*hs], l.tc[i*nh+r0*hs:i*nh+r1*hs], m, hs)
		case GRU:
			drec = l.dgh[slot+r0*gs : slot+r1*gs]
			gruStepBack(dgt, drec, dp, dh, gates, l.gh[i*ng+r0*gs:i*ng+r1*gs], l.h[i*nh+r0*hs:i*nh+r1*hs], m, hs)
			beta = 1 // dp holds the direct path dh·z
		}
		if i == 0 {
			break // the initial state is a constant
		}
		gemm(false, false, m, hs, gs, 1, drec, gs, w.HH, hs, beta, dp, hs)
		dh, dp = dp, dh
	}
}
