package kernels

import "github.com/corten-ml/corten/parallel"

// The blocked GEMM (BLIS / GotoBLAS structure), independent of the CPU:
//
//	loop 5: jc over the columns of C in blocks of nc (packed B panel in L3)
//	loop 4: pc over k in blocks of kc (pack a kc x nc block of op(B))
//	loop 3: ic over the rows of C in blocks of mc (pack an mc x kc block of op(A), in L2)
//	loop 2: jr over nr-wide slivers of the B panel (a kc x nr sliver stays in L1)
//	loop 1: ir over mr-high slivers of the A block
//	        micro-kernel: rank-kc update of an mr x nr tile of C in registers
//
// Threads split C into a grid of rectangles aligned to mr x nr, and each
// worker runs the five loops on its rectangle with its own packed A and B.
// Packing is duplicated only along the split (A once per column strip, B
// once per row strip), which costs little next to the m*n*k multiply-adds,
// and it needs no barrier: one dispatch per call. Each element of C is
// computed by the same kernel calls in the same order whatever the split
// (the k blocking depends only on k and the kernel, and tiles are aligned to
// the same mr x nr grid), so results are bit-identical for any thread count.

// gemmCall is one Sgemm call's arguments, plan and per-worker workspaces.
// Calls are recycled through gemmFree.
type gemmCall struct {
	mk             *microKernel
	transA, transB bool
	m, n, k        int
	alpha, beta    float32
	a, b, c        []float32
	lda, ldb, ldc  int
	bias           []float32 // added to every row of C, or nil (see gemmBias)
	kc             int       // k block, balanced: ceil(k / ceil(k/mk.kc))
	tm, tn         int       // worker grid: tm row strips x tn column strips
	ws             []gemmWorkspace
	job            parallel.Job
}

// gemmWorkspace is one worker's packing buffers.
type gemmWorkspace struct {
	a, b []float32 // packed A block (mc x kc) and B panel (kc x nc)
	tile []float32 // mr x nr result of an edge tile before it is copied into C
}

// gemmFree recycles gemmCalls and their buffers, so that the steady state
// allocates nothing.
var gemmFree parallel.FreeList[gemmCall]

// gemmSyncCost is the fixed cost of using more than one worker (handing
// parts to spinning pool goroutines, waiting for the slowest), in
// multiply-add units of work: about the size from which two workers beat
// one (bench/TUNING.md, worker pool). Tests set it to zero to force
// splitting.
var gemmSyncCost = 300_000

// gemmAlwaysSplit is the size, in multiply-adds, from which Sgemm splits
// even when no helper is awake or helpers have lately been too busy to help
// (see parallel.Demand): about 1 ms of work, which pays for waking one.
const gemmAlwaysSplit = 64_000_000

// gemmPackCost is the cost of packing one element, in multiply-adds of the
// micro-kernel (bench/TUNING.md, packing).
const gemmPackCost = 16

// gemmBlocked computes C = alpha*op(A)*op(B) + beta*C with k >= 1, m, n >= 1
// and alpha != 0, using up to threads workers.
func gemmBlocked(mk *microKernel, threads int, transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	gemmBlockedBias(mk, threads, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, nil)
}

// gemmBlockedBias is gemmBlocked followed by adding bias (n values, or
// nil for none) to every row of C, with AddBias's rounding: the last k
// block adds it to each tile as the tile is stored, in the kernel where
// it can (mk.panel and mk.tail), else just after in Go.
func gemmBlockedBias(mk *microKernel, threads int, transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int, bias []float32) {
	g := gemmFree.Get()
	g.mk, g.transA, g.transB, g.m, g.n, g.k = mk, transA, transB, m, n, k
	g.alpha, g.beta = alpha, beta
	g.a, g.b, g.c, g.lda, g.ldb, g.ldc = a, b, c, lda, ldb, ldc
	g.bias = bias
	g.kc = ceilDiv(k, ceilDiv(k, mk.kc))
	g.tm, g.tn = gemmGrid(mk, threads, m, n, k)
	split := g.tm*g.tn > 1
	if split && !parallel.Demand(threads, m*n*k < gemmAlwaysSplit) {
		g.tm, g.tn = 1, 1
	}
	t := g.tm * g.tn
	for len(g.ws) < t {
		g.ws = append(g.ws, gemmWorkspace{})
	}
	g.job.Run(t, t, g)
	g.a, g.b, g.c, g.bias = nil, nil, nil, nil // do not keep the caller's matrices alive
	gemmFree.Put(g)
	if split {
		parallel.EndDemand()
	}
}

