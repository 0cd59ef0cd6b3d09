//go:build race

package kernels

// raceEnabled reports whether the race detector is on (it allocates).
const raceEnabled = true
