package conv

import (
	"fmt"
	"github.com/corten-ml/corten/parallel"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/corten-ml/corten/internal/allocs"
	"github.com/corten-ml/corten/kernels"
)

// testCase is a geometry and a batch size.
type testCase struct{ n, in, h, w, out, kh, kw, s, pad int }

func (c testCase) geometry() Geometry {
	return Geometry{In: c.in, Out: c.out, H: c.h, W: c.w, KH: c.kh, KW: c.kw, Stride: c.s, Pad: c.pad}
}

// cases covers both lowerings (stride 1 is "wide"), padding wider than
// the kernel's reach, windows that do not tile the input, 1x1, and
// non-square windows.
var cases = []testCase{
	{2, 2, 6, 5, 3, 3, 3, 1, 1},
	{3, 3, 7, 7, 2, 3, 3, 2, 1},
	{2, 1, 8, 8, 6, 5, 5, 1, 2},
	{2, 2, 6, 6, 2, 2, 2, 2, 0},
	{3, 2, 4, 4, 3, 1, 1, 1, 0},
	{1, 2, 5, 6, 2, 4, 4, 3, 2},
	{2, 1, 3, 3, 2, 3, 3, 1, 3}, // every output of the border ring is bias only
	{2, 3, 9, 4, 4, 3, 3, 1, 0},
	{3, 2, 7, 6, 13, 3, 3, 1, 1},  // direct, positions x channels with padding filters
	{2, 3, 9, 10, 32, 7, 7, 1, 2}, // direct: two blocks of channels and of kernel columns
	{2, 2, 5, 5, 16, 1, 1, 1, 0},
	{2, 6, 10, 10, 16, 5, 5, 1, 0}, // LeNet's second, on a smaller image (shorter float32 sums)
	{2, 2, 7, 6, 3, 3, 2, 1, 1},    // non-square windows
	{2, 3, 8, 9, 16, 2, 5, 1, 2},
	{2, 2, 9, 7, 5, 4, 2, 2, 1},
	{1, 2, 6, 6, 40, 3, 3, 1, 1},  // more filters than the direct path takes
	{2, 1, 10, 10, 6, 5, 5, 1, 2}, // windows: LeNet's first, on a smaller image
	{2, 3, 5, 10, 13, 5, 5, 1, 2}, // windows with padding filters
	{2, 6, 9, 9, 16, 5, 5, 1, 0},  // windows: LeNet's second, on a smaller image
}

// paths are the settings under which the reference tests run, so that
// every stride-1 case is computed by every path whatever the CPU: dotMax
// (0: GEMM; large: axpys or dot products), directMode, windowMode and
// dxMode.
var paths = []struct{ dots, direct, window, dx, lanes int }{
	{0, -1, -1, -1, -1}, {1 << 30, -1, -1, -1, -1}, {0, 1, -1, -1, -1}, {0, 1, 1, -1, -1},
	{0, -1, -1, 1, -1}, {1 << 30, 1, -1, 1, -1}, {0, 1, 1, 1, -1}, {0, 1, 1, 2, 1}, {1 << 30, -1, -1, 2, 1},
}

// setKnobs sets the tuning variables until the test ends; the window path
// is taken where the direct path is, unless setWindow says otherwise.
func setKnobs(t *testing.T, chunk, dots, direct, directChunk int) {
	c, d, m, f, wm := chunkFloats, dotMax, directMode, directFloats, windowMode
	t.Cleanup(func() { chunkFloats, dotMax, directMode, directFloats, windowMode = c, d, m, f, wm })
	chunkFloats, dotMax, directMode, directFloats, windowMode = chunk, dots, direct, directChunk, direct
}

// setDx sets dxMode until the test ends.
func setDx(t *testing.T, mode int) {
	m := dxMode
	t.Cleanup(func() { dxMode = m })
	dxMode = mode
}

