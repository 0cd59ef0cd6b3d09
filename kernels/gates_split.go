package kernels

import "github.com/corten-ml/corten/parallel"

// The gate kernels treat each row (sample) on its own, so a batch splits
// over the workers by ranges of rows with the same bits on any thread
// count.

// gateMinCells is the fewest cells (rows x hidden) in a range handed to
// a worker: a few microseconds of the forward kernels.
const gateMinCells = 4096

type gateKind int

const (
	lstmForward gateKind = iota
	lstmBackward
	gruForward
	gruBackward
)

// gateJob is one gate kernel call: s holds its slices in the kernel's
// argument order.
type gateJob struct {
	kind   gateKind
	hidden int
	s      [8][]float32
}

// gateWidths are the row widths, in hidden units, of each kind's slices:
// 4 (LSTM) or 3 (GRU) for the gate blocks, 1 for the states.
var gateWidths = [...][8]int{
	lstmForward:  {4, 1, 1, 1, 1},
	lstmBackward: {4, 1, 1, 4, 1, 1},
	gruForward:   {3, 3, 1, 1},
	gruBackward:  {3, 3, 1, 1, 3, 3, 1},
}

// RunRange runs the kernel on rows lo..hi-1.
func (j *gateJob) RunRange(lo, hi int) {
	var s [8][]float32
	for k, w := range gateWidths[j.kind] {
		if w > 0 {
			n := w * j.hidden
			s[k] = j.s[k][lo*n : hi*n]
		}
	}
	rows, hs, simd := hi-lo, j.hidden, fusedSIMD()
	switch j.kind {
	case lstmForward:
		if simd {
			lstmSIMD(s[0], s[1], s[2], s[3], s[4], rows, hs)
		} else {
			lstmGo(s[0], s[1], s[2], s[3], s[4], rows, hs, 0)
		}
	case lstmBackward:
		if simd {
			lstmBackSIMD(s[0], s[1], s[2], s[3], s[4], s[5], rows, hs)
		} else {
			lstmBackGo(s[0], s[1], s[2], s[3], s[4], s[5], rows, hs, 0)
		}
	case gruForward:
		if simd {
			gruSIMD(s[0], s[1], s[2], s[3], rows, hs)
		} else {
			gruGo(s[0], s[1], s[2], s[3], rows, hs, 0)
		}
	case gruBackward:
		if simd {
			gruBackSIMD(s[0], s[1], s[2], s[3], s[4], s[5], s[6], rows, hs)
		} else {
			gruBackGo(s[0], s[1], s[2], s[3], s[4], s[5], s[6], rows, hs, 0)
		}
	}
}

// splitGateRows runs job over rows rows, split over the workers when there
// are enough cells.
func splitGateRows(rows, hidden int, job gateJob) {
	minRows := max(1, gateMinCells/hidden)
	if rows < 2*minRows || parallel.Threads() == 1 {
		job.RunRange(0, rows)
		return
	}
	r := gateJobs.Get()
	*r = job
	parallel.For(rows, minRows, r)
	*r = gateJob{}
	gateJobs.Put(r)
}

var gateJobs parallel.FreeList[gateJob]
