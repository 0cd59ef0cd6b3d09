package kernels

import (
	"fmt"
	"math/rand"
	"strings"
	"testing"
)

// fusedBoth runs f on the Go path over plain copies of the slices in and
// on the SIMD path over guarded copies at unaligned offsets, then checks
// the guards and that every slice, input or output, ends the same bit for
// bit (NaNs as equal).
func fusedBoth(t *testing.T, what string, off int, in [][]float32, f func(s [][]float32)) {
	t.Helper()
	want := make([][]float32, len(in))
	for i, s := range in {
		want[i] = append([]float32(nil), s...)
	}
	was := SetSIMD(false)
	defer SetSIMD(was)
	f(want)
	got, backs := make([][]float32, len(in)), make([][]float32, len(in))
	for i, s := range in {
		got[i], backs[i] = copyInto(s, (off+i)%4)
	}
	SetSIMD(true)
	f(got)
	for i := range in {
		w := fmt.Sprintf("%s slice %d", what, i)
		checkGuards(t, w, backs[i], (off+i)%4, len(in[i]))
		checkSame(t, w, got[i], want[i])
	}
}

func needFused(t testing.TB) {
	t.Helper()
	if !fusedAsm || simdOps == nil {
		t.Skip("no SIMD kernels in this build or CPU")
	}
}

// fusedWidths covers every tail of the sixteen- and eight-lane loops and
// the sixteen lanes of the row sums, and a few longer rows.
var fusedWidths = func() []int {
	var l []int
	for n := 0; n <= 2*16+3; n++ {
		l = append(l, n)
	}
	return append(l, 31, 33, 64, 67, 130)
}()

func randSlice(r *rand.Rand, n int, specials bool) []float32 {
	s := make([]float32, n)
	if specials {
		fillMath(r, s)
	} else {
		fill(r, s, false)
	}
	return s
}

func TestLayerNormTails(t *testing.T) {
	needFused(t)
	gateVariants(func(wide bool) { testLayerNormTails(t, wide) })
}

func testLayerNormTails(t *testing.T, wide bool) {
	r := rand.New(rand.NewSource(11))
	for _, cols := range fusedWidths {
		for _, rows := range []int{1, 3} {
			for off := 0; off < 4; off++ {
				what := fmt.Sprintf("wide=%v cols=%d rows=%d off=%d", wide, cols, rows, off)
				n := rows * cols
				// A NaN or infinity in a row makes the whole row NaN, so
				// most rows hold ordinary values.
				x := randSlice(r, n, off == 3)
				for i := range x {
					x[i] = x[i]*3 + float32(off)
				}
				w, b := randSlice(r, cols, false), randSlice(r, cols, false)
				dy := randSlice(r, n, off == 2)
				in := [][]float32{make([]float32, n), x, w, b, make([]float32, rows), make([]float32, rows)}
				fusedBoth(t, "LayerNormRows "+what, off, in, func(s [][]float32) {
					LayerNormRows(s[0], s[1], s[2], s[3], cols, 1e-5, s[4], s[5])
				})
				fusedBoth(t, "LayerNormRows in place "+what, off, in[1:], func(s [][]float32) {
					LayerNormRows(s[0], s[0], s[1], s[2], cols, 1e-5, s[3], s[4])
				})
				mean, rstd := make([]float32, rows), make([]float32, rows)
				LayerNormRows(make([]float32, n), x, w, b, cols, 1e-5, mean, rstd)
				dw, db := randSlice(r, cols, false), randSlice(r, cols, false)
				in = [][]float32{make([]float32, n), dw, db, dy, x, w, mean, rstd}
				fusedBoth(t, "LayerNormRowsBackward "+what, off, in, func(s [][]float32) {
					LayerNormRowsBackward(s[0], s[1], s[2], s[3], s[4], s[5], cols, s[6], s[7])
				})
				fusedBoth(t, "LayerNormRowsBackward in place "+what, off, in[1:], func(s [][]float32) {
					LayerNormRowsBackward(s[2], s[0], s[1], s[2], s[3], s[4], cols, s[5], s[6])
				})
			}
		}
	}
}

