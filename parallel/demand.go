package parallel

import (
	"sync/atomic"
	"time"
)

// Demand: how callers keep the workers spinning between jobs, and decide
// whether a small job is worth splitting. Small jobs are split only while
// a helper is awake to take its part at once; a helper that has to be
// woken first would come after the caller finished.

// poolDemandGap is the resolution of the demand time stamp: callers
// rewrite it at most this often, so that the spinning workers that read
// it do not lose its cache line at every call.
const poolDemandGap = 5 * time.Microsecond

// Demand is called by every job that could use helpers, before it
// decides how many parts to make; threads > 1 is its thread limit, and
// small says the job is too small to pay for waking a helper (well under
// a millisecond of work). The job must call EndDemand when it is done,
// split or not. Demand records the demand, which keeps idle workers
// spinning until the job ends and for a while after, so that the next job
// finds them awake. It reports whether to split the job: a large job
// always; a small one when a helper is awake and helpers have lately been
// taking part in splits (when the other cores are busy with other
// processes, helpers come too late, and splitting only costs). For a
// small job it also wakes parked workers for the jobs that follow.
func Demand(threads int, small bool) (split bool) {
	pool.active.Add(1)
	noteDemand()
	if !small || forceSplit.Load() {
		return true
	}
	if pool.awake.Load() > 0 {
		return poolHelp.split()
	}
	for _, w := range workers(threads - 1) {
		w.wakeUp()
	}
	return false
}

// EndDemand ends a job that called Demand.
func EndDemand() {
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

// demandRecent reports whether a caller is in a job that could use help
// or was within the last poolSpin. A job the caller runs alone, because no
// helper was awake when it started, keeps a worker that wakes meanwhile
// spinning for the next one.
func demandRecent() bool {
	return pool.active.Load() > 0 || poolNow()-pool.demand.Load() <= poolSpin.Load()
}

// forceSplit makes Demand always report a split.
var forceSplit atomic.Bool

// SetForceSplit makes Demand split every job (on) or restores its
// judgement (off), and returns the previous setting. It is for tests that
// must exercise the parallel paths whatever the machine's load.
func SetForceSplit(on bool) (prev bool) { return forceSplit.Swap(on) }

// poolHelp tracks how often offered work was taken up by a helper that
// finished in good time. When the other cores are busy with other
// processes, helpers come too late to take a part or lose their processor
// in mid-part, and splitting then only costs (duplicated work, waiting
// for a descheduled helper); Demand consults it for small jobs, trying a
// split now and then to notice when the cores are free again.
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

// split reports whether a small job should be split: when helpers took
// part in at least a quarter of recent splits, and otherwise one call in
// 16.
func (h *helpRate) split() bool {
	return h.good() || h.calls.Add(1)%16 == 0 || forceSplit.Load()
}
