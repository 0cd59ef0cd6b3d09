package kernels

// The worker pool of parallel.go, offered to other packages: nn's layer
// passes (convolution chunks, pooling planes) run on the same spinning
// workers as Sgemm and the optimizer steps. A second pool of its own would
// compete with these workers for the processors: on two cores, a worker
// spinning for the next GEMM delays the other pool's helper, which then
// takes a smaller share of the pass.

// PartRunner is a job split into independent parts, run by Parallel.
type PartRunner interface {
	// RunPart runs part i. Parts may run concurrently, on any goroutine
	// and in any order, so what a part computes must depend only on i
	// (not on which goroutine runs it or on the other parts' progress)
	// for results to be the same for every thread count.
	RunPart(i int)
}

// partJob adapts a PartRunner to parallel's parts. It is recycled, so
// that handing r to the workers allocates nothing.
type partJob struct {
	job parJob
	r   PartRunner
}

func (p *partJob) runPart(i int) { p.r.RunPart(i) }

var partJobs freeList[partJob]

// Parallel calls r.RunPart(i) once for every i in [0, n), on the calling
// goroutine and up to Threads()-1 of the pool's workers, and returns when
// all parts are done. The caller runs parts too: a part goes to a worker
// only if that worker claims it before the caller does, so a worker that
// is slow to come costs at most the part it took. With one thread, or
// n <= 1, the parts run in order on the caller.
//
// r is handed to other goroutines, so it escapes: pass a pointer to a
// long-lived object, and Parallel allocates nothing. Parallel may be
// called from inside a part (the nested call may then run on fewer
// goroutines), but a part that calls Sgemm should call SgemmSerial
// instead, as the other parts already occupy the workers.
func Parallel(n int, r PartRunner) {
	threads := Threads()
	if threads <= 1 || n <= 1 {
		for i := 0; i < n; i++ {
			r.RunPart(i)
		}
		return
	}
	// Layer passes are long enough (tens of microseconds and more) to be
	// worth splitting even when a helper has to be woken; the call also
	// keeps the workers spinning for the GEMMs that follow.
	splitSmall(threads, false)
	p := partJobs.get()
	p.r = r
	parallel(&p.job, p, n, threads)
	p.r = nil
	partJobs.put(p)
	demandEnd()
}
