package parallel

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// sumParts records which parts ran, from several callers at once.
type sumParts struct {
	job  Job
	hits []atomic.Int32
}

func (s *sumParts) RunPart(i int) {
	s.hits[i].Add(1)
	if i%3 == 0 {
		time.Sleep(time.Microsecond) // let other callers interleave
	}
}

// TestJobConcurrentCallers runs Job.Run from several goroutines at once
// (more callers than workers, so offers find workers busy and are
// withdrawn), with and without spinning, for the race detector.
func TestJobConcurrentCallers(t *testing.T) {
	withSpins(func(spin time.Duration) {
		var wg sync.WaitGroup
		for g := 0; g < 4; g++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				s := &sumParts{hits: make([]atomic.Int32, 37)}
				for r := 1; r <= 30; r++ {
					s.job.Run(len(s.hits), 1+r%4, s)
					for i := range s.hits {
						if h := s.hits[i].Load(); h != int32(r) {
							t.Errorf("spin %v round %d: part %d ran %d times in all", spin, r, i, h)
							return
						}
					}
				}
			}()
		}
		wg.Wait()
	})
}

// TestJobZeroAlloc checks that a Job embedded in a long-lived object
// dispatches without allocating once warm.
func TestJobZeroAlloc(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates")
	}
	s := &sumParts{hits: make([]atomic.Int32, 4)}
	s.job.Run(len(s.hits), 2, s)
	if a := testing.AllocsPerRun(100, func() { s.job.Run(len(s.hits), 2, s) }); a != 0 {
		t.Errorf("%v allocations per call, want 0", a)
	}
}
