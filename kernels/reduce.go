package kernels

// Max returns the largest element of x. It panics if x is empty. NaNs are
// ignored unless every element is NaN.
func Max(x []float32) float32 {
	if len(x) == 0 {
		panic("kernels: Max of empty slice")
	}
	return active.Load().max(x)
}

// ArgMax returns the index of the first largest element of x. It panics if
// x is empty. NaNs never win unless every element is NaN, in which case
// it returns 0.
func ArgMax(x []float32) int {
	if len(x) == 0 {
		panic("kernels: ArgMax of empty slice")
	}
	return active.Load().argmax(x)
}

func maxGo(x []float32) float32 {
	m := x[0]
	for _, v := range x[1:] {
		if v > m || m != m {
			m = v
		}
	}
	return m
}

func argmaxGo(x []float32) int {
	best := 0
	m := x[0]
	for i, v := range x[1:] {
		if v > m || (m != m && v == v) {
			m, best = v, i+1
		}
	}
	return best
}
