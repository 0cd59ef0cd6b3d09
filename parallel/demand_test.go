package parallel

import "testing"

// TestHelpRate checks the split hint: always after helpers took part, one
// call in 16 after they did not.
func TestHelpRate(t *testing.T) {
	var h helpRate
	for i := 0; i < 64; i++ {
		h.record(true)
	}
	for i := 0; i < 32; i++ {
		if !h.split() {
			t.Fatalf("call %d: no split after helpers took part", i)
		}
	}
	for i := 0; i < 64; i++ {
		h.record(false)
	}
	n := 0
	for i := 0; i < 160; i++ {
		if h.split() {
			n++
		}
	}
	if n != 10 {
		t.Fatalf("%d splits in 160 calls after helpers stayed away, want 10", n)
	}
}

// TestDemandLarge checks that a large job is always split, and that
// Demand and EndDemand leave no job counted as active.
func TestDemandLarge(t *testing.T) {
	before := pool.active.Load()
	for i := 0; i < 10; i++ {
		if !Demand(2, false) {
			t.Fatal("a large job was not split")
		}
		EndDemand()
	}
	if a := pool.active.Load(); a != before {
		t.Fatalf("%d active jobs after Demand/EndDemand pairs, want %d", a, before)
	}
}
