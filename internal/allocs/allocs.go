// Package allocs measures steady-state allocations for the repository's
// tests.
package allocs

import "testing"

// Steady returns testing.AllocsPerRun(runs, f) once it is zero, measuring
// up to rounds times, or the last measurement if it never is. A training
// step's helpers take recycled objects (jobs, GEMM workspaces) from free
// lists that grow to the largest number of them in use at once, which
// depends on how the goroutines happen to overlap: a first measurement can
// catch one of those one-off growths (seen under qemu on a busy machine),
// which the next rounds no longer see. An allocation made by every step
// shows in every round.
func Steady(runs, rounds int, f func()) float64 {
	var a float64
	for i := 0; i < rounds; i++ {
		if a = testing.AllocsPerRun(runs, f); a == 0 {
			return 0
		}
	}
	return a
}
