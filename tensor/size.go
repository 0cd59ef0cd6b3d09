package tensor

import (
	"fmt"
	"math"
)

// MaxElements bounds the element count of any tensor New allocates: 2^34
// float32s (64 GiB). Larger requests are almost always a corrupt size or a
// unit mistake, and failing with a message beats failing in the allocator.
const MaxElements = 1 << 34

// Size returns the number of elements of a tensor of the given shape, or an
// error naming the shape when a dimension is negative, the product
// overflows an int, or it exceeds MaxElements. Callers that take shapes
// from files or users check them with Size before allocating.
func Size(shape ...int) (int, error) {
	empty := false
	for _, d := range shape {
		if d < 0 {
			return 0, fmt.Errorf("tensor: negative dimension in shape %v", shape)
		}
		empty = empty || d == 0
	}
	if empty {
		return 0, nil
	}
	n := 1
	for _, d := range shape {
		if n > math.MaxInt/d {
			return 0, fmt.Errorf("tensor: shape %v: element count overflows", shape)
		}
		n *= d
	}
	if n > MaxElements {
		return 0, fmt.Errorf("tensor: shape %v: %d elements exceed the limit of %d", shape, n, MaxElements)
	}
	return n, nil
}