// setLanes sets lanesMode and lanesDWMode until the test ends.
func setLanes(t *testing.T, mode int) {
	m, d := lanesMode, lanesDWMode
	t.Cleanup(func() { lanesMode, lanesDWMode = m, d })
	lanesMode, lanesDWMode = mode, mode
}

// setWindow sets windowMode until the test ends.
func setWindow(t *testing.T, mode int) {
	wm := windowMode
	t.Cleanup(func() { windowMode = wm })
	windowMode = mode
}

// TestReference compares the output and all gradients with the
// definition, under every path, with the batch in one chunk and in chunks
// of one and of a few samples, with and without dx, and with a smaller
// batch after a larger one. Outputs start as NaN, so that every element
// must be written; gradients of the parameters start at 0.5, so that they
// must be accumulated into.
func TestReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 0))
	for _, chunk := range []int{64 << 10, 1, 300} {
		for _, path := range paths {
			setKnobs(t, chunk, path.dots, path.direct, chunk)
			setWindow(t, path.window)
			setDx(t, path.dx)
			setLanes(t, path.lanes)
			for _, c := range cases {
				g := c.geometry()
				w, b := randn(rng, g.WeightLen()), randn(rng, g.Out)
				var e Engine
				if err := e.SetGeometry(g); err != nil {
					t.Fatal(err)
				}
				for _, n := range []int{c.n, 1} {
					for _, skip := range []bool{false, true} {
						name := fmt.Sprintf("chunk %d, path %+v, %+v, batch %d, skip dx %v", chunk, path, c, n, skip)
						x := randn(rng, n*g.InLen())
						y := filled(n*g.OutLen(), nan)
						e.Forward(y, x, w, b, n)
						dy := randn(rng, len(y))
						wy, wdx, wdw, wdb := ref(g, x, w, b, dy, n)
						my, mdx, mdw, mdb := ref(g, abs(x), abs(w), abs(b), abs(dy), n)
						var dx []float32
						if !skip {
							dx = filled(len(x), nan)
						}
						dw, db := filled(len(w), 0.5), filled(g.Out, 0.5)
						e.Backward(dx, dw, db, dy, x, w, n)
						for i := range wdw {
							wdw[i] += 0.5
						}
						for i := range wdb {
							wdb[i] += 0.5
						}
						type result struct {
							what string
							got  []float32
							want []float64
							mag  []float64
						}
						check := []result{{"y", y, wy, my}, {"dw", dw, wdw, mdw}, {"db", db, wdb, mdb}}
						if !skip {
							check = append(check, result{"dx", dx, wdx, mdx})
						}
						for _, r := range check {
							if err := closeTo64(r.got, r.want, r.mag, 1e-5); err != nil {
								t.Errorf("%s: %s: %v", name, r.what, err)
							}
						}
					}
				}
			}
		}
	}
}

// TestThreads: the chunks may run on several goroutines, and every output
// and gradient is bit for bit the same for any number of them.
func TestThreads(t *testing.T) {
	setKnobs(t, 200, dotMax, directMode, 200)
	defer parallel.SetThreads(parallel.SetThreads(1))
	for _, g := range []Geometry{
		{In: 2, Out: 3, H: 9, W: 8, KH: 3, KW: 3, Stride: 1, Pad: 1},
		{In: 2, Out: 3, H: 9, W: 8, KH: 3, KW: 3, Stride: 2, Pad: 1},
		{In: 2, Out: 16, H: 9, W: 8, KH: 3, KW: 3, Stride: 1, Pad: 1},
		{In: 3, Out: 16, H: 14, W: 14, KH: 5, KW: 5, Stride: 1},
		{In: 1, Out: 6, H: 10, W: 10, KH: 5, KW: 5, Stride: 1, Pad: 2},
	} {
		for _, skip := range []bool{false, true} {
			var want [][]float32
			for _, threads := range []int{1, 2, 3, 8} {
				parallel.SetThreads(threads)
				const n = 7
				rng := rand.New(rand.NewPCG(3, 0))
				w, b, x := randn(rng, g.WeightLen()), randn(rng, g.Out), randn(rng, n*g.InLen())
				dy := randn(rng, n*g.OutLen())
				var e Engine
				if err := e.SetGeometry(g); err != nil {
					t.Fatal(err)
				}
				y := make([]float32, len(dy))
				e.Forward(y, x, w, b, n)
				var dx []float32
				if !skip {
					dx = make([]float32, len(x))
				}
				dw, db := make([]float32, len(w)), make([]float32, len(b))
				e.Backward(dx, dw, db, dy, x, w, n)
				got := [][]float32{y, dx, dw, db}
				if want == nil {
					want = got
					continue
				}
				for i := range got {
					for j := range got[i] {
						if got[i][j] != want[i][j] {
							t.Fatalf("%+v skip %v, %d threads: result %d element %d = %v, with 1 thread %v", g, skip, threads, i, j, got[i][j], want[i][j])
						}
					}
				}
			}
		}
	}
}

