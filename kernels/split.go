package kernels

import "github.com/corten-ml/corten/parallel"

// Elementwise kernels over long slices run in ranges on the pool's
// workers (parallel.For), each range on the same kernel: an element's
// result does not depend on which range holds it, so the bits are the same
// for any thread count. Short slices, and one thread, run on the caller.

// elemMinChunk is the shortest range worth handing to a worker: tens of
// microseconds of the transcendental kernels, a few of the additions.
const elemMinChunk = 16384

// split2 runs f(dst, x) over ranges of dst and x.
func split2(f func(dst, x []float32), dst, x []float32) {
	if len(dst) < 2*elemMinChunk || parallel.Threads() == 1 {
		f(dst, x)
		return
	}
	r := ranges2Free.Get()
	*r = ranges2{f, dst, x}
	parallel.For(len(dst), elemMinChunk, r)
	*r = ranges2{} // do not keep the caller's slices alive
	ranges2Free.Put(r)
}

// split3 runs f(a, b, c) over ranges of the three slices.
func split3(f func(a, b, c []float32), a, b, c []float32) {
	if len(a) < 2*elemMinChunk || parallel.Threads() == 1 {
		f(a, b, c)
		return
	}
	r := ranges3Free.Get()
	*r = ranges3{f, a, b, c}
	parallel.For(len(a), elemMinChunk, r)
	*r = ranges3{}
	ranges3Free.Put(r)
}

// splitRows runs f(x, bias) over ranges of whole rows of x, len(bias) wide.
func splitRows(f func(x, bias []float32), x, bias []float32) {
	rows := len(x) / max(len(bias), 1)
	if len(x) < 2*elemMinChunk || rows < 2 || parallel.Threads() == 1 {
		f(x, bias)
		return
	}
	r := rowsFree.Get()
	*r = rowRanges{f, x, bias}
	parallel.For(rows, max(1, elemMinChunk/len(bias)), r)
	*r = rowRanges{}
	rowsFree.Put(r)
}

type ranges2 struct {
	f      func(dst, x []float32)
	dst, x []float32
}

func (r *ranges2) RunRange(lo, hi int) { r.f(r.dst[lo:hi], r.x[lo:hi]) }

type ranges3 struct {
	f       func(a, b, c []float32)
	a, b, c []float32
}

func (r *ranges3) RunRange(lo, hi int) { r.f(r.a[lo:hi], r.b[lo:hi], r.c[lo:hi]) }

type rowRanges struct {
	f       func(x, bias []float32)
	x, bias []float32
}

func (r *rowRanges) RunRange(lo, hi int) {
	n := len(r.bias)
	r.f(r.x[lo*n:hi*n], r.bias)
}

var (
	ranges2Free parallel.FreeList[ranges2]
	ranges3Free parallel.FreeList[ranges3]
	rowsFree    parallel.FreeList[rowRanges]
)
