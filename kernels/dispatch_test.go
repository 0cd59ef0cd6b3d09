package kernels

import "testing"

// TestPathSwitch checks that SetSIMD flips the active path and restores it.
// It switches the package's path (restored when it ends): not parallel.
func TestPathSwitch(t *testing.T) {
	was := SetSIMD(false)
	t.Cleanup(func() { SetSIMD(was) })
	if Path() != "go" {
		t.Fatalf("Path() = %q after SetSIMD(false), want go", Path())
	}
	SetSIMD(true)
	if HasSIMD() == (Path() == "go") {
		t.Fatalf("HasSIMD() = %v but Path() = %q", HasSIMD(), Path())
	}
}

// TestAxpyBothPaths checks Axpy through the public API on the Go path and,
// where there is one, the SIMD path, at every length up to 69. It switches
// the package's path (restored when it ends): not parallel.
func TestAxpyBothPaths(t *testing.T) {
	was := SetSIMD(true)
	t.Cleanup(func() { SetSIMD(was) })
	for _, simd := range []bool{false, true} {
		SetSIMD(simd)
		t.Run(Path(), func(t *testing.T) {
			for n := 0; n < 70; n++ {
				x := make([]float32, n)
				y := make([]float32, n)
				want := make([]float32, n)
				for i := range x {
					x[i] = float32(i%7) - 3
					y[i] = float32(i%5) * 0.5
					want[i] = y[i] + 1.5*x[i]
				}
				Axpy(1.5, x, y)
				for i := range y {
					if y[i] != want[i] {
						t.Fatalf("n=%d: y[%d] = %v, want %v", n, i, y[i], want[i])
					}
				}
			}
		})
	}
}