// TestPassChoice checks which way each pass is computed: directly for
// small stride-1 convolutions where the tiles have assembly (and, for the
// weight gradient, where the positions x channels tiles suit the filter
// count), by axpys and dot products for tiny ones elsewhere, else by GEMM.
func TestPassChoice(t *testing.T) {
	lenet1 := Geometry{In: 1, Out: 6, H: 28, W: 28, KH: 5, KW: 5, Stride: 1, Pad: 2}
	lenet2 := Geometry{In: 6, Out: 16, H: 14, W: 14, KH: 5, KW: 5, Stride: 1}
	wide := Geometry{In: 3, Out: 40, H: 8, W: 8, KH: 3, KW: 3, Stride: 1, Pad: 1}
	strided := Geometry{In: 1, Out: 4, H: 8, W: 8, KH: 3, KW: 3, Stride: 2}
	tiny := Geometry{In: 1, Out: 4, H: 8, W: 8, KH: 3, KW: 3, Stride: 1}
	// Without dx, dot products come before the windows where Dots6x4 has
	// assembly.
	lenet1Back := passWindowBack
	if kernels.DotsSIMD() {
		lenet1Back = passDots
	}
	for _, c := range []struct {
		g        Geometry
		direct   int
		window   int
		skipDx   bool
		fwd, bwd pass
	}{
		{lenet1, 1, -1, true, passDirect, passDots},
		{lenet1, 1, -1, false, passDirect, passGemmBack},
		{lenet1, -1, -1, true, passAxpy, passDots},
		{lenet1, 1, 1, true, passDirect, lenet1Back},
		{lenet1, 1, 1, false, passDirect, passWindowBack},
		{lenet2, 1, -1, false, passDirect, passDirectBack},
		{lenet2, 1, -1, true, passDirect, passDirectBack},
		{lenet2, 1, 1, false, passWindow, passWindowBack},
		{lenet2, -1, -1, false, passGemm, passGemmBack},
		{wide, 1, 1, false, passGemm, passGemmBack},
		{strided, 1, 1, true, passGemm, passGemmBack},
		{tiny, -1, -1, false, passAxpy, passGemmBack},
		{tiny, -1, -1, true, passAxpy, passDots},
	} {
		setKnobs(t, chunkFloats, dotMax, c.direct, directFloats)
		setWindow(t, c.window)
		setDx(t, -1)
		setLanes(t, -1)
		var e Engine
		if err := e.SetGeometry(c.g); err != nil {
			t.Fatal(err)
		}
		const n = 2
		x, w, b := make([]float32, n*c.g.InLen()), make([]float32, c.g.WeightLen()), make([]float32, c.g.Out)
		y := make([]float32, n*c.g.OutLen())
		e.Forward(y, x, w, b, n)
		if e.pass != c.fwd {
			t.Errorf("%+v, direct %d: forward by %v, want %v", c.g, c.direct, e.pass, c.fwd)
		}
		var dx []float32
		if !c.skipDx {
			dx = make([]float32, len(x))
		}
		e.Backward(dx, make([]float32, len(w)), make([]float32, len(b)), y, x, w, n)
		if e.pass != c.bwd {
			t.Errorf("%+v, direct %d, skip dx %v: backward by %v, want %v", c.g, c.direct, c.skipDx, e.pass, c.bwd)
		}
	}
	// The input gradient is the transposed convolution where that runs on
	// the window kernels or the channels x positions tiles.
	setKnobs(t, chunkFloats, dotMax, 1, directFloats)
	setWindow(t, 1)
	setDx(t, 0)
	for _, c := range []struct {
		g    Geometry
		want bool
	}{
		{lenet2, true}, // transposed: 16 -> 6 channels, 14 x 14
		{Geometry{In: 16, Out: 32, H: 16, W: 16, KH: 3, KW: 3, Stride: 1, Pad: 1}, false},
		{strided, false},
		{Geometry{In: 2, Out: 3, H: 8, W: 8, KH: 3, KW: 2, Stride: 1}, false}, // not square
		{Geometry{In: 2, Out: 3, H: 8, W: 8, KH: 3, KW: 3, Stride: 1, Pad: 3}, false},
	} {
		var e Engine
		if err := e.SetGeometry(c.g); err != nil {
			t.Fatal(err)
		}
		if got := e.dxByConv(); got != c.want {
			t.Errorf("%+v: dx by the transposed convolution %v, want %v", c.g, got, c.want)
		}
	}
	// The forward pass in sample lanes where ConvStrip has assembly, for
	// stride 1, up to twelve filters and whole tiles of four columns.
	setLanes(t, 0)
	for _, c := range []struct {
		g    Geometry
		want bool
	}{
		{lenet1, kernels.ConvStripSIMD()},
		{lenet2, false}, // sixteen filters
		{Geometry{In: 2, Out: 6, H: 9, W: 9, KH: 3, KW: 3, Stride: 1}, false}, // 7 columns
		{strided, false},
	} {
		var e Engine
		if err := e.SetGeometry(c.g); err != nil {
			t.Fatal(err)
		}
		if got := e.forwardByLanes(64); got != c.want {
			t.Errorf("%+v: forward in sample lanes %v, want %v", c.g, got, c.want)
		}
		if e.forwardByLanes(1) || e.forwardByLanes(20) || e.dxByLanes(1) {
			t.Errorf("%+v: lanes chosen for a batch of 1 or 20, which fills a quarter or 5/8 of the lanes", c.g)
		}
	}
	// In sample lanes where ConvStrip has assembly, for stride 1 and up to
	// twelve input channels.
	for _, c := range []struct {
		g    Geometry
		want bool
	}{
		{lenet2, kernels.ConvStripSIMD()},
		{Geometry{In: 13, Out: 8, H: 8, W: 8, KH: 3, KW: 3, Stride: 1, Pad: 1}, false},
		{strided, false},
		{Geometry{In: 2, Out: 512, H: 64, W: 64, KH: 3, KW: 3, Stride: 1, Pad: 1}, false}, // dy of a group too large
	} {
		var e Engine
		if err := e.SetGeometry(c.g); err != nil {
			t.Fatal(err)
		}
		if got := e.dxByLanes(64); got != c.want {
			t.Errorf("%+v: dx in sample lanes %v, want %v", c.g, got, c.want)
		}
	}
	// By default the direct path is taken where ConvTile has assembly,
	// and LeNet's first layer without dx takes the dot products in sample
	// lanes where Dots6x4 has assembly, else the windows where they have.
	setKnobs(t, chunkFloats, dotMax, 0, directFloats)
	setLanes(t, 0)
	for _, simd := range []bool{true, false} {
		was := kernels.SetSIMD(simd)
		var e1 Engine
		if err := e1.SetGeometry(lenet1); err != nil {
			t.Fatal(err)
		}
		e1.skipDx, e1.n = true, 64
		want1 := passLanesDW
		switch {
		case kernels.DotsSIMD():
		case kernels.ConvWindowSIMD():
			want1 = passWindowBack
		default:
			want1 = passDots
		}
		if got := e1.backwardPass(); got != want1 {
			t.Errorf("SIMD %v (Dots6x4 SIMD %v): LeNet's first layer backward without dx by %v, want %v", simd, kernels.DotsSIMD(), got, want1)
		}
		var e Engine
		if err := e.SetGeometry(lenet2); err != nil {
			t.Fatal(err)
		}
		want := passGemm
		switch {
		case kernels.ConvWindowSIMD():
			want = passWindow
		case kernels.ConvTileSIMD():
			want = passDirect
		}
		if got := e.forwardPass(); got != want {
			t.Errorf("SIMD %v (ConvTile SIMD %v): LeNet's second layer forward by %v, want %v", simd, kernels.ConvTileSIMD(), got, want)
		}
		kernels.SetSIMD(was)
	}
}

