package conv

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/corten-ml/corten/parallel"
)

// TestLanes checks the forward pass, the weight gradient and the input
// gradient in sample lanes against the definition: batches of one, exactly one group, a group and one, and a
// partial last group; one and two blocks of input channels (the second
// partial); padding and non-square windows; one engine reused across
// geometries and back, so that a worker's transposed dy is re-laid out.
// Results must not depend on the number of threads.
func TestLanes(t *testing.T) {
	setDx(t, 2)
	setLanes(t, 1)
	rng := rand.New(rand.NewPCG(9, 0))
	geoms := []Geometry{
		{In: 6, Out: 16, H: 14, W: 14, KH: 5, KW: 5, Stride: 1},
		{In: 7, Out: 3, H: 9, W: 6, KH: 3, KW: 3, Stride: 1, Pad: 1},
		{In: 1, Out: 4, H: 5, W: 7, KH: 3, KW: 2, Stride: 1, Pad: 2},
		{In: 12, Out: 2, H: 6, W: 6, KH: 1, KW: 1, Stride: 1},
		{In: 1, Out: 6, H: 12, W: 12, KH: 5, KW: 5, Stride: 1, Pad: 2},
		{In: 3, Out: 12, H: 7, W: 5, KH: 3, KW: 4, Stride: 1, Pad: 3},
		{In: 2, Out: 3, H: 4, W: 5, KH: 2, KW: 2, Stride: 1, Pad: 7}, // padding far wider than the window
		{In: 6, Out: 16, H: 14, W: 14, KH: 5, KW: 5, Stride: 1},
	}
	var e Engine
	for _, g := range geoms {
		if err := e.SetGeometry(g); err != nil {
			t.Fatal(err)
		}
		if !e.dxByLanes(1) {
			t.Fatalf("%+v: dx not by lanes", g)
		}
		fw := e.forwardByLanes(1)
		if e.skipDx = true; e.backwardPass() != passLanesDW {
			t.Fatalf("%+v: dW not by lanes", g)
		}
		for _, n := range []int{1, 16, 17, 35} {
			x, w, b := randn(rng, n*g.InLen()), randn(rng, g.WeightLen()), randn(rng, g.Out)
			dy := randn(rng, n*g.OutLen())
			wy, wdx, wdw, wdb := ref(g, x, w, b, dy, n)
			my, mdx, mdw, mdb := ref(g, abs(x), abs(w), abs(b), abs(dy), n)
			var first, firstY, firstDW []float32
			for _, threads := range []int{1, 3} {
				name := fmt.Sprintf("%+v, batch %d, %d threads", g, n, threads)
				func() {
					defer parallel.SetThreads(parallel.SetThreads(threads))
					y := filled(n*g.OutLen(), nan)
					e.Forward(y, x, w, b, n)
					if fw != (e.pass == passLanes) {
						t.Fatalf("%s: forward by %v", name, e.pass)
					}
					if err := closeTo64(y, wy, my, 1e-5); err != nil {
						t.Fatalf("%s: y: %v", name, err)
					}
					if firstY == nil {
						firstY = y
					} else {
						for i := range y {
							if y[i] != firstY[i] {
								t.Fatalf("%s: y[%d] = %v, with 1 thread %v", name, i, y[i], firstY[i])
							}
						}
					}
					dx := filled(len(x), nan)
					dw, db := make([]float32, len(w)), make([]float32, g.Out)
					e.Backward(dx, dw, db, dy, x, w, n)
					if err := closeTo64(dw, wdw, mdw, 1e-5); err != nil {
						t.Fatalf("%s: dw: %v", name, err)
					}
					if err := closeTo64(db, wdb, mdb, 1e-5); err != nil {
						t.Fatalf("%s: db: %v", name, err)
					}
					if firstDW == nil {
						firstDW = append(dw, db...)
					} else {
						for i, v := range append(dw, db...) {
							if v != firstDW[i] {
								t.Fatalf("%s: dw/db[%d] = %v, with 1 thread %v", name, i, v, firstDW[i])
							}
						}
					}
					if e.pass != passLanesDx {
						t.Fatalf("%s: last pass %v", name, e.pass)
					}
					if err := closeTo64(dx, wdx, mdx, 1e-5); err != nil {
						t.Fatalf("%s: dx: %v", name, err)
					}
					if first == nil {
						first = dx
						return
					}
					for i := range dx {
						if dx[i] != first[i] {
							t.Fatalf("%s: dx[%d] = %v, with 1 thread %v", name, i, dx[i], first[i])
						}
					}
				}()
			}
		}
	}
}

// TestLanesStaleSamples: a short group after a full one must not pick up
// the earlier group's samples, not even an Inf that a zero would turn
// into NaN.
func TestLanesStaleSamples(t *testing.T) {
	setDx(t, 2)
	setLanes(t, 1)
	g := Geometry{In: 1, Out: 6, H: 8, W: 8, KH: 3, KW: 3, Stride: 1, Pad: 1}
	var e Engine
	if err := e.SetGeometry(g); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(4, 0))
	w := randn(rng, g.WeightLen())
	for _, n := range []int{16, 3} {
		x, dy := randn(rng, n*g.InLen()), randn(rng, n*g.OutLen())
		if n == 16 {
			for i := range x {
				x[i] = float32(math.Inf(1))
			}
		}
		dw, db, dx := make([]float32, len(w)), make([]float32, g.Out), make([]float32, len(x))
		e.Backward(dx, dw, db, dy, x, w, n)
		if n == 16 {
			continue
		}
		_, _, wdw, _ := ref(g, x, w, randn(rng, g.Out), dy, n)
		_, _, mdw, _ := ref(g, abs(x), abs(w), make([]float32, g.Out), abs(dy), n)
		if err := closeTo64(dw, wdw, mdw, 1e-5); err != nil {
			t.Fatalf("short group after a group of Inf: dw: %v", err)
		}
	}
}

// TestLanesFull: the lanes paths take a batch that fills three quarters
// of its groups' lanes.
func TestLanesFull(t *testing.T) {
	for n, want := range map[int]bool{1: false, 11: false, 12: true, 16: true, 17: false, 23: false, 24: true, 32: true, 50: true, 64: true} {
		if got := lanesFull(n); got != want {
			t.Errorf("lanesFull(%d) = %v, want %v", n, got, want)
		}
	}
}
