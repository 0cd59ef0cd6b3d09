package conv

import (
	"github.com/corten-ml/corten/kernels"
	"github.com/corten-ml/corten/parallel"
)

// The chunking behind Engine.Forward and Backward: a batch is split into
// chunks of a few samples that stay in cache, and the chunks are shared
// out over the worker pool (package parallel). This file and sgemm are the only places that
// use the worker pool.

// run executes a pass over n samples in chunks of about size floats
// (perSample floats each), on up to parallel.Threads() workers.
func (e *Engine) run(p pass, n, perSample, size int) {
	g := &e.g
	e.pass = p
	e.setChunks(n, perSample, size)
	e.nw = max(1, min(parallel.Threads(), e.chunks))
	if p == passGemmBack || p == passDots || p == passDirectBack || p == passWindowBack || p == passLanesDW {
		e.part = grow(e.part, e.chunks*(g.Out*g.In*g.KH*g.KW+g.Out))
	}
	for len(e.work) < e.nw {
		e.work = append(e.work, workspace{})
	}
	switch p {
	case passLanesDx:
		e.prepareLanes(&e.lanesDx)
	case passLanes:
		e.prepareLanes(&e.lanesFw)
	case passLanesDW:
		e.prepareLanesDW()
	}
	e.next.Store(0)
	parallel.Run(e.nw, (*parts)(e))
	e.equalize()
}

// setChunks splits n samples of perSample floats into chunks of about
// size floats.
func (e *Engine) setChunks(n, perSample, size int) {
	e.cs = min(n, max(1, size/perSample))
	e.chunks = (n + e.cs - 1) / e.cs
}

// equalize gives every worker buffers as large as the largest any worker
// needed in this pass, so that a helper that joins a later pass for the
// first time does not allocate: after the first step of a batch size, the
// steady state allocates nothing however the chunks fall.
func (e *Engine) equalize() {
	if e.nw <= 1 {
		return
	}
	var m workspace
	ws := e.work[:e.nw]
	for i := range ws {
		m.cols = larger(m.cols, ws[i].cols)
		m.yc = larger(m.yc, ws[i].yc)
		m.dycT = larger(m.dycT, ws[i].dycT)
		m.dyc = larger(m.dyc, ws[i].dyc)
		m.dcols = larger(m.dcols, ws[i].dcols)
		m.xpad = larger(m.xpad, ws[i].xpad)
		m.tile = larger(m.tile, ws[i].tile)
		m.dxl = larger(m.dxl, ws[i].dxl)
	}
	for i := range ws {
		ws[i].cols = grow(ws[i].cols, cap(m.cols))
		ws[i].yc = grow(ws[i].yc, cap(m.yc))
		ws[i].dycT = grow(ws[i].dycT, cap(m.dycT))
		ws[i].dyc = grow(ws[i].dyc, cap(m.dyc))
		ws[i].dcols = grow(ws[i].dcols, cap(m.dcols))
		ws[i].xpad = grow(ws[i].xpad, cap(m.xpad))
		ws[i].tile = grow(ws[i].tile, cap(m.tile))
		ws[i].dxl = grow(ws[i].dxl, cap(m.dxl))
	}
}

// larger returns whichever of a and b has the larger capacity.
func larger(a, b []float32) []float32 {
	if cap(b) > cap(a) {
		return b
	}
	return a
}

// sgemm is kernels.Sgemm, or kernels.SgemmSerial while the pass runs on
// several workers, whose GEMMs must not each start the GEMM's own workers
// as well.
func (e *Engine) sgemm(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	if e.nw > 1 {
		kernels.SgemmSerial(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}
	kernels.Sgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// parts runs an Engine's pass on the worker pool (package parallel): part w is worker w,
// which claims chunks until none is left. Its own type keeps RunPart out of
// Engine's methods.
type parts Engine

func (p *parts) RunPart(w int) { (*Engine)(p).worker(w) }

// worker claims and runs chunks of the current pass until none is left,
// using worker w's buffers. Each chunk's results depend only on the chunk,
// so it does not matter which worker takes it.
func (e *Engine) worker(w int) {
	ws := &e.work[w]
	n := e.n
	for {
		c := int(e.next.Add(1) - 1)
		if c >= e.chunks {
			return
		}
		s0 := c * e.cs
		nb := min(e.cs, n-s0)
		switch e.pass {
		case passGemm:
			e.forwardChunk(ws, s0, nb)
		case passGemmBack:
			e.backwardChunk(ws, c, s0, nb)
		case passDots:
			e.weightGrad(ws, c, s0, nb)
		case passAxpy:
			e.forwardAxpy(ws, s0, nb)
		case passDirect:
			e.forwardDirect(ws, s0, nb)
		case passDirectBack:
			e.backwardDirect(ws, c, s0, nb)
		case passWindow:
			e.forwardWindow(ws, s0, nb)
		case passWindowBack:
			e.backwardWindow(ws, c, s0, nb)
		case passLanesDx:
			e.lanesRun(ws, &e.lanesDx, e.dx, e.dy, s0, nb)
		case passLanes:
			e.lanesRun(ws, &e.lanesFw, e.y, e.x, s0, nb)
		case passLanesDW:
			e.lanesDW(ws, c, s0, nb)
		}
	}
}