// TestAllocs: after the first passes of a batch size, Forward and Backward
// allocate nothing, on every path, in one chunk or several of uneven size,
// on one thread or several, and when the batch size changes back and forth.
func TestAllocs(t *testing.T) {
	for _, threads := range []int{1, 3} {
		defer parallel.SetThreads(parallel.SetThreads(threads))
		for _, chunk := range []int{64 << 10, 700} {
			for _, path := range paths {
				setKnobs(t, chunk, path.dots, path.direct, chunk)
				setWindow(t, path.window)
				setDx(t, path.dx)
				setLanes(t, path.lanes)
				for _, c := range []testCase{
					{8, 1, 12, 12, 6, 5, 5, 1, 2},
					{8, 4, 8, 8, 16, 3, 3, 1, 0},
					{8, 3, 9, 9, 5, 3, 3, 2, 1},
				} {
					for _, skip := range []bool{false, true} {
						g := c.geometry()
						rng := rand.New(rand.NewPCG(1, 0))
						w, b, x := randn(rng, g.WeightLen()), randn(rng, g.Out), randn(rng, c.n*g.InLen())
						y, dy := make([]float32, c.n*g.OutLen()), randn(rng, c.n*g.OutLen())
						dx, dw, db := make([]float32, len(x)), make([]float32, len(w)), make([]float32, len(b))
						var e Engine
						step := func(n int) {
							if err := e.SetGeometry(g); err != nil {
								t.Fatal(err)
							}
							e.Forward(y[:n*g.OutLen()], x[:n*g.InLen()], w, b, n)
							dxn := dx[:n*g.InLen()]
							if skip {
								dxn = nil
							}
							e.Backward(dxn, dw, db, dy[:n*g.OutLen()], x[:n*g.InLen()], w, n)
						}
						step(c.n)
						step(5)
						if a := allocs.Steady(3, 5, func() { step(c.n); step(5) }); a != 0 {
							t.Errorf("threads %d, chunk %d, path %+v, %+v, skip dx %v: a step allocates %v times, want 0", threads, chunk, path, c, skip, a)
						}
					}
				}
			}
		}
	}
}

