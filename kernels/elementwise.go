package kernels

// Add computes dst = a + b elementwise. All three slices must have the same
// length; dst may be a or b.
func Add(dst, a, b []float32) {
	sameLen("Add", len(dst), a, b)
	split3(active.Load().add, dst, a, b)
}

// Sub computes dst = a - b elementwise. All three slices must have the same
// length; dst may be a or b.
func Sub(dst, a, b []float32) {
	sameLen("Sub", len(dst), a, b)
	split3(active.Load().sub, dst, a, b)
}

// Mul computes dst = a * b elementwise (the Hadamard product). All three
// slices must have the same length; dst may be a or b.
func Mul(dst, a, b []float32) {
	sameLen("Mul", len(dst), a, b)
	split3(active.Load().mul, dst, a, b)
}

func addGo(dst, a, b []float32) {
	a, b = a[:len(dst)], b[:len(dst)]
	for i := range dst {
		dst[i] = a[i] + b[i]
	}
}

func subGo(dst, a, b []float32) {
	a, b = a[:len(dst)], b[:len(dst)]
	for i := range dst {
		dst[i] = a[i] - b[i]
	}
}

func mulGo(dst, a, b []float32) {
	a, b = a[:len(dst)], b[:len(dst)]
	for i := range dst {
		dst[i] = a[i] * b[i]
	}
}
