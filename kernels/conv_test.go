package kernels

import (
	"fmt"
	"math"
	"math/rand"
	"testing"
)

// TestConvTile checks every ConvTile implementation against a float64
// sum at reduction lengths 0..40 and a convolution's 150, with random
// offsets reaching the ends of a and b, row strides from 16 up and guard
// values around the tile (TestConvTileGaps checks between its rows).
func TestConvTile(t *testing.T) {
	t.Parallel()
	impls := []struct {
		name string
		f    func(ta, tb []int32, a, b, c []float32, ldc int)
	}{{"go", goOps.convTile}}
	if simdOps != nil {
		impls = append(impls, struct {
			name string
			f    func(ta, tb []int32, a, b, c []float32, ldc int)
		}{simdOps.name, simdOps.convTile})
	}
	r := rand.New(rand.NewSource(5))
	a := make([]float32, 300)
	b := make([]float32, 400)
	fill(r, a, false)
	fill(r, b, false)
	ks := []int{150}
	for k := 0; k <= 40; k++ {
		ks = append(ks, k)
	}
	for _, k := range ks {
		ta, tb := make([]int32, k), make([]int32, k)
		for i := range ta {
			ta[i] = int32(r.Intn(len(a) - ConvTileRows + 1))
			tb[i] = int32(r.Intn(len(b) - ConvTileCols + 1))
		}
		if k > 0 { // the last readable offsets
			ta[0], tb[k-1] = int32(len(a)-ConvTileRows), int32(len(b)-ConvTileCols)
		}
		for _, ldc := range []int{16, 17, 24} {
			n := (ConvTileRows-1)*ldc + ConvTileCols
			for _, im := range impls {
				t.Run(fmt.Sprintf("%s/k=%d/ldc=%d", im.name, k, ldc), func(t *testing.T) {
					c, backing := guarded(n, 3)
					im.f(ta, tb, a, b, c, ldc)
					checkGuards(t, im.name, backing, 3, n)
					for row := 0; row < ConvTileRows; row++ {
						for j := 0; j < ConvTileCols; j++ {
							var want, mag float64
							for i := range ta {
								p := float64(a[int(ta[i])+row]) * float64(b[int(tb[i])+j])
								want += p
								mag += math.Abs(p)
							}
							got := c[row*ldc+j]
							if math.Abs(float64(got)-want) > 1e-5*mag+1e-30 {
								t.Fatalf("%s k=%d ldc=%d: c[%d][%d] = %v, want %v", im.name, k, ldc, row, j, got, want)
							}
						}
					}
				})
			}
		}
	}
}

// TestConvTileGaps checks that the SIMD tile leaves the elements between
// its rows alone when ldc > 16.
func TestConvTileGaps(t *testing.T) {
	t.Parallel()
	needSIMD(t)
	a, b := make([]float32, 8), make([]float32, 16)
	for i := range a {
		a[i] = 1
	}
	for i := range b {
		b[i] = 2
	}
	ta, tb := []int32{0, 1}, []int32{0, 0}
	const ldc = 20
	c, backing := guarded((ConvTileRows-1)*ldc+ConvTileCols, 0)
	for i := range c {
		c[i] = -7
	}
	simdOps.convTile(ta, tb, a, b, c, ldc)
	checkGuards(t, "tile", backing, 0, len(c))
	for i, v := range c {
		want := float32(-7)
		if i%ldc < ConvTileCols {
			want = 4
		}
		if v != want {
			t.Fatalf("c[%d] = %v, want %v", i, v, want)
		}
	}
}

func TestConvTileChecks(t *testing.T) {
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
	a, b, c := make([]float32, 10), make([]float32, 20), make([]float32, 96)
	ok := NewConvTaps([]int32{4, 0}, []int32{0, 4})
	ConvTile(ok, a, b, c, 16)
	if ok.Len() != 2 || ok.Prefix(1).bmax != 0 {
		t.Errorf("Len/Prefix: %d, %d", ok.Len(), ok.Prefix(1).bmax)
	}
	mustPanic("lengths", func() { NewConvTaps([]int32{0}, nil) })
	mustPanic("negative", func() { NewConvTaps([]int32{-1}, []int32{0}) })
	mustPanic("prefix", func() { ok.Prefix(3) })
	mustPanic("a", func() { ConvTile(NewConvTaps([]int32{5}, []int32{0}), a, b, c, 16) })
	mustPanic("b", func() { ConvTile(NewConvTaps([]int32{0}, []int32{5}), a, b, c, 16) })
	mustPanic("c", func() { ConvTile(ok, a, b, c[:95], 16) })
	mustPanic("ldc", func() { ConvTile(ok, a, b, make([]float32, 200), 15) })
	ConvTile(NewConvTaps(nil, nil), nil, nil, c, 16)
	for _, v := range c {
		if v != 0 {
			t.Fatal("empty reduction left a non-zero")
		}
	}
}
