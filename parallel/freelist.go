package parallel

import "sync"

// FreeList recycles objects that a call hands to the pool's goroutines,
// which would otherwise escape to the heap at every call. Unlike
// sync.Pool it does not drop them at each garbage collection, so a steady
// state allocates nothing; it grows to the largest number of objects in
// use at once. The zero value is an empty list, safe for concurrent use.
type FreeList[T any] struct {
	mu   sync.Mutex
	free []*T
}

// Get returns an object put back earlier, or a new zero one.
func (l *FreeList[T]) Get() *T {
	l.mu.Lock()
	defer l.mu.Unlock()
	if k := len(l.free); k > 0 {
		x := l.free[k-1]
		l.free = l.free[:k-1]
		return x
	}
	return new(T)
}

// Put makes x available to Get. The caller must not use x afterwards,
// and should clear the references it holds to memory it does not own.
func (l *FreeList[T]) Put(x *T) {
	l.mu.Lock()
	l.free = append(l.free, x)
	l.mu.Unlock()
}
