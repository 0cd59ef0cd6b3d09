package kernels

import (
	"math"
	"strings"
	"testing"
)

// TestIndexOverflowPanics checks that arguments whose index arithmetic
// overflows an int are rejected with a panic before any kernel runs, on
// every path: a wrapped bounds check would let assembly address memory
// outside the slice and fault, beyond any recover. It flips SetSIMD, so it
// does not run in parallel with other tests.
func TestIndexOverflowPanics(t *testing.T) {
	buf := make([]float32, 64)
	huge := math.MaxInt/2 + 3
	cases := []struct {
		name, want string
		f          func()
	}{
		{"Sgemm ldc", "overflows", func() { Sgemm(false, false, 4, 4, 4, 1, buf, 4, buf, 4, 0, buf, huge) }},
		{"Sgemm lda", "overflows", func() { Sgemm(false, false, 4, 4, 4, 1, buf, huge, buf, 4, 0, buf, 4) }},
		{"Sgemm ldb trans", "overflows", func() { Sgemm(false, true, 4, 4, 4, 1, buf, 4, buf, huge, 0, buf, 4) }},
		{"SgemmSerial ldc", "overflows", func() { SgemmSerial(false, false, 4, 4, 4, 1, buf, 4, buf, 4, 1, buf, huge) }},
		{"ConvTile ldc", "cannot hold", func() {
			ConvTile(NewConvTaps([]int32{0}, []int32{0}), buf, buf, buf, huge)
		}},
		{"MaxPool2x2 plane", "not planes", func() {
			MaxPool2x2(buf[:1], make([]uint8, 1), buf, 1<<32, 1<<32)
		}},
		{"MaxPool2x2Backward plane", "not planes", func() {
			MaxPool2x2Backward(buf, buf[:1], make([]uint8, 1), 1<<32, 1<<32)
		}},
	}
	for _, simd := range []bool{false, true} {
		was := SetSIMD(simd)
		for _, c := range cases {
			t.Run(Path()+"/"+c.name, func(t *testing.T) {
				defer func() {
					msg, _ := recover().(string)
					if !strings.Contains(msg, c.want) {
						t.Fatalf("panic %q, want one saying %q", msg, c.want)
					}
				}()
				c.f()
			})
		}
		SetSIMD(was)
	}
}

func TestSpan(t *testing.T) {
	for _, c := range []struct {
		rows, cols, ld, want int
		ok                   bool
	}{
		{0, 5, 5, 0, true},
		{3, 0, 5, 0, true},
		{1, 5, math.MaxInt, 5, true},
		{3, 4, 10, 24, true},
		{2, 4, math.MaxInt - 4, math.MaxInt, true},
		{2, 4, math.MaxInt - 3, 0, false},
		{3, 1, math.MaxInt / 2, math.MaxInt, true},
		{3, 2, math.MaxInt / 2, 0, false},
	} {
		got, ok := span(c.rows, c.cols, c.ld)
		if got != c.want || ok != c.ok {
			t.Errorf("span(%d, %d, %d) = %d, %v; want %d, %v", c.rows, c.cols, c.ld, got, ok, c.want, c.ok)
		}
	}
}