// gemmGrid picks the worker grid tm x tn (tm*tn <= threads) that minimises
// an estimate of the time: the largest rectangle's multiply-adds, plus its
// packing, plus a fixed cost when more than one worker runs.
func gemmGrid(mk *microKernel, threads, m, n, k int) (tm, tn int) {
	pm, pn := ceilDiv(m, mk.mr), ceilDiv(n, mk.nr)
	best := -1
	tm, tn = 1, 1
	for x := 1; x <= min(threads, pm); x++ {
		for y := 1; x*y <= threads && y <= pn; y++ {
			rm := ceilDiv(pm, x) * mk.mr
			rn := ceilDiv(pn, y) * mk.nr
			// A is packed once per nc-wide column block, B once.
			cost := rm*rn*k + gemmPackCost*k*(rm*ceilDiv(rn, mk.nc)+rn)
			if x*y > 1 {
				cost += gemmSyncCost
			}
			if best < 0 || cost < best {
				best, tm, tn = cost, x, y
			}
		}
	}
	return tm, tn
}

// RunPart computes rectangle w of C (the rectangles are numbered row
// strip by row strip); any goroutine may run any of them.
func (g *gemmCall) RunPart(w int) {
	mr, nr := g.mk.mr, g.mk.nr
	pm, pn := ceilDiv(g.m, mr), ceilDiv(g.n, nr)
	wi, wj := w/g.tn, w%g.tn
	m0, m1 := wi*pm/g.tm*mr, min((wi+1)*pm/g.tm*mr, g.m)
	n0, n1 := wj*pn/g.tn*nr, min((wj+1)*pn/g.tn*nr, g.n)
	g.rect(&g.ws[w], m0, m1, n0, n1)
}

// rect runs the five loops on rows m0..m1-1 and columns n0..n1-1 of C;
// m0 and n0 are multiples of mr and nr.
func (g *gemmCall) rect(ws *gemmWorkspace, m0, m1, n0, n1 int) {
	mk := g.mk
	mr, nr := mk.mr, mk.nr
	// Balanced blocks: split the rectangle into equal parts rather than
	// full blocks plus a small remainder.
	mc := roundUp(ceilDiv(m1-m0, ceilDiv(m1-m0, mk.mc)), mr)
	nc := roundUp(ceilDiv(n1-n0, ceilDiv(n1-n0, mk.nc)), nr)
	kc := g.kc
	ws.a = grow(ws.a, mc*kc)
	ws.b = grow(ws.b, nc*kc)
	ws.tile = grow(ws.tile, mr*nr)
	for jc := n0; jc < n1; jc += nc {
		nb := min(nc, n1-jc)
		for pc := 0; pc < g.k; pc += kc {
			kb := min(kc, g.k-pc)
			// An operand sliver that few kernel calls reuse is read in
			// place; only its partial last sliver, if any, is packed
			// (zero-padded) so that the kernel never reads out of bounds.
			bIn := mk.strided != nil && !g.transB && ceilDiv(m1-m0, mr) <= gemmInPlaceReuse
			if bIn && g.n < nr {
				// Too narrow to shift the last sliver left (see macro).
				full := nb / nr * nr
				packB(mk, ws.b[full*kb:], g.b, g.ldb, g.transB, pc, jc+full, kb, nb-full)
			} else if !bIn {
				packB(mk, ws.b, g.b, g.ldb, g.transB, pc, jc, kb, nb)
			}
			beta := g.beta
			if pc > 0 {
				beta = 1 // later k blocks accumulate onto the first
			}
			aIn := mk.strided != nil && ceilDiv(nb, nr) <= gemmInPlaceReuse
			for ic := m0; ic < m1; ic += mc {
				mb := min(mc, m1-ic)
				if aIn && g.m < mr && g.m != g.tailMR() {
					// (An A of exactly tailMR rows is read in place by
					// the tail kernel.)
					full := mb / mr * mr
					packA(mk, ws.a[full*kb:], g.a, g.lda, g.transA, ic+full, pc, mb-full, kb)
				} else if !aIn {
					packA(mk, ws.a, g.a, g.lda, g.transA, ic, pc, mb, kb)
				}
				g.macro(ws, ic, jc, pc, mb, nb, kb, beta, aIn, bIn)
			}
		}
	}
}

// gemmInPlaceReuse is the largest number of kernel calls that share an A or
// B sliver for which reading it in place beats packing it. Reading in
// place also spares each worker of a column split its own copy of the
// shared A block (bench/TUNING.md, GEMM in-place reuse).
var gemmInPlaceReuse = 16

// gemmTail switches the tail kernels on; tests turn it off to check that
// they give the same bits as the full kernels.
var gemmTail = true

