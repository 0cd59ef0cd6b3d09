package peak

import (
	"runtime"
	"strings"
	"sync"
	"time"
)

// chains is the number of independent FMA chains each kernel runs.
const chains = 12

// width is one vector width: its name, its float32 lanes, and the kernel
// that runs the chains on it.
type width struct {
	name  string
	lanes int
	run   func(n int, x, y float32, acc *[chains]float32)
}

// DefaultDuration is how long PerCore measures a width: long enough for
// the best of its short runs to be steady, short enough to be done at a
// program's start-up.
const DefaultDuration = 50 * time.Millisecond

var (
	widths = available()
	cache  = map[string]func() float64{}
)

func init() {
	for i := range widths {
		w := &widths[i]
		cache[w.name] = sync.OnceValue(func() float64 { return measure(w, DefaultDuration) })
	}
}

// Widths returns the names of the vector widths this build and CPU can
// measure, widest first: "avx512" and "avx2" on amd64, "neon" on arm64,
// none without assembly.
func Widths() []string {
	names := make([]string, len(widths))
	for i, w := range widths {
		names[i] = w.name
	}
	return names
}

// Lanes returns the float32 lanes of a width (16, 8 or 4), or 0 for an
// unknown one.
func Lanes(name string) int {
	if w := find(name); w != nil {
		return w.lanes
	}
	return 0
}

func find(name string) *width {
	for i := range widths {
		if widths[i].name == name {
			return &widths[i]
		}
	}
	return nil
}

// Measure returns the fp32 FMA peak of one core in GFLOPS for the named
// width, measured afresh for about d on the calling goroutine (locked to
// its thread meanwhile): the best of many short runs, so that a run the
// scheduler interrupts does not count. It returns 0 for a width not in
// Widths.
func Measure(name string, d time.Duration) float64 {
	w := find(name)
	if w == nil {
		return 0
	}
	return measure(w, d)
}

// Run runs the named width's twelve chains iters times on the calling
// goroutine and returns the FLOPs done: the unit of work of a benchmark of
// the peak. It returns 0 for a width not in Widths.
func Run(name string, iters int) float64 {
	w := find(name)
	if w == nil || iters <= 0 {
		return 0
	}
	var acc [chains]float32
	for i := range acc {
		acc[i] = float32(i + 1)
	}
	w.run(iters, measureX, measureY, &acc)
	return float64(iters) * float64(chains*w.lanes*2)
}

// PerCore returns the per-core peak of the named width in GFLOPS,
// measured for DefaultDuration on the first call for that width and
// remembered after; 0 for a width not in Widths. It is safe for
// concurrent use.
func PerCore(name string) float64 {
	if f, ok := cache[name]; ok {
		return f()
	}
	return 0
}

// WidthOf returns the vector width a kernels path (kernels.Path()) does
// its arithmetic in: "avx512" for "avx2+fma+avx512", "avx2" for
// "avx2+fma", "neon" for "neon", and "" for the pure-Go path "go" (or any
// path it does not know).
func WidthOf(path string) string {
	parts := strings.Split(path, "+")
	for _, w := range []string{"avx512", "avx2", "neon"} {
		for _, p := range parts {
			if p == w {
				return w
			}
		}
	}
	return ""
}

// ForPath returns the peak of threads cores in GFLOPS for the vector width
// the kernels path uses (see WidthOf), and that width: PerCore(width) ×
// threads. The pure-Go path "go" has no vector width of its own: it gives
// (0, ""), and callers report no fraction of peak for it. So does a width
// this build cannot measure.
func ForPath(path string, threads int) (gflops float64, width string) {
	width = WidthOf(path)
	per := PerCore(width)
	if per == 0 || threads < 1 {
		return 0, ""
	}
	return per * float64(threads), width
}

// Addend of the measured chains: x*y is below half an ulp of every
// starting value (1..12), so each chain keeps its own value however long
// it runs, never overflowing or going denormal.
const measureX, measureY = 1, 0x1p-30

// minRun is the shortest run measure counts: long against the clock's
// resolution and the cost of reading it.
const minRun = 20 * time.Microsecond

// measure runs w's chains for about d and returns the best rate in GFLOPS.
// A run's length is doubled until it takes a twentieth of d (at least
// 50 µs), which also warms the core up to its vector clock; the rest of d
// is spent on runs of that length. Runs shorter than minRun do not count,
// and it runs until one has counted, however small d is.
func measure(w *width, d time.Duration) float64 {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var acc [chains]float32
	for i := range acc {
		acc[i] = float32(i + 1)
	}
	slice := max(d/20, 50*time.Microsecond)
	flopsPerIter := float64(chains * w.lanes * 2)
	start := time.Now()
	n := 256
	best := 0.0
	for best == 0 || time.Since(start) < d {
		t := time.Now()
		w.run(n, measureX, measureY, &acc)
		el := time.Since(t)
		if el >= minRun {
			best = max(best, float64(n)*flopsPerIter/el.Seconds()/1e9)
		}
		if el < slice {
			n *= 2
		}
	}
	return best
}
