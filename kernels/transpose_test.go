package kernels

import (
	"fmt"
	"math"
	"math/rand"
	"testing"
)

// TestTranspose checks Transpose on the SIMD and Go paths against the
// definition for every shape up to 20 x 20 and a few larger ones, with
// strides wider than the rows and guard values around and between dst's
// rows, which must be left alone.
func TestTranspose(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	shapes := [][2]int{{33, 100}, {100, 16}, {64, 64}}
	for rows := 0; rows <= 20; rows++ {
		for cols := 0; cols <= 20; cols++ {
			shapes = append(shapes, [2]int{rows, cols})
		}
	}
	for _, simd := range []bool{false, true} {
		was := SetSIMD(simd)
		for _, sh := range shapes {
			rows, cols := sh[0], sh[1]
			for _, pad := range []int{0, 3} {
				lds, ldd := cols+pad, rows+2*pad
				src := make([]float32, rows*lds)
				fill(r, src, false)
				n := cols * ldd
				dst, backing := guarded(n, 5)
				Transpose(dst, ldd, src, lds, rows, cols)
				checkGuards(t, fmt.Sprintf("simd %v %dx%d", simd, rows, cols), backing, 5, n)
				for j := 0; j < cols; j++ {
					for i := 0; i < ldd; i++ {
						got := dst[j*ldd+i]
						if i >= rows {
							if math.Float32bits(got) != guardBits {
								t.Fatalf("simd %v %dx%d pad %d: dst[%d][%d] = %v outside the matrix was written", simd, rows, cols, pad, j, i, got)
							}
							continue
						}
						if want := src[i*lds+j]; math.Float32bits(got) != math.Float32bits(want) {
							t.Fatalf("simd %v %dx%d pad %d: dst[%d][%d] = %v, want %v", simd, rows, cols, pad, j, i, got, want)
						}
					}
				}
			}
		}
		SetSIMD(was)
	}
}

func TestTransposeChecks(t *testing.T) {
	src, dst := make([]float32, 6), make([]float32, 6)
	Transpose(dst, 2, src, 3, 2, 3)
	Transpose(nil, 0, nil, 0, 0, 5)
	for name, f := range map[string]func(){
		"negative rows": func() { Transpose(dst, 2, src, 3, -1, 3) },
		"short src":     func() { Transpose(dst, 2, src[:5], 3, 2, 3) },
		"narrow lds":    func() { Transpose(dst, 2, src, 2, 2, 3) },
		"short dst":     func() { Transpose(dst[:5], 2, src, 3, 2, 3) },
		"narrow ldd":    func() { Transpose(dst, 1, src, 3, 2, 3) },
		"huge lds":      func() { Transpose(dst, 2, src, 1<<62, 2, 3) },
		"huge ldd":      func() { Transpose(dst, 1<<62, src, 3, 2, 3) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			f()
		}()
	}
}