// gateVariants runs f with each assembly variant of the gate and
// LayerNorm passes the CPU has, the wide one (AVX-512) first.
func gateVariants(f func(wide bool)) {
	was := fusedWide
	defer func() { fusedWide = was }()
	if was {
		f(true)
	}
	fusedWide = false
	f(false)
}

func TestGateTails(t *testing.T) {
	needFused(t)
	gateVariants(func(wide bool) { testGateTails(t, wide) })
}

// gateTailWidths adds to fusedWidths hidden sizes around the 32 columns
// of the AVX-512 backward steps (two groups at once) and the hidden 100
// of the benchmarks.
var gateTailWidths = append(fusedWidths[1:len(fusedWidths):len(fusedWidths)], 47, 48, 49, 63, 65, 95, 96, 97, 100)

func testGateTails(t *testing.T, wide bool) {
	r := rand.New(rand.NewSource(12))
	for _, hs := range gateTailWidths {
		for _, rows := range []int{1, 3} {
			for off := 0; off < 4; off++ {
				what := fmt.Sprintf("wide=%v hidden=%d rows=%d off=%d", wide, hs, rows, off)
				nh := rows * hs
				sp := off == 3
				g4 := randSlice(r, 4*nh, sp)
				for i := range g4 {
					g4[i] *= 6 // reach the saturation of the gates
				}
				cp := randSlice(r, nh, sp)
				in := [][]float32{g4, cp, make([]float32, nh), make([]float32, nh), make([]float32, nh)}
				fusedBoth(t, "LSTMGates "+what, off, in, func(s [][]float32) {
					LSTMGates(s[0], s[1], s[2], s[3], s[4], hs)
				})
				fusedBoth(t, "LSTMGates c = cPrev "+what, off, [][]float32{g4, cp, make([]float32, nh), make([]float32, nh)}, func(s [][]float32) {
					LSTMGates(s[0], s[1], s[1], s[2], s[3], hs)
				})
				act, tc := append([]float32(nil), g4...), make([]float32, nh)
				LSTMGates(act, cp, make([]float32, nh), tc, make([]float32, nh), hs)
				in = [][]float32{make([]float32, 4*nh), randSlice(r, nh, sp), randSlice(r, nh, sp), act, cp, tc}
				fusedBoth(t, "LSTMGatesBackward "+what, off, in, func(s [][]float32) {
					LSTMGatesBackward(s[0], s[1], s[2], s[3], s[4], s[5], hs)
				})

				g3, gh := randSlice(r, 3*nh, sp), randSlice(r, 3*nh, sp)
				for i := range g3 {
					g3[i] *= 6
				}
				hp := randSlice(r, nh, sp)
				in = [][]float32{g3, gh, hp, make([]float32, nh)}
				fusedBoth(t, "GRUGates "+what, off, in, func(s [][]float32) {
					GRUGates(s[0], s[1], s[2], s[3], hs)
				})
				act = append([]float32(nil), g3...)
				GRUGates(act, gh, hp, make([]float32, nh), hs)
				in = [][]float32{make([]float32, 3*nh), make([]float32, 3*nh), make([]float32, nh), randSlice(r, nh, sp), act, gh, hp}
				fusedBoth(t, "GRUGatesBackward "+what, off, in, func(s [][]float32) {
					GRUGatesBackward(s[0], s[1], s[2], s[3], s[4], s[5], s[6], hs)
				})
			}
		}
	}
}

// mustPanicWith checks that f panics with a message holding every part.
func mustPanicWith(t *testing.T, f func(), parts ...string) {
	t.Helper()
	defer func() {
		t.Helper()
		e := recover()
		if e == nil {
			t.Fatalf("no panic, want one mentioning %q", parts)
		}
		msg := fmt.Sprint(e)
		for _, p := range parts {
			if !strings.Contains(msg, p) {
				t.Fatalf("panic %q does not mention %q", msg, p)
			}
		}
	}()
	f()
}