// tailMR is the number of rows of the kernel's tail tile, 0 when it has
// none or tail kernels are off.
func (g *gemmCall) tailMR() int {
	if !gemmTail || g.mk.tail == nil {
		return 0
	}
	return g.mk.tailMR
}

// macro runs loops 2 and 1 over the mb x kb block of A and kb x nb panel
// of B at row ic, column jc and depth pc, updating C. The blocks are packed
// in ws, except that with aIn (bIn) the full slivers of A (B) are read in
// place from the caller's matrix.
func (g *gemmCall) macro(ws *gemmWorkspace, ic, jc, pc, mb, nb, kb int, beta float32, aIn, bIn bool) {
	mk := g.mk
	mr, nr := mk.mr, mk.nr
	kern := mk.kernel
	c, ldc, alpha := g.c, g.ldc, g.alpha
	// Strides of A in place: op(A)[i][p] is a[i*lda+p], or a[p*lda+i] when
	// transposed.
	ars, acs := g.lda, 1
	if g.transA {
		ars, acs = 1, g.lda
	}
	// A partial last sliver read in place is shifted up (left) to end at
	// the last row (column) of the matrix, so that it reads only valid
	// elements; the kernel computes it into the tile buffer and only its
	// new rows (columns) are copied into C. Each element of C still gets
	// the same arithmetic, whichever tile computes it.
	shiftA, shiftB := aIn && g.m >= mr, bIn && g.n >= nr
	mt := g.tailMR()
	var bias []float32 // the bias, in the last k block only
	if pc+kb == g.k {
		bias = g.bias
	}
	for jr := 0; jr < nb; jr += nr {
		bp := ws.b[jr*kb : jr*kb+nr*kb]
		cols := min(nr, nb-jr)
		var sb []float32 // this sliver's bias
		if bias != nil {
			sb = bias[jc+jr : jc+jr+cols]
		}
		bInHere := bIn && (cols == nr || shiftB)
		nextB := bp // the sliver the next jr step reads, to prefetch
		if jr+nr < nb && !bIn {
			nextB = ws.b[(jr+nr)*kb : (jr+2*nr)*kb]
		}
		ir0 := 0
		if tiles := mb / mr; mk.panel != nil && tiles > 0 && cols == nr && (aIn || bInHere || sb != nil) {
			// The full row tiles that the loop below would hand to
			// mk.strided one by one, in one call (and, with a bias, the
			// packed ones too, so that the kernel adds it).
			a, rsa, csa, ats := ws.a, 1, mr, mr*kb
			if aIn {
				a, rsa, csa, ats = g.a[ic*ars+pc*acs:], ars, acs, mr*ars
			}
			b, rsb := bp, nr
			if bInHere {
				b, rsb = g.b[pc*g.ldb+jc+jr:], g.ldb
			}
			off := ic*ldc + jc + jr
			mk.panel(kb, tiles, a, rsa, csa, ats, b, rsb, c[off:off+(tiles*mr-1)*ldc+nr], ldc, alpha, beta, sb)
			ir0 = tiles * mr
		}
		for ir := ir0; ir < mb; ir += mr {
			ap := ws.a[ir*kb : ir*kb+mr*kb]
			rows := min(mr, mb-ir)
			off := (ic+ir)*ldc + jc + jr
			if rows <= mt {
				g.tailTile(ws, ap, bp, ic+ir, jc+jr, pc, kb, rows, cols, beta, aIn, bInHere, sb)
				continue
			}
			if aInHere := aIn && (rows == mr || shiftA); aInHere || bInHere {
				a, rsa, csa := ap, 1, mr
				du := 0 // rows the tile is shifted up by
				if aInHere {
					du = mr - rows
					a, rsa, csa = g.a[(ic+ir-du)*ars+pc*acs:], ars, acs
				}
				b, rsb := bp, nr
				dl := 0 // columns the tile is shifted left by
				if bInHere {
					dl = nr - cols
					b, rsb = g.b[pc*g.ldb+jc+jr-dl:], g.ldb
				}
				if rows == mr && cols == nr {
					mk.strided(kb, a, rsa, csa, b, rsb, c[off:off+(mr-1)*ldc+nr], ldc, alpha, beta)
				} else {
					t := ws.tile[:mr*nr]
					mk.strided(kb, a, rsa, csa, b, rsb, t, nr, alpha, 0)
					copyTile(c[off:], ldc, t[du*nr+dl:], nr, rows, cols, beta, mk.fusedBeta)
				}
				addBiasTile(c[off:], ldc, rows, sb)
				continue
			}
			if rows == mr && cols == nr {
				// Each call brings a different 4*kb floats of the next
				// sliver into L2 (see microKernel.kernel).
				next := &nextB[ir/mr%(nr/4)*4*kb]
				kern(kb, ap, bp, c[off:off+(mr-1)*ldc+nr], ldc, alpha, beta, next)
				addBiasTile(c[off:], ldc, rows, sb)
				continue
			}
			// Edge tile: compute the full tile into a local buffer and
			// copy back only the part inside C.
			t := ws.tile[:mr*nr]
			kern(kb, ap, bp, t, nr, alpha, 0, &bp[0])
			copyTile(c[off:], ldc, t, nr, rows, cols, beta, mk.fusedBeta)
			addBiasTile(c[off:], ldc, rows, sb)
		}
	}
}

