package tensor

import (
	"math"
	"strings"
	"testing"
)

func TestSize(t *testing.T) {
	for _, c := range []struct {
		shape []int
		n     int
		err   string
	}{
		{nil, 1, ""},
		{[]int{3, 4}, 12, ""},
		{[]int{0, 1 << 40}, 0, ""},
		{[]int{2, -1}, 0, "negative"},
		{[]int{1 << 32, 1 << 32}, 0, "overflows"},
		{[]int{1 << 20, 1 << 20}, 0, "exceed"},
	} {
		n, err := Size(c.shape...)
		if c.err == "" && (err != nil || n != c.n) {
			t.Errorf("Size(%v) = %d, %v; want %d", c.shape, n, err, c.n)
		}
		if c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err) || !strings.Contains(err.Error(), "[")) {
			t.Errorf("Size(%v) error %v, want one naming the shape and %q", c.shape, err, c.err)
		}
	}
	mustPanic(t, func() { New(1<<32, 1<<32) }, "[4294967296 4294967296]", "overflows")
	mustPanic(t, func() { FromSlice(nil, 1<<40, 1<<30) }, "overflows")
}

func TestSoftmaxRows(t *testing.T) {
	x := FromSlice([]float32{1, 2, 3, -1000, 0, 1000, 5, 5, 5, 0, 0, 0}, 2, 2, 3)
	lse := make([]float64, 4)
	y := SoftmaxRows(nil, x, lse)
	for r := 0; r < 4; r++ {
		var sum, m float64 = 0, math.Inf(-1)
		for j := 0; j < 3; j++ {
			m = math.Max(m, float64(x.Data()[r*3+j]))
		}
		for j := 0; j < 3; j++ {
			sum += math.Exp(float64(x.Data()[r*3+j]) - m)
		}
		if d := lse[r] - (m + math.Log(sum)); math.Abs(d) > 1e-6*(1+math.Abs(lse[r])) {
			t.Errorf("row %d: log-sum-exp %v, want %v", r, lse[r], m+math.Log(sum))
		}
		for j := 0; j < 3; j++ {
			want := math.Exp(float64(x.Data()[r*3+j])-m) / sum
			if got := float64(y.Data()[r*3+j]); math.Abs(got-want) > 1e-6 {
				t.Errorf("row %d col %d: %v, want %v", r, j, got, want)
			}
		}
	}
	// In place, and the backward pass against finite differences of
	// L = Σ w·softmax(x).
	w := FromSlice([]float32{0.3, -1, 2, 0.5, 0.1, -0.7}, 2, 3)
	z := FromSlice([]float32{0.1, -0.4, 0.9, 1.5, 0.2, -0.3}, 2, 3)
	s := SoftmaxRows(nil, z, nil)
	dx := SoftmaxRowsBackward(nil, w, s)
	loss := func() float64 {
		p := SoftmaxRows(nil, z, nil)
		var l float64
		for i, v := range p.Data() {
			l += float64(v) * float64(w.Data()[i])
		}
		return l
	}
	for i := range z.Data() {
		old := z.Data()[i]
		z.Data()[i] = old + 1e-2
		lp := loss()
		z.Data()[i] = old - 1e-2
		lm := loss()
		z.Data()[i] = old
		if num := (lp - lm) / 2e-2; math.Abs(num-float64(dx.Data()[i])) > 1e-3 {
			t.Errorf("dx[%d] = %v, finite difference %v", i, dx.Data()[i], num)
		}
	}
	SoftmaxRows(z, z, nil)
	for i, v := range z.Data() {
		if v != s.Data()[i] {
			t.Fatalf("in-place softmax differs at %d", i)
		}
	}
	mustPanic(t, func() { SoftmaxRows(nil, x, make([]float64, 3)) }, "3 log-sum-exp", "[2 2 3]")
	mustPanic(t, func() { SoftmaxRowsBackward(nil, New(2, 3), New(3, 2)) }, "[2 3]", "[3 2]")
}

func TestActivationBackward(t *testing.T) {
	dy := FromSlice([]float32{1, 2, -1, 0.5}, 2, 2)
	y := FromSlice([]float32{0.5, 0.25, 0, 1}, 2, 2)
	want := []float32{0.25, 2 * 0.25 * 0.75, 0, 0}
	for i, v := range SigmoidBackward(nil, dy, y).Data() {
		if v != want[i] {
			t.Fatalf("SigmoidBackward[%d] = %v, want %v", i, v, want[i])
		}
	}
	want = []float32{0.75, 2 * (1 - 0.0625), -1, 0}
	for i, v := range TanhBackward(nil, dy, y).Data() {
		if v != want[i] {
			t.Fatalf("TanhBackward[%d] = %v, want %v", i, v, want[i])
		}
	}
	mustPanic(t, func() { TanhBackward(nil, dy, New(4)) }, "[2 2]", "[4]")
}

func TestSumAxis(t *testing.T) {
	x := New(2, 3, 4)
	for i := range x.Data() {
		x.Data()[i] = float32(i)
	}
	for axis := -3; axis < 3; axis++ {
		got := SumAxis(nil, x, axis)
		a := (axis + 3) % 3
		for i := 0; i < 2; i++ {
			for j := 0; j < 3; j++ {
				for k := 0; k < 4; k++ {
					idx := []int{i, j, k}
					out := append(append([]int(nil), idx[:a]...), idx[a+1:]...)
					if idx[a] != 0 {
						continue
					}
					var want float32
					for v := 0; v < x.Dim(a); v++ {
						idx[a] = v
						want += x.At(idx...)
					}
					idx[a] = 0
					if g := got.At(out...); g != want {
						t.Fatalf("SumAxis(axis %d)%v = %v, want %v", axis, out, g, want)
					}
				}
			}
		}
	}
	mustPanic(t, func() { SumAxis(New(2, 3), x, 1) }, "[2 3]", "[2 4]")
	mustPanic(t, func() { SumAxis(nil, x, 3) }, "axis 3")
}

func TestGemmFoldsLeadingAxes(t *testing.T) {
	x := RandN(NewRand(3), 0, 1, 2, 3, 4) // [N T F] read as [6 4]
	w := RandN(NewRand(4), 0, 1, 5, 4)
	y := New(2, 3, 5)
	Gemm(y, false, true, 1, x, w, 0)
	flat := Gemm(nil, false, true, 1, x.Reshape(6, 4), w, 0)
	for i, v := range flat.Data() {
		if y.Data()[i] != v {
			t.Fatalf("3-D Gemm differs from the 2-D one at %d", i)
		}
	}
	mustPanic(t, func() { Gemm(New(6, 4), false, true, 1, x, w, 0) }, "[6 4]", "[6 5]")
}

func TestShareData(t *testing.T) {
	a, b := New(2, 3), Full(1, 2, 3)
	a.ShareData(b)
	b.Set(5, 1, 2)
	if a.At(1, 2) != 5 {
		t.Fatal("ShareData did not share")
	}
	mustPanic(t, func() { a.ShareData(New(3, 2)) }, "[2 3]", "[3 2]")
}
