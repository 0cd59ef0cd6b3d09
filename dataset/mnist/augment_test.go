package mnist

import (
	"math"
	"math/rand/v2"
	"testing"
)

func testImage(rows, cols int) []float32 {
	img := make([]float32, rows*cols)
	for i := range img {
		img[i] = float32((i*37)%101) / 7
	}
	return img
}

// TestTransformShift: without rotation, whole-pixel shifts are Shift's,
// bit for bit.
func TestTransformShift(t *testing.T) {
	const rows, cols = 5, 7
	src := testImage(rows, cols)
	got, want := make([]float32, rows*cols), make([]float32, rows*cols)
	for dy := -6; dy <= 6; dy++ {
		for dx := -8; dx <= 8; dx++ {
			Shift(want, src, rows, cols, dx, dy, -1)
			Transform(got, src, rows, cols, 0, float64(dx), float64(dy), -1)
			for i := range want {
				if got[i] != want[i] {
					t.Fatalf("shift (%d, %d): pixel %d = %v, want %v", dx, dy, i, got[i], want[i])
				}
			}
		}
	}
}

// TestTransformRotate: a quarter turn about the centre moves the top-left
// pixel to the top-right (clockwise on screen), and a half-pixel shift
// averages neighbours.
func TestTransformRotate(t *testing.T) {
	const n = 6
	src := testImage(n, n)
	got := make([]float32, n*n)
	Transform(got, src, n, n, math.Pi/2, 0, 0, 0)
	for y := 0; y < n; y++ {
		for x := 0; x < n; x++ {
			// dst(x, y) = src(y, n-1-x)
			if want := src[(n-1-x)*n+y]; math.Abs(float64(got[y*n+x]-want)) > 1e-5 {
				t.Fatalf("quarter turn: dst(%d, %d) = %v, want %v", x, y, got[y*n+x], want)
			}
		}
	}
	Transform(got, src, n, n, 0, 0.5, 0, 2)
	if want := (float32(2) + src[0]) / 2; got[0] != want {
		t.Errorf("half-pixel shift at the edge: %v, want %v", got[0], want)
	}
	if want := (src[2] + src[3]) / 2; math.Abs(float64(got[3]-want)) > 1e-6 {
		t.Errorf("half-pixel shift: %v, want %v", got[3], want)
	}
}

// TestAugmentRotate: seeded, allocation-free, within the range of the
// source's values and the background, and equal to Augment without
// rotation.
func TestAugmentRotate(t *testing.T) {
	src := make([]float32, Pixels)
	for i := range src {
		src[i] = float32(i % 3)
	}
	a, b := make([]float32, Pixels), make([]float32, Pixels)
	Augment(a, src, 2, -1, rand.New(rand.NewPCG(1, 2)))
	AugmentRotate(b, src, 2, 0, -1, rand.New(rand.NewPCG(1, 2)))
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("no rotation: pixel %d = %v, Augment %v", i, b[i], a[i])
		}
	}
	r1, r2 := rand.New(rand.NewPCG(3, 4)), rand.New(rand.NewPCG(3, 4))
	for k := 0; k < 20; k++ {
		AugmentRotate(a, src, 2, 10, -1, r1)
		AugmentRotate(b, src, 2, 10, -1, r2)
		for i := range a {
			if a[i] != b[i] || a[i] < -1 || a[i] > 2 {
				t.Fatalf("draw %d pixel %d: %v and %v", k, i, a[i], b[i])
			}
		}
	}
	if n := testing.AllocsPerRun(10, func() { AugmentRotate(a, src, 2, 10, -1, r1) }); n != 0 {
		t.Errorf("AugmentRotate allocates %v times", n)
	}
}

func BenchmarkAugmentRotate(b *testing.B) {
	src, dst := testImage(Rows, Cols), make([]float32, Pixels)
	rng := rand.New(rand.NewPCG(1, 1))
	for b.Loop() {
		AugmentRotate(dst, src, 2, 10, 0, rng)
	}
}
