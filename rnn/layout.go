package rnn

// swapLeading copies src, shaped [a, b, f], into dst shaped [b, a, f] with
// its rows ldd >= f apart: the transposition between batch-first
// [N, T, F] and time-major [T, N, F]. What lies between dst's rows is
// left as it is.
func swapLeading(dst []float32, ldd int, src []float32, a, b, f int) {
	for i := 0; i < a; i++ {
		for j := 0; j < b; j++ {
			copy(dst[(j*a+i)*ldd:(j*a+i)*ldd+f], src[(i*b+j)*f:(i*b+j+1)*f])
		}
	}
}

// timeMajorOnes copies src, a batch-first [n, t, f] sequence, into dst as
// time-major rows of f+1 values, [t, n, f+1], each ending in a 1.
func timeMajorOnes(dst, src []float32, n, t, f int) {
	swapLeading(dst, f+1, src, n, t, f)
	for r := f; r < len(dst); r += f + 1 {
		dst[r] = 1
	}
}

// grow returns s resliced to n elements, reallocating only when its
// capacity is short; the contents are whatever was there.
func grow(s []float32, n int) []float32 {
	if cap(s) < n {
		return make([]float32, n)
	}
	return s[:n]
}
