package parallel

import (
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// The scheduler. Waking a parked goroutine costs the caller a futex
// wake-up of an OS thread (tens of microseconds on a virtual machine), and
// the woken goroutine starts tens of microseconds later still; a worker
// that is spinning sees new work within a fraction of a microsecond. So
// each worker spins while the process keeps asking for help (any job big
// enough to split counts, split or not; see Demand), naps on a timer once
// the calls stop, and only after a long idle spell parks until a caller
// wakes it.

// poolSpin is how long an idle worker keeps spinning after the last call
// that asked for help, and how long a caller waiting for its helpers spins
// before parking. The GEMMs and optimizer steps of a training loop come
// every few to a few hundred microseconds. It is atomic so that tests can
// change it while workers spin.
var poolSpin atomic.Int64 // a time.Duration

func init() { poolSpin.Store(int64(300 * time.Microsecond)) }

const (
	// poolNap is the sleep between polls of a worker that has stopped
	// spinning (timers make it 50 µs to a millisecond on Linux), and
	// poolIdle how long it naps before parking.
	poolNap  = 50 * time.Microsecond
	poolIdle = 100 * time.Millisecond
	// poolLate is how long, beyond half its own working time, a caller may
	// wait for its helpers before the split counts as not having helped.
	poolLate = 5 * time.Microsecond
)

// poolEpoch is the origin of the pool's monotonic time stamps.
var poolEpoch = time.Now()

func poolNow() int64 { return int64(time.Since(poolEpoch)) }

// A Job is the record of one split job in flight, shared by its caller
// and the workers that help. Callers that recycle their own call objects
// embed one, so that dispatch allocates nothing; Run and For keep theirs
// in a FreeList. The zero value is ready to use. A Job serves one call at
// a time.
type Job struct {
	r       Runner
	n       int32
	next    atomic.Int32 // next unclaimed part
	pending atomic.Int32 // helpers that took the job and are still in it
	waiting atomic.Bool  // the caller is parked on done
	done    chan struct{}
}

// worker is one pool goroutine's mailbox, padded to its own cache lines
// so that a spinning worker does not slow down the others.
type worker struct {
	_        [64]byte
	slot     atomic.Pointer[Job] // job offered to this worker, nil if none
	sleeping atomic.Bool         // parked on wake
	wake     chan struct{}
	_        [64]byte
}

// pool holds the worker goroutines. They are started on first use and
// live for the rest of the process, parked when idle.
var pool struct {
	mu      sync.Mutex
	workers atomic.Pointer[[]*worker] // grows, never shrinks
	_       [64]byte
	// demand is the poolNow time of the latest call that could use
	// helpers; workers spin for poolSpin after it.
	demand atomic.Int64
	// awake counts the workers spinning for work, ready to take a part
	// within a fraction of a microsecond.
	awake atomic.Int32
	// active counts the jobs between Demand and EndDemand.
	active atomic.Int32
	_      [64]byte
}

// workers returns at least n workers, starting goroutines as needed.
func workers(n int) []*worker {
	if ws := pool.workers.Load(); ws != nil && len(*ws) >= n {
		return (*ws)[:n]
	}
	pool.mu.Lock()
	defer pool.mu.Unlock()
	var ws []*worker
	if p := pool.workers.Load(); p != nil {
		ws = *p
	}
	if len(ws) < n {
		ws = append(ws[:len(ws):len(ws)], make([]*worker, n-len(ws))...)
		for i := range ws {
			if ws[i] == nil {
				w := &worker{wake: make(chan struct{}, 1)}
				ws[i] = w
				go w.loop()
			}
		}
		pool.workers.Store(&ws)
	}
	return ws[:n]
}

// Run calls r.RunPart(i) for every i in [0, n) on the calling goroutine
// and up to threads-1 of the pool's workers, and returns when all parts
// are done. With threads <= 1, or n <= 1, the parts run in order on the
// caller. Run does not record demand: a caller that wants the workers to
// keep spinning for its next call brackets it with Demand and EndDemand.
func (j *Job) Run(n, threads int, r Runner) {
	if threads > n {
		threads = n
	}
	if threads <= 1 {
		for i := 0; i < n; i++ {
			r.RunPart(i)
		}
		return
	}
	if j.done == nil {
		j.done = make(chan struct{}, 1)
	}
	j.r, j.n = r, int32(n)
	j.next.Store(0)
	ws := workers(threads - 1)
	for _, w := range ws {
		j.pending.Add(1)
		if !w.slot.CompareAndSwap(nil, j) {
			j.pending.Add(-1) // busy with another caller's job
			continue
		}
		w.wakeUp()
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
func (j *Job) work() {
	for {
		i := j.next.Add(1) - 1
		if i >= j.n {
			return
		}
		j.r.RunPart(int(i))
	}
}

// wait returns when every helper that took the job has left it: it spins
// for poolSpin, then parks until the last helper signals.
func (j *Job) wait() {
	start, limit := time.Now(), time.Duration(poolSpin.Load())
	if spin(func() bool { return j.pending.Load() == 0 },
		func() bool { return time.Since(start) <= limit }) {
		return
	}
	j.waiting.Store(true)
	for j.pending.Load() != 0 {
		<-j.done // a token left over from an earlier call only loops once more
	}
	j.waiting.Store(false)
}

// finish records that a helper has left the job, waking a parked caller.
func (j *Job) finish() {
	if j.pending.Add(-1) == 0 && j.waiting.Load() {
		notify(j.done)
	}
}

// spin polls cond while more holds (checked every 64 polls, when it also
// yields to the other goroutines of this P) and reports whether cond
// became true. Callers spin this way both for work (workers) and for
// their helpers to finish.
func spin(cond, more func() bool) bool {
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

// notify leaves a token on c, a channel of capacity 1, unless one is
// there already. A receiver may find a stale token; every receiver here
// re-checks its condition after a wake-up.
func notify(c chan struct{}) {
	select {
	case c <- struct{}{}:
	default:
	}
}

// wakeUp wakes w if it is parked.
func (w *worker) wakeUp() {
	if w.sleeping.Load() {
		notify(w.wake)
	}
}

// take waits for a job offered to w: spinning while callers keep asking
// for help, then napping, then parked on the channel. w is counted in
// pool.awake on entry (see loop) and not on return.
func (w *worker) take() *Job {
	var j *Job
	got := func() bool {
		j = w.slot.Load()
		return j != nil && w.slot.CompareAndSwap(j, nil)
	}
	for first := true; ; first = false {
		if !first {
			pool.awake.Add(1)
		}
		ok := spin(got, demandRecent)
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

func (w *worker) loop() {
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
