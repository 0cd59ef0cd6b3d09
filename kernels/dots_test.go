package kernels

import (
	"fmt"
	"math"
	"math/rand"
	"strings"
	"testing"
)

// dotsFunc is the signature of the Dots6x4 implementations.
type dotsFunc func(a []float32, lda int, b []float32, o0, o1, o2, o3, n int, c []float32)

// extraDots holds the architecture's Dots6x4 kernels that the active SIMD
// set does not use on this CPU (the AVX2 one on an AVX-512 machine), so
// that the test checks them too.
var extraDots = map[string]dotsFunc{}

// TestDots6x4 checks every Dots6x4 implementation against a float64 sum at
// lengths 0..70 and longer, with the rows of a and the runs of b ending at
// the ends of their slices, NaN beyond every row and run (a read past one
// shows in the result), guard values around c, and c filled with a
// sentinel that every element must overwrite.
func TestDots6x4(t *testing.T) {
	t.Parallel()
	impls := map[string]dotsFunc{"go": goOps.dots6x4}
	if simdOps != nil && simdOps.dotsFast {
		impls[simdOps.name] = simdOps.dots6x4
	}
	for name, f := range extraDots {
		impls[name] = f
	}
	r := rand.New(rand.NewSource(11))
	ns := []int{127, 128, 129, 255, 1000, 1916}
	for n := 0; n <= 70; n++ {
		ns = append(ns, n)
	}
	nan := float32(math.NaN())
	for _, n := range ns {
		for _, gap := range []int{0, 1, 5, 16} {
			lda := n + gap
			need, _ := span(DotsRows, n, lda)
			aBack := make([]float32, need+20)
			for i := range aBack {
				aBack[i] = nan
			}
			a := aBack[:need]
			for row := 0; row < DotsRows && n > 0; row++ {
				fill(r, a[row*lda:row*lda+n], false)
			}
			bLen := n + 3 + r.Intn(40)
			bBack := make([]float32, bLen+20)
			for i := range bBack {
				bBack[i] = nan
			}
			b := bBack[:bLen]
			var off [DotsCols]int
			for t := range off {
				off[t] = r.Intn(bLen - n + 1)
			}
			off[0], off[3] = 0, bLen-n // both ends of b
			// Only the runs are numbers: a read outside them gives NaN.
			for _, o := range off {
				fill(r, b[o:o+n], false)
			}
			for name, f := range impls {
				c, backing := guarded(DotsLen, 3)
				for i := range c {
					c[i] = -7
				}
				f(a, lda, b, off[0], off[1], off[2], off[3], n, c)
				checkGuards(t, name, backing, 3, DotsLen)
				for row := 0; row < DotsRows; row++ {
					for tt, o := range off {
						var want, mag float64
						for i := 0; i < n; i++ {
							p := float64(a[row*lda+i]) * float64(b[o+i])
							want += p
							mag += math.Abs(p)
						}
						got := c[row*DotsCols+tt]
						if !(math.Abs(float64(got)-want) <= 1e-6*mag+1e-30) {
							t.Fatalf("%s: n %d, lda %d, offsets %v: c[%d*4+%d] = %v, want %v", name, n, lda, off, row, tt, got, want)
						}
					}
				}
			}
		}
	}
}

// TestDots6x4Checks: out-of-range arguments panic with the lengths, also
// where a sum of them would overflow an int; empty products are zero.
func TestDots6x4Checks(t *testing.T) {
	t.Parallel()
	const maxInt = int(^uint(0) >> 1)
	a, b, c := make([]float32, 5*10+8), make([]float32, 20), make([]float32, DotsLen)
	off := [4]int{0, 3, 12, 12}
	Dots6x4(c, a, 10, b, off, 8)
	for _, tc := range []struct {
		want string
		f    func()
	}{
		{"len(a) = 57", func() { Dots6x4(c, a[:57], 10, b, off, 8) }},
		{"lda 11", func() { Dots6x4(c, a, 11, b, off, 8) }},
		{"lda", func() { Dots6x4(c, a, maxInt/2, b, off, 8) }},
		{"n = -1", func() { Dots6x4(c, a, 10, b, off, -1) }},
		{"lda = -1", func() { Dots6x4(c, a, -1, b, off, 0) }},
		{"offset 13 + 8 past len(b) = 20", func() { Dots6x4(c, a, 10, b, [4]int{0, 0, 0, 13}, 8) }},
		{"offset -1", func() { Dots6x4(c, a, 10, b, [4]int{-1, 0, 0, 0}, 8) }},
		{"offset 0 + 21 past len(b) = 20", func() { Dots6x4(c, make([]float32, 200), 21, b, [4]int{}, 21) }},
		{"offset 9223372036854775807", func() { Dots6x4(c, a, 10, b, [4]int{0, maxInt, 0, 0}, 8) }},
		{"len(c) = 23", func() { Dots6x4(c[:23], a, 10, b, off, 8) }},
	} {
		t.Run(tc.want, func(t *testing.T) {
			defer func() {
				r := recover()
				if r == nil {
					t.Fatal("no panic")
				}
				if msg := fmt.Sprint(r); !strings.Contains(msg, tc.want) {
					t.Fatalf("panic %q, want it to contain %q", msg, tc.want)
				}
			}()
			tc.f()
		})
	}
	for i := range c {
		c[i] = 1
	}
	Dots6x4(c, nil, 0, nil, [4]int{}, 0)
	for _, v := range c {
		if v != 0 {
			t.Fatal("empty products left a non-zero")
		}
	}
}

// BenchmarkDots6x4 runs the 24 dot products of the operand lengths of
// LeNet's first convolution's weight gradient (a chunk of two samples of
// 32 x 32 padded input) and of a length that stays in L1.
func BenchmarkDots6x4(b *testing.B) {
	for _, n := range []int{256, 1916} {
		r := rand.New(rand.NewSource(1))
		a := make([]float32, DotsRows*n)
		x := make([]float32, n+200)
		fill(r, a, false)
		fill(r, x, false)
		c := make([]float32, DotsLen)
		off := [4]int{0, 1, 2, 32}
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				Dots6x4(c, a, n, x, off, n)
			}
			b.ReportMetric(float64(b.N)*2*DotsLen*float64(n)/b.Elapsed().Seconds()/1e9, "GFLOPS")
		})
	}
}
