package parallel

// Runner is a job split into independent parts.
type Runner interface {
	// RunPart runs part i. Parts may run concurrently, on any goroutine
	// and in any order, so what a part computes must depend only on i
	// (not on which goroutine runs it or on the other parts' progress)
	// for results to be the same for every thread count.
	RunPart(i int)
}

// RangeRunner is an elementwise job over the indices [0, n).
type RangeRunner interface {
	// RunRange runs the job on indices lo..hi-1. Ranges may run
	// concurrently, on any goroutine and in any order.
	RunRange(lo, hi int)
}

// call is the job record of Run and For, recycled through calls so that
// handing a job to the workers allocates nothing.
type call struct {
	job   Job
	r     RangeRunner // For's job, split into parts of chunk indices
	n     int
	chunk int
}

var calls FreeList[call]

// RunPart runs For's part i, the i-th range of c.chunk indices.
func (c *call) RunPart(i int) {
	lo := i * c.chunk
	c.r.RunRange(lo, min(lo+c.chunk, c.n))
}

// Run calls r.RunPart(i) once for every i in [0, n), on the calling
// goroutine and up to Threads()-1 of the pool's workers, and returns when
// all parts are done. The caller runs parts too: a part goes to a worker
// only if that worker claims it before the caller does, so a worker that
// is slow to come costs at most the part it took. With one thread, or
// n <= 1, the parts run in order on the caller.
//
// Run is meant for jobs of tens of microseconds and more (layer passes),
// which are worth splitting even when a worker has to be woken; it also
// keeps the workers spinning for the jobs that follow.
//
// r is handed to other goroutines, so it escapes: pass a pointer to a
// long-lived object, and Run allocates nothing. Run may be called from
// inside a part, but the other parts already occupy the workers, so a
// part had better run its own inner work serially.
func Run(n int, r Runner) {
	threads := Threads()
	if threads <= 1 || n <= 1 {
		for i := 0; i < n; i++ {
			r.RunPart(i)
		}
		return
	}
	Demand(threads, false)
	c := calls.Get()
	c.job.Run(n, threads, r)
	calls.Put(c)
	EndDemand()
}

// For calls r.RunRange on ranges that cover [0, n) exactly once, on up to
// Threads() goroutines. Each range is at least minChunk long (but the
// last) and a multiple of 16 indices (a cache line of float32) long, so
// that goroutines writing a float32 slice by index do not write to the
// same line. It runs r.RunRange(0, n) directly when n < 2*minChunk or one
// thread is set.
//
// For is meant for short elementwise passes (optimizer steps): it splits
// only when a worker is awake to take a part at once (see Demand). r is
// handed to other goroutines, so it escapes: callers recycle it (see
// FreeList).
func For(n, minChunk int, r RangeRunner) {
	threads := Threads()
	if threads <= 1 || n < 2*minChunk {
		r.RunRange(0, n)
		return
	}
	if !Demand(threads, true) {
		r.RunRange(0, n)
		EndDemand()
		return
	}
	// A few ranges per thread, so that a worker that comes late takes a
	// share of the work instead of all of its part.
	parts := min(4*threads, n/minChunk)
	chunk := ceilDiv(ceilDiv(n, parts), 16) * 16
	parts = ceilDiv(n, chunk)
	c := calls.Get()
	c.r, c.n, c.chunk = r, n, chunk
	c.job.Run(parts, threads, c)
	c.r = nil
	calls.Put(c)
	EndDemand()
}

func ceilDiv(a, b int) int { return (a + b - 1) / b }