// TestPanics: programmer errors panic with the sizes involved.
func TestPanics(t *testing.T) {
	g := Geometry{In: 2, Out: 3, H: 5, W: 5, KH: 3, KW: 3, Stride: 1}
	var e Engine
	mustPanic(t, "conv: Forward before SetGeometry", func() { e.Forward(nil, nil, nil, nil, 1) })
	if err := e.SetGeometry(g); err != nil {
		t.Fatal(err)
	}
	y, x, w, b := make([]float32, 2*27), make([]float32, 2*50), make([]float32, 54), make([]float32, 3)
	mustPanic(t, "conv: Forward: len(y) = 53, want 54 for 2 samples", func() { e.Forward(y[:53], x, w, b, 2) })
	mustPanic(t, "conv: Forward: len(x) = 50, want 100 for 2 samples", func() { e.Forward(y, x[:50], w, b, 2) })
	mustPanic(t, "conv: Forward: len(w) = 53, want 54", func() { e.Forward(y, x, w[:53], b, 2) })
	mustPanic(t, "conv: Forward: len(b) = 2, want 3", func() { e.Forward(y, x, w, b[:2], 2) })
	mustPanic(t, "conv: Forward: batch of -1 samples", func() { e.Forward(y, x, w, b, -1) })
	mustPanic(t, "conv: Backward: len(dw) = 53, want 54", func() { e.Backward(nil, w[:53], b, y, x, w, 2) })
	mustPanic(t, "conv: Backward: len(dx) = 99, want 100", func() { e.Backward(x[:99], w, b, y, x, w, 2) })
	mustPanic(t, "conv: Backward: len(dy) = 27, want 54 for 2 samples", func() { e.Backward(nil, w, b, y[:27], x, w, 2) })
	// An empty batch computes nothing.
	e.Forward(nil, nil, w, b, 0)
	e.Backward(nil, w, b, nil, nil, w, 0)
}

