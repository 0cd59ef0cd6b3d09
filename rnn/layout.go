package rnn

// swapLeading copies src, shaped [a, b, f], into dst shaped [b, a, f]: the
// transposition between batch-first [N, T, F] and time-major [T, N, F].
func swapLeading(dst, src []float32, a, b, f int) {
	for i := 0; i < a; i++ {
		for j := 0; j < b; j++ {
			copy(dst[(j*a+i)*f:(j*a+i+1)*f], src[(i*b+j)*f:(i*b+j+1)*f])
		}
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
