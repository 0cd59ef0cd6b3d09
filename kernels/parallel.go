package kernels

import (
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// The worker pool behind Sgemm and the large vector kernels.
//
// Training issues thousands of small GEMMs and optimizer steps a second, so
// the cost that matters is the latency of handing work to another core.
// Waking a parked goroutine costs the caller a futex wake-up of an OS thread
// (tens of microseconds on a virtual machine), and the woken goroutine
// starts tens of microseconds later still; a pool goroutine that is
// spinning sees new work within a fraction of a microsecond. So each worker
// spins while the process keeps asking for help (any call big enough to
// split counts, split or not), naps on a timer once the calls stop, and
// only after a long idle spell parks until a caller wakes it. Small jobs
// are split only while a helper is awake to take its part at once; a
// helper that has to be woken first would come after the caller finished.
//
// A call is split into parts that the caller and the helpers claim from an
// atomic counter. The caller starts at once and takes whatever parts no
// helper has claimed, so a helper that is slow to come, or busy with
// another caller's job, costs at most the part it claimed rather than a
// wait. Which goroutine runs a part never changes what the part computes,
// so results do not depend on the scheduling.

// partRunner is a job split into independent parts 0..n-1.
type partRunner interface {
	runPart(i int)
}

// poolSpin is how long an idle worker keeps spinning after the last call
// that asked for help, and how long a caller waiting for its helpers spins
// before parking. The GEMMs and optimizer steps of a training loop come
// every few to a few hundred microseconds. It is atomic so that tests can
// change it while pool goroutines spin.
var poolSpin atomic.Int64 // a time.Duration

func init() { poolSpin.Store(int64(300 * time.Microsecond)) }

const (
	// poolNap is the sleep between polls of a worker that has stopped
	// spinning (timers make it 50 µs to a millisecond on Linux), and
	// poolIdle how long it naps before parking.
	poolNap  = 50 * time.Microsecond
	poolIdle = 100 * time.Millisecond
	// poolDemandGap is the resolution of the demand time stamp: callers
	// rewrite it at most this often, so that the spinning workers that
	// read it do not lose its cache line at every call.
	poolDemandGap = 5 * time.Microsecond
	// poolLate is how long, beyond half its own working time, a caller may
	// wait for its helpers before the split counts as not having helped.
	poolLate = 5 * time.Microsecond
)

// poolEpoch is the origin of the pool's monotonic time stamps.
var poolEpoch = time.Now()

func poolNow() int64 { return int64(time.Since(poolEpoch)) }

// parJob is one parallel call in flight. It is embedded in the caller's
// recycled call object, so dispatching allocates nothing.
type parJob struct {
	r       partRunner
	n       int32
	next    atomic.Int32 // next unclaimed part
	pending atomic.Int32 // helpers that took the job and are still in it
	waiting atomic.Bool  // the caller is parked on done
	done    chan struct{}
}

// poolWorker is one pool goroutine's mailbox, padded to its own cache
// lines so that a spinning worker does not slow down the others.
type poolWorker struct {
	_        [64]byte
	slot     atomic.Pointer[parJob] // job offered to this worker, nil if none
	sleeping atomic.Bool            // parked on wake
	wake     chan struct{}
	_        [64]byte
}

// pool holds the worker goroutines. They are started on first use and
// live for the rest of the process, parked when idle.
var pool struct {
	mu      sync.Mutex
	workers atomic.Pointer[[]*poolWorker] // grows, never shrinks
	_       [64]byte
	// demand is the poolNow time of the latest call that could use
	// helpers; workers spin for poolSpin after it.
	demand atomic.Int64
	// awake counts the workers spinning for work, ready to take a part
	// within a fraction of a microsecond.
	awake atomic.Int32
	// active counts the jobs between splitSmall and demandEnd.
	active atomic.Int32
	_      [64]byte
}

// poolWorkers returns at least n workers, starting goroutines as needed.
func poolWorkers(n int) []*poolWorker {
	if ws := pool.workers.Load(); ws != nil && len(*ws) >= n {
		return (*ws)[:n]
	}
	pool.mu.Lock()
	defer pool.mu.Unlock()
	var ws []*poolWorker
	if p := pool.workers.Load(); p != nil {
		ws = *p
	}
	if len(ws) < n {
		ws = append(ws[:len(ws):len(ws)], make([]*poolWorker, n-len(ws))...)
		for i := range ws {
			if ws[i] == nil {
				w := &poolWorker{wake: make(chan struct{}, 1)}
				ws[i] = w
				go w.loop()
			}
		}
		pool.workers.Store(&ws)
	}
	return ws[:n]
}

// parallel runs r.runPart(i) for every i < n on the calling goroutine and
// up to threads-1 pool workers, and returns when all parts are done. j is
// the caller's job record; it must not be in use by another call.
func parallel(j *parJob, r partRunner, n, threads int) {
	if threads > n {
		threads = n
	}
	if threads <= 1 {
		for i := 0; i < n; i++ {
			r.runPart(i)
		}
		return
	}
	if j.done == nil {
		j.done = make(chan struct{}, 1)
	}
	j.r, j.n = r, int32(n)
	j.next.Store(0)
	ws := poolWorkers(threads - 1)
	for _, w := range ws {
		j.pending.Add(1)
		if !w.slot.CompareAndSwap(nil, j) {
			j.pending.Add(-1) // busy with another caller's job
			continue
		}
		if w.sleeping.Load() {
			select {
			case w.wake <- struct{}{}:
			default:
			}
		}
	}
	t0 := poolNow()
	j.work()
	// Withdraw the offer from helpers that have not picked it up: all the
	// parts are claimed, so there is nothing left for them.
	helped := false
	for _, w := range ws {
		if w.slot.CompareAndSwap(j, nil) {
			j.pending.Add(-1)
		} else {
			helped = true
		}
	}
	t1 := poolNow()
	j.wait()
	// A helper helped if it took a part and did not keep the caller
	// waiting long after its own share: one that lost its processor to
	// another process in mid-part costs the caller a time slice.
	if helped {
		helped = poolNow()-t1 <= (t1-t0)/2+int64(poolLate)
	}
	poolHelp.record(helped)
	j.r = nil
}

// work claims and runs parts until none is left.
func (j *parJob) work() {
	for {
		i := j.next.Add(1) - 1
		if i >= j.n {
			return
		}
		j.r.runPart(int(i))
	}
}

// wait returns when every helper that took the job has left it: it spins
// for poolSpin, then parks until the last helper signals.
func (j *parJob) wait() {
	if spinUntil(func() bool { return j.pending.Load() == 0 }) {
		return
	}
	j.waiting.Store(true)
	for j.pending.Load() != 0 {
		<-j.done // a token left over from an earlier call only loops once more
	}
	j.waiting.Store(false)
}

// finish records that a helper has left the job, waking a parked caller.
func (j *parJob) finish() {
	if j.pending.Add(-1) == 0 && j.waiting.Load() {
		select {
		case j.done <- struct{}{}:
		default:
		}
	}
}

// spinUntil polls cond for up to poolSpin and reports whether it became
// true.
func spinUntil(cond func() bool) bool {
	return spinFor(cond, time.Duration(poolSpin.Load()))
}

// spinFor polls cond for up to limit, yielding to other goroutines of this
// P every 64 polls, and reports whether cond became true.
func spinFor(cond func() bool, limit time.Duration) bool {
	start := time.Now()
	for i := 1; ; i++ {
		if cond() {
			return true
		}
		if i%64 == 0 {
			runtime.Gosched()
			if time.Since(start) > limit {
				return false
			}
		}
	}
}

// demandRecent reports whether a caller is in a job that could use help
// or was within the last poolSpin. A job the caller runs alone, because no
// helper was awake when it started, keeps a worker that wakes meanwhile
// spinning for the next one.
func demandRecent() bool {
	return pool.active.Load() > 0 || poolNow()-pool.demand.Load() <= poolSpin.Load()
}

// take waits for a job offered to w: spinning while callers keep asking
// for help, then napping, then parked on the channel. w is counted in
// pool.awake on entry (see loop) and not on return.
func (w *poolWorker) take() *parJob {
	var j *parJob
	got := func() bool {
		j = w.slot.Load()
		return j != nil && w.slot.CompareAndSwap(j, nil)
	}
	for first := true; ; first = false {
		if !first {
			pool.awake.Add(1)
		}
		ok := spinWhile(got, demandRecent)
		pool.awake.Add(-1)
		if ok {
			return j
		}
		// Naps poll without the caller's help: waking a parked worker
		// costs the caller a system call. New demand ends the nap.
		napped := false
		for idle := time.Duration(0); idle < poolIdle; {
			t0 := time.Now()
			time.Sleep(poolNap)
			idle += time.Since(t0)
			if got() {
				return j
			}
			if demandRecent() {
				napped = true
				break
			}
		}
		if napped {
			continue
		}
		w.sleeping.Store(true)
		// Re-check after announcing the nap: a caller that offered a job
		// before seeing the flag has not sent a wake-up.
		ok = got()
		if !ok {
			<-w.wake // possibly a stale token: then spin again
		}
		w.sleeping.Store(false)
		if ok {
			return j
		}
	}
}

// spinWhile polls cond while more holds (checked every 64 polls, when it
// also yields to other goroutines of this P) and reports whether cond
// became true.
func spinWhile(cond, more func() bool) bool {
	for i := 1; ; i++ {
		if cond() {
			return true
		}
		if i%64 == 0 {
			runtime.Gosched()
			if !more() {
				return false
			}
		}
	}
}

func (w *poolWorker) loop() {
	pool.awake.Add(1)
	for {
		j := w.take()
		j.work()
		// Count as awake before the caller can see the job done, so that
		// its next job, following at once, finds this helper ready.
		pool.awake.Add(1)
		j.finish()
	}
}

// rangeRunner is an elementwise job over [0, n) that parallelFor splits
// into contiguous ranges.
type rangeRunner interface {
	runRange(lo, hi int)
}

// forJob adapts a rangeRunner to parallel's parts.
type forJob struct {
	job   parJob
	r     rangeRunner
	n     int
	chunk int
}

func (f *forJob) runPart(i int) {
	lo := i * f.chunk
	f.r.runRange(lo, min(lo+f.chunk, f.n))
}

// freeList recycles objects that a call hands to pool goroutines, which
// would otherwise escape to the heap at every call. A mutex-guarded list,
// unlike sync.Pool, does not drop them at each GC (training steps are
// tested to allocate nothing).
type freeList[T any] struct {
	mu   sync.Mutex
	free []*T
}

func (l *freeList[T]) get() *T {
	l.mu.Lock()
	defer l.mu.Unlock()
	if k := len(l.free); k > 0 {
		x := l.free[k-1]
		l.free = l.free[:k-1]
		return x
	}
	return new(T)
}

func (l *freeList[T]) put(x *T) {
	l.mu.Lock()
	l.free = append(l.free, x)
	l.mu.Unlock()
}

var forJobs freeList[forJob]

// parallelFor calls r.runRange on ranges that cover [0, n) exactly once,
// on up to Threads() goroutines, each range at least minChunk long (but
// the last) and a multiple of 16 elements (a cache line of float32) long,
// so that workers do not write to the same line. It runs r.runRange(0, n)
// directly when n < 2*minChunk or one thread is set. r is handed to other
// goroutines, so it escapes: callers recycle it (see freeList).
func parallelFor(n, minChunk int, r rangeRunner) {
	threads := Threads()
	if threads <= 1 || n < 2*minChunk {
		r.runRange(0, n)
		return
	}
	if !splitSmall(threads, true) {
		r.runRange(0, n)
		demandEnd()
		return
	}
	// A few ranges per thread, so that a helper that comes late takes a
	// share of the work instead of all of its part.
	parts := min(4*threads, n/minChunk)
	chunk := roundUp(ceilDiv(n, parts), 16)
	parts = ceilDiv(n, chunk)
	f := forJobs.get()
	f.r, f.n, f.chunk = r, n, chunk
	parallel(&f.job, f, parts, threads)
	f.r = nil
	forJobs.put(f)
	demandEnd()
}

// poolHelp tracks how often offered work was taken up by a helper that
// finished in good time. When the other cores are busy with other
// processes, helpers come too late to take a part or lose their processor
// in mid-part, and splitting then only costs (duplicated packing, waiting
// for a descheduled helper); callers of small jobs consult it to stay on
// one goroutine, trying a split now and then to notice when the cores are
// free again.
var poolHelp helpRate

// Start optimistic: splitting is right on an idle machine, and the rate
// recovers from a low value only through occasional probes.
func init() { poolHelp.rate.Store(1024) }

// helpRate is a moving average of how often helpers took part in a split
// job, in 1/1024ths (updates may race and lose one another; it is a hint).
type helpRate struct {
	rate  atomic.Int32
	calls atomic.Uint32
}

func (h *helpRate) record(helped bool) {
	r := h.rate.Load()
	r -= r / 8
	if helped {
		r += 1024 / 8
	}
	h.rate.Store(r)
}

// good reports whether helpers took part in at least a quarter of recent
// splits.
func (h *helpRate) good() bool { return h.rate.Load() >= 256 }

// split reports whether a job small enough that only a helper that is
// already awake can help should be split: when helpers took part in at
// least a quarter of recent splits, and otherwise one call in 16.
func (h *helpRate) split() bool {
	return h.good() || h.calls.Add(1)%16 == 0 || forceSplit.Load()
}

// splitSmall is called by every job that could use helpers, before it
// decides how many parts to make; threads > 1 is the thread limit, small
// says the job is too small to pay for waking a helper (well under a
// millisecond of work), and the job must call demandEnd when it is done,
// split or not. It records the demand, which keeps idle workers spinning
// until the job ends and poolSpin after, so that the next job finds them
// awake. For a small job it also wakes parked workers for the jobs that
// follow, and reports whether to split now: when a helper is awake and
// helpers have lately been taking part (see poolHelp). A large job is
// always split.
func splitSmall(threads int, small bool) bool {
	pool.active.Add(1)
	noteDemand()
	if !small || forceSplit.Load() {
		return true
	}
	if pool.awake.Load() > 0 {
		return poolHelp.split()
	}
	for _, w := range poolWorkers(threads - 1) {
		if w.sleeping.Load() {
			select {
			case w.wake <- struct{}{}:
			default:
			}
		}
	}
	return false
}

// demandEnd ends a job that called splitSmall.
func demandEnd() {
	noteDemand()
	pool.active.Add(-1)
}

// noteDemand records that a caller could use helpers now.
func noteDemand() {
	now := poolNow()
	if now-pool.demand.Load() > int64(poolDemandGap) {
		pool.demand.Store(now)
	}
}

// forceSplit makes split always true, for tests that must exercise the
// parallel paths whatever the machine's load.
var forceSplit atomic.Bool
