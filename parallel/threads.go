package parallel

import (
	"runtime"
	"sync/atomic"
)

// threads is the goroutine count set by SetThreads; 0 means GOMAXPROCS.
var threads atomic.Int64

// SetThreads sets the number of goroutines that Run, For and the kernels
// built on them (Sgemm, the optimizer steps, nn's layer passes) may use,
// the caller's included, and returns the previous setting. n <= 0
// restores the default, GOMAXPROCS at the time of each call. Results do
// not depend on the setting, bit for bit.
func SetThreads(n int) (prev int) {
	if n < 0 {
		n = 0
	}
	return int(threads.Swap(int64(n)))
}

// Threads returns the number of goroutines a job may use.
func Threads() int {
	if n := threads.Load(); n > 0 {
		return int(n)
	}
	return runtime.GOMAXPROCS(0)
}
