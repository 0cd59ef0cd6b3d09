package kernels

import (
	"runtime"
	"sync/atomic"
)

// gemmThreads is the worker count set by SetThreads; 0 means GOMAXPROCS.
var gemmThreads atomic.Int64

// SetThreads sets the number of goroutines Sgemm and the large vector
// kernels (AdamStep, RMSPropStep) may use, and returns the previous
// setting. n <= 0 restores the default, GOMAXPROCS at the time of each
// call. Results do not depend on the setting, bit for bit.
func SetThreads(n int) (prev int) {
	if n < 0 {
		n = 0
	}
	return int(gemmThreads.Swap(int64(n)))
}

// Threads returns the number of goroutines the kernels may use.
func Threads() int {
	if n := gemmThreads.Load(); n > 0 {
		return int(n)
	}
	return runtime.GOMAXPROCS(0)
}
