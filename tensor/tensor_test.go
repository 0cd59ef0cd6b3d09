package tensor

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
)

// The tests run in parallel except TestDestinationFormsDoNotAllocate:
// allocation counts are process-wide. None changes package state.

// mustPanic runs f and checks that it panics with a message containing
// every one of want.
func mustPanic(t *testing.T, f func(), want ...string) {
	t.Helper()
	defer func() {
		t.Helper()
		r := recover()
		if r == nil {
			t.Fatalf("no panic, want one mentioning %q", want)
		}
		msg, _ := r.(string)
		for _, w := range want {
			if !strings.Contains(msg, w) {
				t.Fatalf("panic %q does not mention %q", msg, w)
			}
		}
	}()
	f()
}

func TestConstructors(t *testing.T) {
	t.Parallel()
	z := Zeros(2, 3)
	if z.Len() != 6 || z.Dims() != 2 || z.Dim(-1) != 3 {
		t.Fatalf("Zeros(2,3): len %d dims %d", z.Len(), z.Dims())
	}
	f := Full(2.5, 4)
	for _, v := range f.Data() {
		if v != 2.5 {
			t.Fatalf("Full: got %v", v)
		}
	}
	d := []float32{1, 2, 3, 4, 5, 6}
	x := FromSlice(d, 2, 3)
	if x.At(1, 2) != 6 || x.At(0, 1) != 2 {
		t.Fatalf("At: got %v %v", x.At(1, 2), x.At(0, 1))
	}
	d[0] = 9 // FromSlice does not copy
	if x.At(0, 0) != 9 {
		t.Fatal("FromSlice copied its data")
	}
	x.Set(7, 1, 1)
	if d[4] != 7 {
		t.Fatal("Set did not write through")
	}
	mustPanic(t, func() { FromSlice(d, 4, 2) }, "6 elements", "[4 2]")
	mustPanic(t, func() { x.At(2, 0) }, "[2 0]", "[2 3]")
	mustPanic(t, func() { New(2, -1) }, "negative")
}

func TestViews(t *testing.T) {
	t.Parallel()
	x := FromSlice([]float32{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 3, 4)
	r := x.Reshape(2, -1)
	if r.Dim(0) != 2 || r.Dim(1) != 6 {
		t.Fatalf("Reshape(2,-1) shape %v", r.Shape())
	}
	r.Data()[0] = 100
	if x.At(0, 0) != 100 {
		t.Fatal("Reshape copied its data")
	}
	mustPanic(t, func() { x.Reshape(5, 2) }, "[3 4]", "[5 2]")
	row := x.Row(1)
	if row.Dims() != 1 || row.Len() != 4 || row.At(2) != 6 {
		t.Fatalf("Row(1) = %v", row)
	}
	rows := x.Rows(1, 3)
	if rows.Dim(0) != 2 || rows.At(1, 3) != 11 {
		t.Fatalf("Rows(1,3) = %v", rows)
	}
	// A view's capacity ends at its last row, so appending cannot clobber
	// the parent.
	if cap(rows.Data()) != 8 {
		t.Fatalf("Rows capacity %d, want 8", cap(rows.Data()))
	}
	mustPanic(t, func() { x.Rows(2, 4) }, "[3 4]")
}

func TestRandomIsSeeded(t *testing.T) {
	t.Parallel()
	a := RandN(NewRand(1), 0, 1, 1000)
	b := RandN(NewRand(1), 0, 1, 1000)
	c := RandN(NewRand(2), 0, 1, 1000)
	var mean, sq float64
	for i, v := range a.Data() {
		if v != b.Data()[i] {
			t.Fatal("same seed, different samples")
		}
		mean += float64(v)
		sq += float64(v) * float64(v)
	}
	if a.Data()[0] == c.Data()[0] && a.Data()[1] == c.Data()[1] {
		t.Fatal("different seeds, same samples")
	}
	mean /= 1000
	std := math.Sqrt(sq/1000 - mean*mean)
	if math.Abs(mean) > 0.1 || math.Abs(std-1) > 0.1 {
		t.Fatalf("RandN mean %v std %v", mean, std)
	}
	u := RandUniform(NewRand(3), -2, 3, 1000)
	for _, v := range u.Data() {
		if v < -2 || v >= 3 {
			t.Fatalf("RandUniform sample %v outside [-2, 3)", v)
		}
	}
}

func naiveMatMul(a, b []float32, m, n, k int, ta, tb bool) []float64 {
	out := make([]float64, m*n)
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			var s float64
			for p := 0; p < k; p++ {
				av := a[i*k+p]
				if ta {
					av = a[p*m+i]
				}
				bv := b[p*n+j]
				if tb {
					bv = b[j*k+p]
				}
				s += float64(av) * float64(bv)
			}
			out[i*n+j] = s
		}
	}
	return out
}

