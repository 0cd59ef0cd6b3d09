package nn

import (
	"fmt"
	"github.com/corten-ml/corten/parallel"
	"math"
	"testing"

	"github.com/corten-ml/corten/conv"
	"github.com/corten-ml/corten/tensor"
)

// poolRef is the definition of max and average pooling, and the input
// gradient for the upstream gradient dy (max: to the first maximum).
func poolRef(maxPool bool, x, dy []float32, planes, h, w, k, s int) (y, dx []float64) {
	oh, ow := conv.OutSize(h, k, s, 0), conv.OutSize(w, k, s, 0)
	y = make([]float64, planes*oh*ow)
	dx = make([]float64, len(x))
	for pl := 0; pl < planes; pl++ {
		for p := 0; p < oh; p++ {
			for q := 0; q < ow; q++ {
				yi := (pl*oh+p)*ow + q
				best, bi, sum := math.Inf(-1), -1, 0.0
				for u := 0; u < k; u++ {
					for v := 0; v < k; v++ {
						xi := (pl*h+p*s+u)*w + q*s + v
						if float64(x[xi]) > best {
							best, bi = float64(x[xi]), xi
						}
						sum += float64(x[xi])
					}
				}
				if maxPool {
					y[yi] = best
					dx[bi] += float64(dy[yi])
					continue
				}
				y[yi] = sum / float64(k*k)
				for u := 0; u < k; u++ {
					for v := 0; v < k; v++ {
						dx[(pl*h+p*s+u)*w+q*s+v] += float64(dy[yi]) / float64(k*k)
					}
				}
			}
		}
	}
	return
}

var poolCases = []struct{ n, c, h, w, k, s int }{
	{2, 3, 4, 5, 2, 2}, // odd width: the last column is dropped
	{1, 2, 7, 7, 3, 2}, // overlapping windows
	{2, 1, 5, 4, 2, 1},
	{1, 2, 6, 9, 3, 3},
	{1, 1, 3, 3, 3, 1}, // one window
}

func TestPoolReference(t *testing.T) {
	rng := tensor.NewRand(6)
	for _, maxPool := range []bool{true, false} {
		for _, c := range poolCases {
			var l Layer = NewAvgPool2D(c.k, c.s)
			if maxPool {
				l = NewMaxPool2D(c.k, c.s)
			}
			for _, n := range []int{c.n, 1} {
				name := fmt.Sprintf("%s %+v batch %d", l.Spec(), c, n)
				x := tensor.RandN(rng, 0, 1, n, c.c, c.h, c.w)
				y := l.Forward(x)
				dy := tensor.RandN(rng, 0, 1, y.Shape()...)
				wy, wdx := poolRef(maxPool, x.Data(), dy.Data(), n*c.c, c.h, c.w, c.k, c.s)
				if err := closeTo64(y.Data(), wy, 1e-6); err != nil {
					t.Errorf("%s: y: %v", name, err)
				}
				if err := closeTo64(l.Backward(dy).Data(), wdx, 1e-6); err != nil {
					t.Errorf("%s: dx: %v", name, err)
				}
			}
		}
	}
}

func TestPoolGradCheck(t *testing.T) {
	rng := tensor.NewRand(8)
	for _, c := range poolCases[:4] {
		for _, l := range []Layer{NewMaxPool2D(c.k, c.s), NewAvgPool2D(c.k, c.s)} {
			x := tensor.RandN(rng, 0, 1, c.n, c.c, c.h, c.w)
			loss := MSELoss(tensor.RandN(rng, 0, 1, l.Forward(x).Shape()...))
			checkGrads(t, fmt.Sprintf("%s %+v", l.Spec(), c), l, x, loss)
		}
	}
}

