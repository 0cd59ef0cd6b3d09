package conv

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/corten-ml/corten/kernels"
	"github.com/corten-ml/corten/parallel"
)

// TestDotsReference checks the weight gradient by dot products (weightGrad)
// against the definition for filter counts that fill blocks of six, leave
// a padded block of three to five and leave one or two for single dot
// products, tap counts that do and do not fill blocks of four, with and
// without padding, in one chunk and in several, on one thread and three,
// with the assembly kernels and without. Gradients start at 0.5, so that
// they must be accumulated into.
func TestDotsReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 0))
	defer parallel.SetThreads(parallel.SetThreads(1))
	for _, c := range []testCase{
		{5, 1, 10, 10, 6, 5, 5, 1, 2}, // LeNet's first, on a smaller image
		{4, 1, 9, 8, 1, 3, 3, 1, 1},
		{4, 2, 7, 9, 2, 2, 3, 1, 0},
		{3, 1, 8, 8, 3, 3, 3, 1, 1},
		{3, 2, 6, 7, 4, 2, 2, 1, 2},
		{5, 1, 7, 7, 7, 3, 3, 1, 0},
		{3, 3, 8, 6, 8, 3, 3, 1, 1},
		{3, 2, 6, 6, 13, 2, 2, 1, 1},
		{4, 1, 12, 12, 16, 5, 5, 1, 2},
		{2, 3, 9, 9, 16, 1, 1, 1, 0},
	} {
		g := c.geometry()
		for _, simd := range []bool{true, false} {
			for _, chunk := range []int{64 << 10, 1, 300} {
				for _, threads := range []int{1, 3} {
					was := kernels.SetSIMD(simd)
					parallel.SetThreads(threads)
					setKnobs(t, chunk, 1<<30, directMode, directFloats)
					setLanes(t, -1)
					name := fmt.Sprintf("%+v, SIMD %v, chunk %d, %d threads", c, simd, chunk, threads)
					var e Engine
					if err := e.SetGeometry(g); err != nil {
						t.Fatal(err)
					}
					w, x := randn(rng, g.WeightLen()), randn(rng, c.n*g.InLen())
					dy := randn(rng, c.n*g.OutLen())
					_, _, wdw, wdb := ref(g, x, w, make([]float32, g.Out), dy, c.n)
					_, _, mdw, mdb := ref(g, abs(x), abs(w), make([]float32, g.Out), abs(dy), c.n)
					dw, db := filled(len(w), 0.5), filled(g.Out, 0.5)
					e.Backward(nil, dw, db, dy, x, w, c.n)
					kernels.SetSIMD(was)
					if e.pass != passDots {
						t.Fatalf("%s: backward by %v, want %v", name, e.pass, passDots)
					}
					if chunk < 64<<10 && e.chunks < 2 {
						t.Fatalf("%s: %d chunk, want several", name, e.chunks)
					}
					for i := range wdw {
						wdw[i] += 0.5
					}
					for i := range wdb {
						wdb[i] += 0.5
					}
					if err := closeTo64(dw, wdw, mdw, 1e-5); err != nil {
						t.Errorf("%s: dw: %v", name, err)
					}
					if err := closeTo64(db, wdb, mdb, 1e-5); err != nil {
						t.Errorf("%s: db: %v", name, err)
					}
				}
			}
		}
	}
}
