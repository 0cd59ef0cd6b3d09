package kernels

import (
	"fmt"
	"math"
	"math/rand"
	"testing"
)

// TestConvWindow checks every ConvWindow implementation against a float64
// sum at reduction lengths 0..40 and a convolution's 150, with random
// offsets reaching the ends of a and b, several row strides and guard
// values around the block.
func TestConvWindow(t *testing.T) {
	t.Parallel()
	type impl struct {
		name string
		f    func(ta, tb []int32, a []float32, lda int, b, c []float32)
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
				t.Run(fmt.Sprintf("%s/lda=%d/k=%d", im.name, lda, k), func(t *testing.T) {
					c, backing := guarded(ConvWindowLen, 3)
					im.f(ta, tb, a, lda, b, c)
					checkGuards(t, im.name, backing, 3, ConvWindowLen)
					for i := 0; i < ConvWindowRows; i++ {
						for j := 0; j < ConvWindowCols; j++ {
							for l := 0; l < ConvWindowLanes; l++ {
								var want, mag float64
								for n := range ta {
									p := float64(a[int(ta[n])+i*lda+j]) * float64(b[int(tb[n])+l])
									want += p
									mag += math.Abs(p)
								}
								got := c[(i*ConvWindowCols+j)*ConvWindowLanes+l]
								if math.Abs(float64(got)-want) > 1e-5*mag+1e-30 {
									t.Fatalf("c[%d][%d][%d] = %v, want %v", i, j, l, got, want)
								}
							}
						}
					}
				})
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
	ConvWindow(ok, a, 10, b, c)
	mustPanic("a", func() { ConvWindow(NewConvTaps([]int32{3}, []int32{0}), a, 10, b, c) })
	mustPanic("lda", func() { ConvWindow(ok, a, 11, b, c) })
	mustPanic("negative lda", func() { ConvWindow(ok, a, -1, b, c) })
	mustPanic("b", func() { ConvWindow(NewConvTaps([]int32{0}, []int32{5}), a, 10, b, c) })
	mustPanic("c", func() { ConvWindow(ok, a, 10, b, c[:ConvWindowLen-1]) })
	for i := range c {
		c[i] = 1
	}
	ConvWindow(NewConvTaps(nil, nil), nil, 0, nil, c)
	for _, v := range c {
		if v != 0 {
			t.Fatal("empty reduction left a non-zero")
		}
	}
}
