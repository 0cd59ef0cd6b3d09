package parallel

import "testing"

// TestFreeList checks that Get returns what Put stored, last in first
// out, and a new zero object when the list is empty.
func TestFreeList(t *testing.T) {
	var l FreeList[int]
	a, b := l.Get(), l.Get()
	if a == b || *a != 0 || *b != 0 {
		t.Fatalf("Get on an empty list: %p=%d, %p=%d, want two distinct zeros", a, *a, b, *b)
	}
	*a, *b = 1, 2
	l.Put(a)
	l.Put(b)
	if x := l.Get(); x != b {
		t.Fatalf("Get returned %p, want the last put, %p", x, b)
	}
	if x := l.Get(); x != a {
		t.Fatalf("Get returned %p, want %p", x, a)
	}
}