// TestMaxPoolTiesAndNaN: equal values send the gradient to the first of
// them (row-major), as PyTorch does; a NaN makes its window's output NaN.
func TestMaxPoolTiesAndNaN(t *testing.T) {
	for _, k := range []int{2, 3} { // the kernels' 2x2 path and the general one
		l := NewMaxPool2D(k, k)
		x := tensor.New(1, 1, k, k) // all zeros: a tie everywhere
		l.Forward(x)
		dx := l.Backward(tensor.Full(1, 1, 1, 1, 1)).Data()
		if dx[0] != 1 || sum(tensor.FromSlice(dx, len(dx))) != 1 {
			t.Errorf("k %d: tie gradient %v, want it all on the first element", k, dx)
		}
		x.Data()[len(x.Data())-1] = float32(math.NaN())
		if y := l.Forward(x).Data()[0]; !math.IsNaN(float64(y)) {
			t.Errorf("k %d: max with a NaN last = %v, want NaN", k, y)
		}
		// As in PyTorch, the NaN is the window's maximum for the gradient
		// too.
		if dx := l.Backward(tensor.Full(1, 1, 1, 1, 1)).Data(); dx[len(dx)-1] != 1 {
			t.Errorf("k %d: NaN last: gradient %v, want it on the NaN", k, dx)
		}
		x.Data()[1] = float32(math.NaN())
		l.Forward(x)
		if dx := l.Backward(tensor.Full(1, 1, 1, 1, 1)).Data(); dx[1] != 1 || dx[len(dx)-1] != 0 {
			t.Errorf("k %d: two NaNs: gradient %v, want it on the first", k, dx)
		}
		x.Fill(1)
		x.Data()[0] = float32(math.NaN())
		if y := l.Forward(x).Data()[0]; !math.IsNaN(float64(y)) {
			t.Errorf("k %d: max with a NaN first = %v, want NaN", k, y)
		}
		x.Fill(0)
		x.Data()[1], x.Data()[k] = float32(math.Inf(-1)), float32(math.Inf(1))
		if y := l.Forward(x).Data()[0]; !math.IsInf(float64(y), 1) {
			t.Errorf("k %d: max of ±Inf = %v, want +Inf", k, y)
		}
		x.Fill(0)
		x.Data()[0] = float32(math.Copysign(0, -1))
		if y := l.Forward(x).Data()[0]; !math.Signbit(float64(y)) {
			t.Errorf("k %d: max of -0 then +0s = %v, want the first, -0", k, y)
		}
		x.Fill(-1)
		x.Data()[1] = 5
		x.Data()[k] = 5
		l.Forward(x)
		if dx := l.Backward(tensor.Full(1, 1, 1, 1, 1)).Data(); dx[1] != 1 || dx[k] != 0 {
			t.Errorf("k %d: equal maxima: gradient %v, want it on element 1", k, dx)
		}
	}
}

func TestPoolPanics(t *testing.T) {
	for _, l := range []Layer{NewMaxPool2D(2, 0), NewAvgPool2D(2, 0)} {
		name := l.Spec()
		mustPanic(t, "input shape [4 6], want [N C H W]", func() { l.Forward(tensor.New(4, 6)) })
		mustPanic(t, "input shape [1 1 1 5]: conv: 1x5 input is smaller than the 2x2 window", func() { l.Forward(tensor.New(1, 1, 1, 5)) })
		mustPanic(t, "Backward before Forward", func() { l.Backward(tensor.New(1, 1, 2, 2)) })
		l.Forward(tensor.New(2, 3, 4, 5))
		mustPanic(t, "gradient shape [2 3 2 3], want [2 3 2 2]", func() { l.Backward(tensor.New(2, 3, 2, 3)) })
		if l.Params() != nil {
			t.Errorf("%s has parameters", name)
		}
	}
	mustPanic(t, "NewMaxPool2D(0, 1)", func() { NewMaxPool2D(0, 1) })
	mustPanic(t, "NewAvgPool2D(2, -1)", func() { NewAvgPool2D(2, -1) })
}

// TestPoolGolden compares with PyTorch's nn.MaxPool2d and nn.AvgPool2d.
func TestPoolGolden(t *testing.T) {
	f := loadConvFixtures(t)
	if len(f.Pool) == 0 {
		t.Fatal("no pooling cases")
	}
	for i, c := range f.Pool {
		var l Layer = NewAvgPool2D(c.Kernel, c.Stride)
		if c.Kind == "maxpool2d" {
			l = NewMaxPool2D(c.Kernel, c.Stride)
		}
		y := l.Forward(tensor.FromSlice(c.X, c.Shape...))
		if !sameShape(y.Shape(), c.YShape) {
			t.Fatalf("case %d: y shape %v, want %v", i, y.Shape(), c.YShape)
		}
		if err := closeTo(y.Data(), c.Y); err != nil {
			t.Errorf("case %d %s: y: %v", i, l.Spec(), err)
		}
		if err := closeTo(l.Backward(tensor.FromSlice(c.DY, c.YShape...)).Data(), c.DX); err != nil {
			t.Errorf("case %d %s: dx: %v", i, l.Spec(), err)
		}
	}
}

// TestMaxPoolThreads: a batch large enough to be split over goroutines
// gives the definition's result for any number of them.
func TestMaxPoolThreads(t *testing.T) {
	defer parallel.SetThreads(parallel.SetThreads(1))
	rng := tensor.NewRand(11)
	x := tensor.RandN(rng, 0, 1, 16, 6, 28, 28)
	tensor.ReLU(x, x) // ties at zero, as in a network
	for _, threads := range []int{1, 2, 3} {
		parallel.SetThreads(threads)
		l := NewMaxPool2D(2, 2)
		y := l.Forward(x)
		dy := tensor.RandN(rng, 0, 1, y.Shape()...)
		wy, wdx := poolRef(true, x.Data(), dy.Data(), 16*6, 28, 28, 2, 2)
		if err := closeTo64(y.Data(), wy, 0); err != nil {
			t.Errorf("%d threads: y: %v", threads, err)
		}
		if err := closeTo64(l.Backward(dy).Data(), wdx, 0); err != nil {
			t.Errorf("%d threads: dx: %v", threads, err)
		}
	}
}
