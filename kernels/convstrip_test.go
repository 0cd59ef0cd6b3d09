package kernels

import (
	"fmt"
	"math"
	"math/rand"
	"testing"
)

// TestConvStrip checks every ConvStrip implementation against a float64
// sum at reduction lengths 0..40 and a convolution's 150, with random
// offsets reaching the ends of a and b, row strides from 64 up, guard
// values around the tile and sentinels between its rows.
func TestConvStrip(t *testing.T) {
	t.Parallel()
	type impl struct {
		name string
		f    func(ta, tb []int32, a, b, c []float32, ldc int, init []float32)
	}
	impls := []impl{{"go", goOps.convStrip}}
	if simdOps != nil && simdOps.convStripFast {
		impls = append(impls, impl{simdOps.name, simdOps.convStrip})
	}
	r := rand.New(rand.NewSource(9))
	a := make([]float32, 300)
	b := make([]float32, 500)
	fill(r, a, false)
	fill(r, b, false)
	ks := []int{150}
	for k := 0; k <= 40; k++ {
		ks = append(ks, k)
	}
	const sentinel = -7
	for _, k := range ks {
		ta, tb := make([]int32, k), make([]int32, k)
		for i := range ta {
			ta[i] = int32(r.Intn(len(a) - ConvTileRows + 1))
			tb[i] = int32(r.Intn(len(b) - ConvStripCols + 1))
		}
		if k > 0 { // the last readable offsets
			ta[0], tb[k-1] = int32(len(a)-ConvTileRows), int32(len(b)-ConvStripCols)
		}
		for _, ldc := range []int{64, 65, 80} {
			for _, init := range [][]float32{nil, {0.5, -1, 2, 0, 3, -0.25}} {
				n := (ConvTileRows-1)*ldc + ConvStripCols
				for _, im := range impls {
					t.Run(fmt.Sprintf("%s/k=%d/ldc=%d/init=%v", im.name, k, ldc, init != nil), func(t *testing.T) {
						c, backing := guarded(n, 3)
						for i := range c {
							c[i] = sentinel
						}
						im.f(ta, tb, a, b, c, ldc, init)
						checkGuards(t, im.name, backing, 3, n)
						for i, got := range c {
							row, j := i/ldc, i%ldc
							if j >= ConvStripCols {
								if got != sentinel {
									t.Fatalf("c[%d] between rows = %v, want it left alone", i, got)
								}
								continue
							}
							var want, mag float64
							if init != nil {
								want, mag = float64(init[row]), math.Abs(float64(init[row]))
							}
							for n := range ta {
								p := float64(a[int(ta[n])+row]) * float64(b[int(tb[n])+j])
								want += p
								mag += math.Abs(p)
							}
							if math.Abs(float64(got)-want) > 1e-5*mag+1e-30 {
								t.Fatalf("c[%d][%d] = %v, want %v", row, j, got, want)
							}
						}
					})
				}
			}
		}
	}
}

func TestConvStripChecks(t *testing.T) {
	t.Parallel()
	mustPanic := func(what string, f func()) {
		t.Run(what, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Error("no panic")
				}
			}()
			f()
		})
	}
	n := (ConvTileRows-1)*ConvStripCols + ConvStripCols
	a, b, c := make([]float32, 10), make([]float32, 70), make([]float32, n)
	ok := NewConvTaps([]int32{4, 0}, []int32{0, 6})
	ConvStrip(ok, a, b, c, ConvStripCols, nil)
	mustPanic("a", func() { ConvStrip(NewConvTaps([]int32{5}, []int32{0}), a, b, c, ConvStripCols, nil) })
	mustPanic("b", func() { ConvStrip(NewConvTaps([]int32{0}, []int32{7}), a, b, c, ConvStripCols, nil) })
	mustPanic("c", func() { ConvStrip(ok, a, b, c[:n-1], ConvStripCols, nil) })
	mustPanic("ldc", func() { ConvStrip(ok, a, b, make([]float32, 2*n), ConvStripCols-1, nil) })
	mustPanic("init", func() { ConvStrip(ok, a, b, c, ConvStripCols, make([]float32, 5)) })
	for i := range c {
		c[i] = 1
	}
	ConvStrip(NewConvTaps(nil, nil), nil, nil, c, ConvStripCols, nil)
	for _, v := range c {
		if v != 0 {
			t.Fatal("empty reduction left a non-zero")
		}
	}
}