func mustPanic(t *testing.T, want string, f func()) {
	t.Helper()
	defer func() {
		t.Helper()
		r := recover()
		if r == nil {
			t.Fatalf("no panic, want one containing %q", want)
		}
		if msg := fmt.Sprint(r); !strings.Contains(msg, want) {
			t.Fatalf("panic %q, want it to contain %q", msg, want)
		}
	}()
	f()
}

// TestPathsRandom runs every path setting (see paths) on random small
// stride-1 and strided geometries (kernels wider or taller than the input,
// padding wider than the kernel, one sample to two groups of the lanes)
// against the definition.
func TestPathsRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 0))
	for _, path := range paths {
		setKnobs(t, chunkFloats, path.dots, path.direct, directFloats)
		setWindow(t, path.window)
		setDx(t, path.dx)
		setLanes(t, path.lanes)
		for iter := 0; iter < 40; iter++ {
			g := Geometry{In: 1 + rng.IntN(7), Out: 1 + rng.IntN(18), H: 1 + rng.IntN(11), W: 1 + rng.IntN(11),
				KH: 1 + rng.IntN(5), KW: 1 + rng.IntN(5), Stride: 1, Pad: rng.IntN(7)}
			if iter%4 == 3 {
				g.Stride = 2
			}
			if g.Validate() != nil {
				continue
			}
			var e Engine
			if err := e.SetGeometry(g); err != nil {
				t.Fatal(err)
			}
			n := 1 + rng.IntN(20)
			x, w, b := randn(rng, n*g.InLen()), randn(rng, g.WeightLen()), randn(rng, g.Out)
			dy := randn(rng, n*g.OutLen())
			wy, wdx, wdw, wdb := ref(g, x, w, b, dy, n)
			my, mdx, mdw, mdb := ref(g, abs(x), abs(w), abs(b), abs(dy), n)
			y := filled(n*g.OutLen(), nan)
			e.Forward(y, x, w, b, n)
			dx, dw, db := filled(len(x), nan), make([]float32, len(w)), make([]float32, g.Out)
			e.Backward(dx, dw, db, dy, x, w, n)
			for _, r := range []struct {
				what      string
				got       []float32
				want, mag []float64
			}{{"y", y, wy, my}, {"dx", dx, wdx, mdx}, {"dw", dw, wdw, mdw}, {"db", db, wdb, mdb}} {
				if err := closeTo64(r.got, r.want, r.mag, 1e-5); err != nil {
					t.Fatalf("path %+v, %+v, batch %d: %s: %v", path, g, n, r.what, err)
				}
			}
		}
	}
}
