package kernels

import "math"

// Max returns the largest element of x. It panics if x is empty. NaNs are
// ignored unless every element is NaN, in which case it returns x[0]. It
// always equals x[ArgMax(x)], so when the largest value is zero the sign of
// the first zero decides between -0 and +0.
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

// maxGo uses argmaxGo's test so that maxGo(x) == x[argmaxGo(x)] bit for bit,
// the definition the SIMD path reproduces.
func maxGo(x []float32) float32 {
	m := x[0]
	for _, v := range x[1:] {
		if v > m || (m != m && v == v) {
			m = v
		}
	}
	return m
}

// maxVia builds Max from two assembly kernels: maxNoNaN returns the largest
// non-NaN value (-Inf if none) with an unspecified sign for zero, and
// argmax matches argmaxGo. Only the ambiguous results, zero and -Inf (which
// may mean all NaN), need the element itself; every other float value has
// a single bit pattern.
func maxVia(maxNoNaN func([]float32) float32, argmax func([]float32) int) func([]float32) float32 {
	return func(x []float32) float32 {
		m := maxNoNaN(x)
		if m == 0 || math.IsInf(float64(m), -1) {
			return x[argmax(x)]
		}
		return m
	}
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
