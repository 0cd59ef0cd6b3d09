package kernels

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// gemmThreads is the worker count set by SetThreads; 0 means GOMAXPROCS.
var gemmThreads atomic.Int64

// SetThreads sets the number of goroutines Sgemm may use and returns the
// previous setting. n <= 0 restores the default, GOMAXPROCS at the time of
// each call. Results do not depend on the setting, bit for bit.
func SetThreads(n int) (prev int) {
	if n < 0 {
		n = 0
	}
	return int(gemmThreads.Swap(int64(n)))
}

// Threads returns the number of goroutines Sgemm may use.
func Threads() int {
	if n := gemmThreads.Load(); n > 0 {
		return int(n)
	}
	return runtime.GOMAXPROCS(0)
}

// gemmTask asks a pool goroutine to compute worker w's part of a call.
type gemmTask struct {
	g *gemmCall
	w int
}

// gemmTasks feeds the persistent worker goroutines. Sending a small struct
// on a channel allocates nothing, unlike starting goroutines per call.
var gemmTasks = make(chan gemmTask, 256)

var gemmPool struct {
	sync.Mutex
	started int
}

// startWorkers makes sure at least n pool goroutines are running. They live
// for the rest of the process, idle on the channel.
func startWorkers(n int) {
	gemmPool.Lock()
	for gemmPool.started < n {
		gemmPool.started++
		go gemmWorker()
	}
	gemmPool.Unlock()
}

func gemmWorker() {
	for t := range gemmTasks {
		t.g.run(t.w)
		t.g.wg.Done()
	}
}
