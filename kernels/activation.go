package kernels

import "math"

// ReLU computes dst = max(x, 0) elementwise; dst may be x.
func ReLU(dst, x []float32) {
	sameLen("ReLU", len(dst), x)
	active.Load().relu(dst, x)
}

// ReLUBackward computes the gradient through a ReLU: dx = dy where x > 0 and
// 0 elsewhere (the gradient at 0 is taken as 0). x is the ReLU's input (its
// output works too, since both are positive at the same places). dx may be
// dy.
func ReLUBackward(dx, dy, x []float32) {
	sameLen("ReLUBackward", len(dx), dy, x)
	active.Load().reluBack(dx, dy, x)
}

// Exp computes dst = e^x elementwise; dst may be x.
func Exp(dst, x []float32) {
	sameLen("Exp", len(dst), x)
	active.Load().exp(dst, x)
}

// Sigmoid computes dst = 1/(1+e^-x) elementwise; dst may be x.
func Sigmoid(dst, x []float32) {
	sameLen("Sigmoid", len(dst), x)
	active.Load().sigmoid(dst, x)
}

// Tanh computes dst = tanh(x) elementwise; dst may be x.
func Tanh(dst, x []float32) {
	sameLen("Tanh", len(dst), x)
	active.Load().tanh(dst, x)
}

func reluGo(dst, x []float32) {
	x = x[:len(dst)]
	for i, v := range x {
		if v > 0 {
			dst[i] = v
		} else {
			dst[i] = 0
		}
	}
}

func reluBackGo(dx, dy, x []float32) {
	dy, x = dy[:len(dx)], x[:len(dx)]
	for i, v := range x {
		if v > 0 {
			dx[i] = dy[i]
		} else {
			dx[i] = 0
		}
	}
}

func expGo(dst, x []float32) {
	x = x[:len(dst)]
	for i, v := range x {
		dst[i] = float32(math.Exp(float64(v)))
	}
}

func sigmoidGo(dst, x []float32) {
	x = x[:len(dst)]
	for i, v := range x {
		// Both branches avoid overflow of e^-x for large |x|.
		if v >= 0 {
			dst[i] = float32(1 / (1 + math.Exp(-float64(v))))
		} else {
			e := math.Exp(float64(v))
			dst[i] = float32(e / (1 + e))
		}
	}
}

func tanhGo(dst, x []float32) {
	x = x[:len(dst)]
	for i, v := range x {
		dst[i] = float32(math.Tanh(float64(v)))
	}
}
