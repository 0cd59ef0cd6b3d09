package parallel

import (
	"fmt"
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
