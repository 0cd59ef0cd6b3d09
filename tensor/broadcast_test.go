package tensor

import "testing"

func TestAddTrailing(t *testing.T) {
	x := FromSlice([]float32{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, 2, 3, 2)
	b := FromSlice([]float32{10, 20, 30, 40, 50, 60}, 1, 3, 2)
	y := AddTrailing(nil, x, b)
	if y.At(0, 0, 0) != 11 || y.At(1, 2, 1) != 72 {
		t.Fatalf("AddTrailing = %v", y.Data())
	}
	db := New(1, 3, 2)
	AddTrailingSums(db, x)
	AddTrailingSums(db, x)
	if db.At(0, 0, 0) != 16 || db.At(0, 2, 1) != 36 {
		t.Fatalf("AddTrailingSums = %v", db.Data())
	}
	AddTrailing(x, x, FromSlice([]float32{1, 1}, 2))
	if x.At(0, 0, 0) != 2 {
		t.Fatal("in place")
	}
	mustPanic(t, func() { AddTrailing(nil, x, New(1, 2, 3)) }, "[2 3 2]", "[1 2 3]")
	mustPanic(t, func() { AddTrailingSums(New(4), x) }, "[2 3 2]", "[4]")
}

func TestBroadcastAndSumAxisDoNotAllocate(t *testing.T) {
	x := New(4, 3, 2)
	b, s := New(1, 3, 2), New(4, 2)
	if n := testing.AllocsPerRun(10, func() {
		AddTrailing(x, x, b)
		AddTrailingSums(b, x)
		SumAxis(s, x, 1)
	}); n != 0 {
		t.Fatalf("allocates %v times", n)
	}
}
