package kernels

import (
	"fmt"
	"math"
	"math/rand"
	"testing"
)

// TestConvWindow checks every ConvWindow implementation against a float64
// sum at reduction lengths 0..40 and a convolution's 150, with random
// offsets reaching the ends of a and b, several row strides of a and of
// c, with and without init, and guard values around the block (and
// between its rows where ldc leaves gaps, which must be left alone).
func TestConvWindow(t *testing.T) {
	t.Parallel()
	type impl struct {
		name string
		f    func(ta, tb []int32, a []float32, lda int, b, c []float32, ldc int, init []float32)
	}
	impls := []impl{{"go", goOps.convWindow}}
	if simdOps != nil && simdOps.convWindowFast {
		impls = append(impls, impl{simdOps.name, simdOps.convWindow})
	}
	r := rand.New(rand.NewSource(7))
	a := make([]float32, 500)
	b := make([]float32, 400)
	fill(r, a, false)
	fill(r, b, false)
	ks := []int{150}
	for k := 0; k <= 40; k++ {
		ks = append(ks, k)
	}
	for _, lda := range []int{0, 5, 14, 32, 100} {
		win := 4*lda + ConvWindowCols
		for _, k := range ks {
			ta, tb := make([]int32, k), make([]int32, k)
			for i := range ta {
				ta[i] = int32(r.Intn(len(a) - win + 1))
				tb[i] = int32(r.Intn(len(b) - ConvWindowLanes + 1))
			}
			if k > 0 { // the last readable offsets
				ta[0], tb[k-1] = int32(len(a)-win), int32(len(b)-ConvWindowLanes)
			}
			for _, im := range impls {
				for _, ldc := range []int{ConvWindowCols, 10} {
					for _, withInit := range []bool{false, true} {
						var init []float32
						if withInit {
							init = make([]float32, ConvWindowLanes)
							fill(r, init, false)
						}
						t.Run(fmt.Sprintf("%s/lda=%d/k=%d/ldc=%d/init=%v", im.name, lda, k, ldc, withInit), func(t *testing.T) {
							n := ((ConvWindowRows-1)*ldc + ConvWindowCols) * ConvWindowLanes
							c, backing := guarded(n, 3)
							written := make([]bool, n)
							im.f(ta, tb, a, lda, b, c, ldc, init)
							checkGuards(t, im.name, backing, 3, n)
							for i := 0; i < ConvWindowRows; i++ {
								for j := 0; j < ConvWindowCols; j++ {
									for l := 0; l < ConvWindowLanes; l++ {
										var want, mag float64
										if init != nil {
											want, mag = float64(init[l]), math.Abs(float64(init[l]))
										}
										for n := range ta {
											p := float64(a[int(ta[n])+i*lda+j]) * float64(b[int(tb[n])+l])
											want += p
											mag += math.Abs(p)
										}
										o := (i*ldc+j)*ConvWindowLanes + l
										written[o] = true
										if got := c[o]; math.Abs(float64(got)-want) > 1e-5*mag+1e-30 {
											t.Fatalf("c[%d][%d][%d] = %v, want %v", i, j, l, got, want)
										}
									}
								}
							}
							for o, w := range written {
								if !w && math.Float32bits(c[o]) != guardBits {
									t.Fatalf("c[%d] between the window's rows = %v, changed", o, c[o])
								}
							}
						})
					}
				}
			}
		}
	}
}

func TestConvWindowChecks(t *testing.T) {
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
	a, b, c := make([]float32, 4*10+5+2), make([]float32, 20), make([]float32, ConvWindowLen)
	ok := NewConvTaps([]int32{2, 0}, []int32{0, 4})
	const w = ConvWindowCols
	ConvWindow(ok, a, 10, b, c, w, nil)
	ConvWindow(ok, a, 10, b, make([]float32, (4*9+5)*16), 9, make([]float32, 16))
	mustPanic("a", func() { ConvWindow(NewConvTaps([]int32{3}, []int32{0}), a, 10, b, c, w, nil) })
	mustPanic("lda", func() { ConvWindow(ok, a, 11, b, c, w, nil) })
	mustPanic("negative lda", func() { ConvWindow(ok, a, -1, b, c, w, nil) })
	mustPanic("b", func() { ConvWindow(NewConvTaps([]int32{0}, []int32{5}), a, 10, b, c, w, nil) })
	mustPanic("c", func() { ConvWindow(ok, a, 10, b, c[:ConvWindowLen-1], w, nil) })
	mustPanic("c for ldc", func() { ConvWindow(ok, a, 10, b, make([]float32, (4*9+5)*16-1), 9, nil) })
	mustPanic("ldc below 5", func() { ConvWindow(ok, a, 10, b, c, 4, nil) })
	mustPanic("huge ldc", func() { ConvWindow(ok, a, 10, b, c, 1<<62, nil) })
	mustPanic("init", func() { ConvWindow(ok, a, 10, b, c, w, make([]float32, 15)) })
	for i := range c {
		c[i] = 1
	}
	ConvWindow(NewConvTaps(nil, nil), nil, 0, nil, c, w, nil)
	for _, v := range c {
		if v != 0 {
			t.Fatal("empty reduction left a non-zero")
		}
	}
}
