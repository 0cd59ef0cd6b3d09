package kernels

// Axpy computes y += alpha*x. x and y must have the same length.
func Axpy(alpha float32, x, y []float32) {
	sameLen("Axpy", len(x), y)
	active.Load().axpy(alpha, x, y)
}

// Dot returns the inner product of x and y, which must have the same length.
// The SIMD path sums in a different order from the Go path, so results can
// differ in the last bits.
func Dot(x, y []float32) float32 {
	sameLen("Dot", len(x), y)
	return active.Load().dot(x, y)
}

// Scale computes x *= alpha in place.
func Scale(alpha float32, x []float32) {
	active.Load().scale(alpha, x)
}

func axpyGo(alpha float32, x, y []float32) {
	y = y[:len(x)]
	for i, v := range x {
		y[i] += alpha * v
	}
}

func dotGo(x, y []float32) float32 {
	y = y[:len(x)]
	// Four partial sums break the dependency chain on the adder.
	var s0, s1, s2, s3 float32
	i := 0
	for ; i+4 <= len(x); i += 4 {
		s0 += x[i] * y[i]
		s1 += x[i+1] * y[i+1]
		s2 += x[i+2] * y[i+2]
		s3 += x[i+3] * y[i+3]
	}
	for ; i < len(x); i++ {
		s0 += x[i] * y[i]
	}
	return (s0 + s1) + (s2 + s3)
}

func scaleGo(alpha float32, x []float32) {
	for i := range x {
		x[i] *= alpha
	}
}