func TestFusedPanics(t *testing.T) {
	s := func(n int) []float32 { return make([]float32, n) }
	mustPanicWith(t, func() { LayerNormRows(s(12), s(12), s(5), s(4), 4, 1e-5, s(3), s(3)) }, "5", "4")
	mustPanicWith(t, func() { LayerNormRows(s(12), s(12), s(4), s(3), 4, 1e-5, s(3), s(3)) }, "3", "4")
	mustPanicWith(t, func() { LayerNormRows(s(11), s(12), s(4), s(4), 4, 1e-5, s(3), s(3)) }, "11", "12")
	mustPanicWith(t, func() { LayerNormRows(s(13), s(13), s(4), s(4), 4, 1e-5, s(3), s(3)) }, "13", "4")
	mustPanicWith(t, func() { LayerNormRows(s(12), s(12), s(4), s(4), 4, 1e-5, s(2), s(3)) }, "2 means", "3 rows")
	mustPanicWith(t, func() { LayerNormRowsBackward(s(12), s(4), s(4), s(8), s(12), s(4), 4, s(3), s(3)) }, "8", "12")
	mustPanicWith(t, func() { LayerNormRowsBackward(s(12), s(3), s(4), s(12), s(12), s(4), 4, s(3), s(3)) }, "3", "4")
	mustPanicWith(t, func() { LayerNormRowsBackward(s(12), s(4), s(4), s(12), s(12), s(4), 4, s(3), s(4)) }, "4 rstds", "3 rows")
	mustPanicWith(t, func() { LSTMGates(s(15), s(4), s(4), s(4), s(4), 2) }, "15", "4")
	mustPanicWith(t, func() { LSTMGates(s(16), s(4), s(4), s(3), s(4), 2) }, "3", "4")
	mustPanicWith(t, func() { LSTMGates(s(16), s(4), s(4), s(4), s(4), 3) }, "16", "4", "3")
	mustPanicWith(t, func() { LSTMGatesBackward(s(15), s(4), s(4), s(16), s(4), s(4), 2) }, "15", "16")
	mustPanicWith(t, func() { LSTMGatesBackward(s(16), s(4), s(5), s(16), s(4), s(4), 2) }, "5", "4")
	mustPanicWith(t, func() { GRUGates(s(12), s(11), s(4), s(4), 2) }, "11", "12")
	mustPanicWith(t, func() { GRUGates(s(12), s(12), s(4), s(5), 2) }, "12", "5")
	mustPanicWith(t, func() { GRUGatesBackward(s(12), s(12), s(3), s(4), s(12), s(12), s(4), 2) }, "3", "4")
	mustPanicWith(t, func() { GRUGatesBackward(s(12), s(12), s(4), s(4), s(12), s(13), s(4), 2) }, "13", "12")
	mustPanicWith(t, func() { GRUGates(s(0), s(0), s(0), s(0), 0) }, "hidden size 0")
}

func TestFusedAllocs(t *testing.T) {
	x, w, b := make([]float32, 6*67), make([]float32, 67), make([]float32, 67)
	mean, rstd := make([]float32, 6), make([]float32, 6)
	g, c := make([]float32, 4*3*20), make([]float32, 3*20)
	for _, on := range []bool{false, true} {
		was := SetSIMD(on)
		n := testing.AllocsPerRun(10, func() {
			LayerNormRows(x, x, w, b, 67, 1e-5, mean, rstd)
			LayerNormRowsBackward(x, w, b, x, x, w, 67, mean, rstd)
			LSTMGates(g, c, c, c[:60:60], c, 20)
			LSTMGatesBackward(g, c, c, g, c, c, 20)
			GRUGates(g[:180], g[:180], c, c, 20)
			GRUGatesBackward(g[:180], g[:180], c, c, g[:180], g[:180], c, 20)
		})
		SetSIMD(was)
		if n != 0 {
			t.Errorf("simd=%v: %v allocations per run", on, n)
		}
	}
}
