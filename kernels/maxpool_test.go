package kernels

import (
	"fmt"
	"math"
	"math/rand"
	"testing"
)

// poolValues makes ties, signed zeros, NaNs and infinities common.
var poolValues = []float32{-1, 0, float32(math.Copysign(0, -1)), 1, 2,
	float32(math.NaN()), float32(math.Inf(1)), float32(math.Inf(-1))}

func fillPool(r *rand.Rand, s []float32) {
	for i := range s {
		if r.Intn(3) == 0 {
			s[i] = poolValues[r.Intn(len(poolValues))]
		} else {
			s[i] = float32(r.Intn(5) - 2)
		}
	}
}

// windowMax is the definition: the first NaN of the window, else the first
// of its largest values, scanning row-major.
func windowMax(v [4]float32) (float32, uint8) {
	best, bi := v[0], uint8(0)
	for i := 1; i < 4 && best == best; i++ {
		if v[i] > best || v[i] != v[i] {
			best, bi = v[i], uint8(i)
		}
	}
	return best, bi
}

// poolShapes covers every tail of the 8-output loop, rows with several
// blocks, odd heights and widths (dropped row and column) and 1..3 planes,
// running f on each shape as a subtest of t (in order: f may draw from a
// shared random source).
func poolShapes(t *testing.T, f func(t *testing.T, planes, h, w int)) {
	run := func(planes, h, w int) {
		t.Run(fmt.Sprintf("%dx%dx%d", planes, h, w), func(t *testing.T) { f(t, planes, h, w) })
	}
	for planes := 1; planes <= 3; planes++ {
		for h := 2; h <= 5; h++ {
			for w := 2; w <= 37; w++ {
				run(planes, h, w)
			}
		}
	}
	run(2, 28, 28)
	run(3, 10, 10)
}

func guardedCodes(n, off int) (s, backing []uint8) {
	backing = make([]uint8, off+n+guardLen)
	for i := range backing {
		backing[i] = 0xa5
	}
	return backing[off : off+n : off+n], backing
}

func TestMaxPool2x2Reference(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewSource(1))
	poolShapes(t, func(t *testing.T, planes, h, w int) {
		x := make([]float32, planes*h*w)
		fillPool(r, x)
		n := planes * (h / 2) * (w / 2)
		y, code := make([]float32, n), make([]uint8, n)
		maxPool2x2Go(y, code, x, h, w)
		k := 0
		for pl := range planes {
			for i := range h / 2 {
				for j := range w / 2 {
					b := pl*h*w + 2*i*w + 2*j
					wv, wc := windowMax([4]float32{x[b], x[b+1], x[b+w], x[b+w+1]})
					if math.Float32bits(y[k]) != math.Float32bits(wv) || code[k] != wc {
						t.Fatalf("%d planes %dx%d: output %d = %v code %d, want %v code %d", planes, h, w, k, y[k], code[k], wv, wc)
					}
					k++
				}
			}
		}
	})
}

func TestMaxPool2x2SIMD(t *testing.T) {
	t.Parallel()
	needSIMD(t)
	r := rand.New(rand.NewSource(2))
	poolShapes(t, func(t *testing.T, planes, h, w int) {
		x := make([]float32, planes*h*w)
		fillPool(r, x)
		n := planes * (h / 2) * (w / 2)
		for off := 0; off < 3; off++ {
			wy, wc := make([]float32, n), make([]uint8, n)
			goOps.maxPool2x2(wy, wc, x, h, w)
			y, yb := guarded(n, off)
			c, cb := guardedCodes(n, off)
			simdOps.maxPool2x2(y, c, x, h, w)
			checkGuards(t, "MaxPool2x2 y", yb, off, n)
			for i, v := range cb {
				if (i < off || i >= off+n) && v != 0xa5 {
					t.Fatalf("%d planes %dx%d: code guard %d overwritten", planes, h, w, i)
				}
			}
			for i := range wy {
				if math.Float32bits(y[i]) != math.Float32bits(wy[i]) || c[i] != wc[i] {
					t.Fatalf("%d planes %dx%d: output %d = %v code %d, want %v code %d", planes, h, w, i, y[i], c[i], wy[i], wc[i])
				}
			}

			// Backward: inputs in no window keep what was there (the
			// guard value), so both kernels must leave them alone.
			dy := make([]float32, n)
			fill(r, dy, true)
			want, _ := guarded(len(x), 0)
			goOps.maxPool2x2Back(want, dy, wc, h, w)
			dx, dxb := guarded(len(x), off)
			simdOps.maxPool2x2Back(dx, dy, wc, h, w)
			checkGuards(t, "MaxPool2x2Backward dx", dxb, off, len(x))
			for i := range want {
				if math.Float32bits(dx[i]) != math.Float32bits(want[i]) {
					t.Fatalf("%d planes %dx%d: dx[%d] = %v, want %v", planes, h, w, i, dx[i], want[i])
				}
			}
		}
	})
}

// TestMaxPool2x2Backward checks the public wrapper, whichever path is
// active, against the definition: dy at the coded input, 0 elsewhere
// (including a dropped row and column).
func TestMaxPool2x2Backward(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewSource(3))
	poolShapes(t, func(t *testing.T, planes, h, w int) {
		n := planes * (h / 2) * (w / 2)
		code, dy := make([]uint8, n), make([]float32, n)
		for i := range code {
			code[i] = uint8(r.Intn(4))
		}
		fill(r, dy, false)
		dx := make([]float32, planes*h*w)
		for i := range dx {
			dx[i] = 7
		}
		MaxPool2x2Backward(dx, dy, code, h, w)
		want := make([]float32, len(dx))
		k := 0
		for pl := range planes {
			for i := range h / 2 {
				for j := range w / 2 {
					want[pl*h*w+(2*i+int(code[k]>>1))*w+2*j+int(code[k]&1)] = dy[k]
					k++
				}
			}
		}
		checkSame(t, "MaxPool2x2Backward", dx, want)
	})
}

func TestMaxPool2x2Panics(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name string
		f    func()
	}{
		{"small plane", func() { MaxPool2x2(nil, nil, make([]float32, 3), 1, 3) }},
		{"partial plane", func() { MaxPool2x2(make([]float32, 1), make([]uint8, 1), make([]float32, 5), 2, 2) }},
		{"short y", func() { MaxPool2x2(make([]float32, 1), make([]uint8, 2), make([]float32, 8), 2, 2) }},
		{"short code", func() { MaxPool2x2Backward(make([]float32, 8), make([]float32, 2), make([]uint8, 1), 2, 2) }},
	} {
		t.Run(c.name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Error("no panic")
				}
			}()
			c.f()
		})
	}
}

func BenchmarkMaxPool2x2(b *testing.B) {
	x := make([]float32, 64*6*28*28)
	fill(rand.New(rand.NewSource(4)), x, false)
	n := len(x) / 4
	y, code, dx := make([]float32, n), make([]uint8, n), make([]float32, len(x))
	b.Run("forward", func(b *testing.B) {
		for b.Loop() {
			MaxPool2x2(y, code, x, 28, 28)
		}
	})
	b.Run("backward", func(b *testing.B) {
		for b.Loop() {
			MaxPool2x2Backward(dx, y, code, 28, 28)
		}
	})
}