// TestGemm checks Gemm on every transpose of a few shapes against a
// float64 product, and that it leaves its operands unchanged.
func TestGemm(t *testing.T) {
	t.Parallel()
	rng := NewRand(7)
	for _, sh := range [][3]int{{1, 1, 1}, {3, 5, 7}, {17, 9, 33}, {64, 10, 128}} {
		m, n, k := sh[0], sh[1], sh[2]
		for _, ta := range []bool{false, true} {
			for _, tb := range []bool{false, true} {
				ashape, bshape := []int{m, k}, []int{k, n}
				if ta {
					ashape = []int{k, m}
				}
				if tb {
					bshape = []int{n, k}
				}
				a := RandN(rng, 0, 1, ashape...)
				b := RandN(rng, 0, 1, bshape...)
				t.Run(fmt.Sprintf("%dx%dx%d/ta=%v,tb=%v", m, n, k, ta, tb), func(t *testing.T) {
					a0, b0 := slices.Clone(a.Data()), slices.Clone(b.Data())
					c := Full(1, m, n)
					Gemm(c, ta, tb, 2, a, b, 0.5)
					if !slices.Equal(a.Data(), a0) || !slices.Equal(b.Data(), b0) {
						t.Errorf("Gemm changed an operand")
					}
					want := naiveMatMul(a0, b0, m, n, k, ta, tb)
					for i, v := range c.Data() {
						w := 2*want[i] + 0.5
						if math.Abs(float64(v)-w) > 1e-4*(1+math.Abs(w))*float64(k) {
							t.Fatalf("c[%d] = %v, want %v", i, v, w)
						}
					}
				})
			}
		}
	}
	t.Run("shape mismatch", func(t *testing.T) {
		a, b := New(2, 3), New(4, 5)
		mustPanic(t, func() { MatMul(nil, a, b) }, "[2 3]", "[4 5]")
		mustPanic(t, func() { MatMul(New(3, 3), a, New(3, 5)) }, "[3 3]", "[2 5]")
	})
}

// TestGemmBias checks that GemmBias gives the bits of Gemm followed by
// AddBias, on a batch of sequences as a dense layer sees it, and that a
// bias of the wrong length panics with both shapes.
func TestGemmBias(t *testing.T) {
	t.Parallel()
	rng := NewRand(8)
	for _, sh := range [][3]int{{1, 1, 1}, {3, 5, 7}, {4, 16, 33}, {64, 40, 128}, {30, 600, 64}} {
		m, n, k := sh[0], sh[1], sh[2]
		x := RandN(rng, 0, 1, m, 2, k) // [m, 2, k]: 2m rows
		w := RandN(rng, 0, 1, n, k)
		bias := RandN(rng, 0, 1, n)
		want := AddBias(nil, Gemm(New(m, 2, n), false, true, 1, x, w, 0), bias)
		got := GemmBias(New(m, 2, n), false, true, 1, x, w, 0, bias)
		if !slices.Equal(got.Shape(), want.Shape()) {
			t.Fatalf("%v: shape %v, want %v", sh, got.Shape(), want.Shape())
		}
		for i, v := range got.Data() {
			if math.Float32bits(v) != math.Float32bits(want.Data()[i]) {
				t.Fatalf("%v: element %d = %v, want %v (Gemm, then AddBias)", sh, i, v, want.Data()[i])
			}
		}
	}
	mustPanic(t, func() { GemmBias(nil, false, true, 1, New(2, 3), New(4, 3), 0, New(5)) }, "GemmBias", "[5]", "4 columns")
}

func TestElementwiseOps(t *testing.T) {
	t.Parallel()
	a := FromSlice([]float32{-1, 2, -3, 4, 0, 6}, 2, 3)
	b := FromSlice([]float32{1, 1, 1, 2, 2, 2}, 2, 3)
	check := func(name string, got *Tensor, want ...float32) {
		t.Helper()
		if !slices.Equal(got.Data(), want) {
			t.Errorf("%s = %v, want %v", name, got.Data(), want)
		}
	}
	check("Add", Add(nil, a, b), 0, 3, -2, 6, 2, 8)
	check("Sub", Sub(nil, a, b), -2, 1, -4, 2, -2, 4)
	check("Mul", Mul(nil, a, b), -1, 2, -3, 8, 0, 12)
	check("Scale", Scale(nil, 2, a), -2, 4, -6, 8, 0, 12)
	check("ReLU", ReLU(nil, a), 0, 2, 0, 4, 0, 6)
	check("ReLUBackward", ReLUBackward(nil, b, a), 0, 1, 0, 2, 0, 2)
	bias := FromSlice([]float32{10, 20, 30}, 3)
	check("AddBias", AddBias(nil, a, bias), 9, 22, 27, 14, 20, 36)
	cs := New(3)
	check("AddColSums", AddColSums(cs, a), 3, 2, 3)
	y := b.Clone()
	check("Axpy", Axpy(-1, a, y), 2, -1, 4, -2, 2, -4)
	if got := ArgMaxRows(nil, a); got[0] != 1 || got[1] != 2 {
		t.Errorf("ArgMaxRows = %v", got)
	}
	dst := New(2, 3)
	if Add(dst, a, b) != dst {
		t.Error("Add did not return its destination")
	}
	for _, c := range []struct {
		name string
		f    func()
		want []string
	}{
		{"Add", func() { Add(nil, a, New(3, 2)) }, []string{"[2 3]", "[3 2]"}},
		{"ReLU", func() { ReLU(New(6), a) }, []string{"[6]", "[2 3]"}},
		{"AddBias", func() { AddBias(nil, a, New(2)) }, []string{"[2 3]", "[2]"}},
	} {
		t.Run(c.name+" mismatch", func(t *testing.T) { mustPanic(t, c.f, c.want...) })
	}
}

// TestDestinationFormsDoNotAllocate is not parallel: testing.AllocsPerRun
// counts the allocations of the whole process.
func TestDestinationFormsDoNotAllocate(t *testing.T) {
	a := RandN(NewRand(1), 0, 1, 64, 128)
	w := RandN(NewRand(2), 0, 1, 128, 10)
	bias := New(10)
	out := New(64, 10)
	allocs := testing.AllocsPerRun(20, func() {
		MatMul(out, a, w)
		AddBias(out, out, bias)
		ReLU(out, out)
	})
	if allocs != 0 {
		t.Fatalf("MatMul+AddBias+ReLU into a destination allocated %v times", allocs)
	}
}
