//go:build race

package main

// raceEnabled makes the end-to-end test train on a subset: the race
// detector slows training about tenfold.
const raceEnabled = true
