package parallel

import (
	"fmt"
	"runtime"
	"sync/atomic"
	"testing"
)

// emptyParts is a job whose parts do nothing.
type emptyParts struct{}

func (emptyParts) RunPart(int) {}

// BenchmarkDispatch measures the fixed cost of a split: a call whose two
// parts do nothing, on one goroutine and with a spinning helper.
func BenchmarkDispatch(b *testing.B) {
	for _, th := range []int{1, 2} {
		b.Run(fmt.Sprintf("threads=%d", th), func(b *testing.B) {
			var j Job
			for i := 0; i < b.N; i++ {
				noteDemand() // keeps the helper spinning, as a training loop does
				j.Run(2, th, emptyParts{})
			}
		})
	}
}

// BenchmarkRun measures Run's cost for a call whose parts do nothing,
// the free-list round trip and demand bookkeeping included.
func BenchmarkRun(b *testing.B) {
	for _, th := range []int{1, 2} {
		b.Run(fmt.Sprintf("threads=%d", th), func(b *testing.B) {
			defer SetThreads(SetThreads(th))
			for i := 0; i < b.N; i++ {
				Run(2, emptyParts{})
			}
		})
	}
}

// BenchmarkRoundTrip measures how long a cache line takes to go from one
// OS thread to another and back: two goroutines, each locked to its own
// thread, pass an atomic counter back and forth (ns/op is one round
// trip). It tells whether the processors the OS gave the process share a
// cache: on a VM it moves with where the host runs the vCPUs, and with it
// the cost of every split job (bench/mnist_vs_torch.sh prints it beside
// each run). It needs two processors (-cpu 2).
func BenchmarkRoundTrip(b *testing.B) {
	if runtime.GOMAXPROCS(0) < 2 {
		b.Skip("needs GOMAXPROCS >= 2")
	}
	var turn atomic.Int64
	done := make(chan struct{})
	n := int64(b.N)
	go func() {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		for i := int64(1); i <= n; i++ {
			for turn.Load() != 2*i-1 {
			}
			turn.Store(2 * i)
		}
		close(done)
	}()
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	b.ResetTimer()
	for i := int64(1); i <= n; i++ {
		turn.Store(2*i - 1)
		for turn.Load() != 2*i {
		}
	}
	<-done
}
