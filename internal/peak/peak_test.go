package peak

import (
	"slices"
	"testing"
	"time"

	"github.com/corten-ml/corten/kernels"
)

// TestChains checks every kernel against the chains computed in Go, bit
// for bit: with these x, y and starting values every intermediate is a
// small integer or half-integer, exact in float32, so the fused and the
// separate multiply-add agree and the comparison can be exact. Distinct
// starting values catch a chain stored in another's place.
func TestChains(t *testing.T) {
	if len(widths) == 0 {
		t.Skip("no assembly widths in this build or on this CPU")
	}
	xy := [][2]float32{{1, 1}, {2, 3}, {0.5, -4}, {-1, 0.5}, {0, 7}}
	for _, w := range widths {
		for _, n := range []int{-1, 0, 1, 2, 3, 7, 100, 1000} {
			for _, v := range xy {
				var got, want [chains]float32
				for i := range got {
					got[i] = float32(3*i+1) * 0.5 // 0.5, 2, 3.5, ...
					want[i] = got[i]
				}
				for range n {
					for i := range want {
						want[i] += v[0] * v[1]
					}
				}
				w.run(n, v[0], v[1], &got)
				if got != want {
					t.Errorf("%s: n=%d x=%g y=%g:\n got  %v\n want %v", w.name, n, v[0], v[1], got, want)
				}
			}
		}
	}
}

// scalarGFLOPS returns the best rate of twelve scalar multiply-add chains
// in Go over about d: a floor that any vector peak must clear on real
// hardware, and a sign of an emulator (qemu) when it is itself tiny.
func scalarGFLOPS(d time.Duration) float64 {
	var acc [chains]float32
	for i := range acc {
		acc[i] = float32(i + 1)
	}
	x, y := float32(measureX), float32(measureY)
	best, n := 0.0, 1024
	for start := time.Now(); time.Since(start) < d; n *= 2 {
		t := time.Now()
		for range n {
			for i := range acc {
				acc[i] += x * y
			}
		}
		if el := time.Since(t); el >= minRun {
			best = max(best, float64(n)*chains*2/el.Seconds()/1e9)
		}
	}
	sink = acc
	return best
}

var sink [chains]float32

// TestMeasure checks that every width measures a sane peak, promptly: over
// 1 GFLOPS and over the scalar Go loop's rate, unless the scalar loop
// itself runs below 1 GFLOPS (an emulator, where only a positive figure
// is asked for).
func TestMeasure(t *testing.T) {
	scalar := scalarGFLOPS(20 * time.Millisecond)
	t.Logf("scalar Go chains: %.2f GFLOPS", scalar)
	floor := max(1, scalar)
	if scalar < 1 {
		t.Logf("scalar Go below 1 GFLOPS: an emulator; only asking for a positive peak")
		floor = 0
	}
	for _, name := range Widths() {
		start := time.Now()
		g := Measure(name, 20*time.Millisecond)
		el := time.Since(start)
		t.Logf("%s: %.1f GFLOPS per core (in %v)", name, g, el)
		if g <= floor || g <= 0 {
			t.Errorf("%s: peak %.3g GFLOPS, want > %.3g", name, g, floor)
		}
		if el > 500*time.Millisecond {
			t.Errorf("%s: a 20 ms measurement took %v", name, el)
		}
		if l := Lanes(name); l != 16 && l != 8 && l != 4 {
			t.Errorf("%s: %d lanes", name, l)
		}
	}
	for _, name := range Widths() {
		if f, want := Run(name, 10), float64(10*chains*Lanes(name)*2); f != want {
			t.Errorf("Run(%s, 10) = %g FLOPs, want %g", name, f, want)
		}
	}
	if f := Run("sse", 10); f != 0 {
		t.Errorf("Run(sse) = %g, want 0 for an unknown width", f)
	}
	if g := Measure("sse", time.Millisecond); g != 0 {
		t.Errorf("Measure(sse) = %g, want 0 for an unknown width", g)
	}
}

// TestPerCore checks the cache: one measurement per width, 0 for others.
func TestPerCore(t *testing.T) {
	for _, name := range Widths() {
		a := PerCore(name)
		start := time.Now()
		b := PerCore(name)
		if a != b || a <= 0 {
			t.Errorf("%s: PerCore gave %g then %g", name, a, b)
		}
		if el := time.Since(start); el > 10*time.Millisecond {
			t.Errorf("%s: the cached PerCore took %v", name, el)
		}
	}
	if g := PerCore("go"); g != 0 {
		t.Errorf(`PerCore("go") = %g, want 0`, g)
	}
}

func TestWidthOf(t *testing.T) {
	for path, want := range map[string]string{
		"avx2+fma+avx512": "avx512",
		"avx2+fma":        "avx2",
		"neon":            "neon",
		"go":              "",
		"":                "",
		"avx2x":           "",
	} {
		if got := WidthOf(path); got != want {
			t.Errorf("WidthOf(%q) = %q, want %q", path, got, want)
		}
	}
}

// TestForPath checks the peak of the active kernels path: threads times
// the per-core peak of its width, and nothing for the pure-Go path.
func TestForPath(t *testing.T) {
	if g, w := ForPath("go", 4); g != 0 || w != "" {
		t.Errorf(`ForPath("go", 4) = %g, %q; want 0, ""`, g, w)
	}
	path := kernels.Path()
	g, w := ForPath(path, 3)
	t.Logf("path %s: %.1f GFLOPS on 3 cores (%s)", path, g, w)
	if !kernels.HasSIMD() || path == "go" {
		if g != 0 || w != "" {
			t.Errorf("ForPath(%q, 3) = %g, %q; want 0, \"\"", path, g, w)
		}
		return
	}
	if !slices.Contains(Widths(), w) {
		t.Fatalf("ForPath(%q, 3) names width %q, not one of %v", path, w, Widths())
	}
	if g != 3*PerCore(w) {
		t.Errorf("ForPath(%q, 3) = %g, want 3 × %g", path, g, PerCore(w))
	}
	if g0, w0 := ForPath(path, 0); g0 != 0 || w0 != "" {
		t.Errorf("ForPath(%q, 0) = %g, %q; want 0, \"\"", path, g0, w0)
	}
}
