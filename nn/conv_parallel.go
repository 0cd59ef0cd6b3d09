package nn

import (
	"sync"

	"github.com/corten-ml/corten/kernels"
)

// Layer passes (convolution chunks, pooling planes) run on a small pool of
// goroutines. The caller works too, and workers claim parts of the pass
// from a counter, so a helper that is slow to be scheduled (the processors
// may be busy, for instance with the GEMM's own spinning workers) costs
// nothing: the caller simply does its parts. A helper that arrives after
// the caller has finished finds the pass closed and leaves it alone.

// parallelJob is a layer pass split into parts that workers claim.
type parallelJob interface {
	// worker claims and runs parts until none is left, using the
	// buffers of worker w (0 is the caller).
	worker(w int)
}

// parallelRun is a job's dispatch state, reused from pass to pass so that
// nothing is allocated.
type parallelRun struct {
	mu     sync.Mutex
	done   sync.Cond
	gen    uint64 // pass number, so that a late helper skips a finished pass
	open   bool   // helpers may still join the pass
	active int    // helpers inside the pass
}

// parallelTask offers worker w of pass gen of job to a pool goroutine.
type parallelTask struct {
	job parallelJob
	run *parallelRun
	gen uint64
	w   int
}

var (
	parallelTasks   = make(chan parallelTask, 64)
	parallelMu      sync.Mutex
	parallelStarted int
)

// startParallel makes sure n pool goroutines wait for tasks. They live for
// the rest of the process, like the GEMM's workers.
func startParallel(n int) {
	parallelMu.Lock()
	defer parallelMu.Unlock()
	for ; parallelStarted < n; parallelStarted++ {
		go func() {
			for t := range parallelTasks {
				t.run.help(t)
			}
		}()
	}
}

// help runs worker t.w if its pass is still open.
func (r *parallelRun) help(t parallelTask) {
	r.mu.Lock()
	if !r.open || r.gen != t.gen {
		r.mu.Unlock()
		return
	}
	r.active++
	r.mu.Unlock()
	t.job.worker(t.w)
	r.mu.Lock()
	r.active--
	if r.active == 0 {
		r.done.Broadcast()
	}
	r.mu.Unlock()
}

// parallel runs job on the calling goroutine (worker 0) and offers workers
// 1..n-1 to the pool, then waits for the helpers that joined to finish.
func (r *parallelRun) parallel(job parallelJob, n int) {
	if n <= 1 {
		job.worker(0)
		return
	}
	startParallel(n - 1)
	r.mu.Lock()
	if r.done.L == nil {
		r.done.L = &r.mu
	}
	r.gen++
	r.open = true
	gen := r.gen
	r.mu.Unlock()
	for w := 1; w < n; w++ {
		select {
		case parallelTasks <- parallelTask{job, r, gen, w}:
		default: // the pool is backed up: do without this helper
		}
	}
	job.worker(0)
	r.mu.Lock()
	r.open = false
	for r.active > 0 {
		r.done.Wait()
	}
	r.mu.Unlock()
}

// parallelMin is the number of elements a pass of a cheap layer (pooling)
// must touch before it is split over workers: below it, waking a worker
// costs more than it saves.
const parallelMin = 32 << 10

// workersFor returns how many workers to split n independent items (of
// perItem elements each) over: up to kernels.Threads(), and 1 for small
// passes.
func workersFor(n, perItem int) int {
	if n*perItem < parallelMin {
		return 1
	}
	return max(1, min(kernels.Threads(), n))
}