// tailTile computes the last row tile of C, at row i and column j, which has
// rows <= mk.tailMR rows and cols columns, with the tail kernel, as macro
// does with the full one: A is read in place when aIn and the tile can be
// shifted up to tailMR valid rows, else from the packed sliver ap (its
// first tailMR rows: mr apart, zero-padded); B in place when bInHere (the
// sliver shifted left if it is partial), else from bp.
//
// A non-nil bias (cols values) is added to the tile's rows as they are
// stored.
func (g *gemmCall) tailTile(ws *gemmWorkspace, ap, bp []float32, i, j, pc, kb, rows, cols int, beta float32, aIn, bInHere bool, bias []float32) {
	mk := g.mk
	mr, nr, mt := mk.mr, mk.nr, mk.tailMR
	a, rsa, csa := ap, 1, mr
	du := 0 // rows the tile is shifted up by
	if aIn && (rows == mt || g.m >= mt) {
		du = mt - rows
		rsa, csa = g.lda, 1
		if g.transA {
			rsa, csa = 1, g.lda
		}
		a = g.a[(i-du)*rsa+pc*csa:]
	}
	b, rsb := bp, nr
	dl := 0 // columns the tile is shifted left by
	if bInHere {
		dl = nr - cols
		b, rsb = g.b[pc*g.ldb+j-dl:], g.ldb
	}
	off := i*g.ldc + j
	// Without the tail kernel this tile is an edge tile, finished by
	// copyTile, which rounds as the kernel's own update does.
	if rows == mt && cols == nr {
		mk.tail(kb, a, rsa, csa, b, rsb, g.c[off:off+(mt-1)*g.ldc+nr], g.ldc, g.alpha, beta, bias)
		return
	}
	t := ws.tile[:mt*nr]
	mk.tail(kb, a, rsa, csa, b, rsb, t, nr, g.alpha, 0, nil)
	copyTile(g.c[off:], g.ldc, t[du*nr+dl:], nr, rows, cols, beta, mk.fusedBeta)
	addBiasTile(g.c[off:], g.ldc, rows, bias)
}

// addBiasTile adds bias (the tile's columns) to rows rows of C at c[0],
// ldc apart, as AddBias does; nothing when bias is nil.
func addBiasTile(c []float32, ldc, rows int, bias []float32) {
	if bias == nil {
		return
	}
	for i := 0; i < rows; i++ {
		crow := c[i*ldc : i*ldc+len(bias)]
		for j, b := range bias {
			crow[j] += b
		}
	}
}

// copyTile sets the rows x cols block of C at c[0] (stride ldc) to
// t + beta*C, t being a tile computed with beta 0 (stride ldt), rounding
// as the kernel's own store would have: once, as an FMA, when fused (the
// assembly kernels), else the product and then the sum (the Go kernel).
// With beta == 0 it does not read C.
func copyTile(c []float32, ldc int, t []float32, ldt, rows, cols int, beta float32, fused bool) {
	for i := 0; i < rows; i++ {
		crow := c[i*ldc : i*ldc+cols]
		trow := t[i*ldt : i*ldt+cols]
		switch {
		case beta == 0:
			copy(crow, trow)
		case beta == 1: // exact product: both roundings agree
			for j, v := range trow {
				crow[j] += v
			}
		case fused:
			for j, v := range trow {
				crow[j] = fma32(beta, crow[j], v)
			}
		default: // the Go kernel's storeRow4
			for j, v := range trow {
				crow[j] = v + float32(beta*crow[j])
			}
		}
	}
}

func ceilDiv(a, b int) int { return (a + b - 1) / b }

func roundUp(a, b int) int { return ceilDiv(a, b) * b }

// grow returns s if it holds at least n elements, else a new slice of n.
func grow(s []float32, n int) []float32 {
	if cap(s) >= n {
		return s[:n]
	}
	return make([]float32, n)
}
