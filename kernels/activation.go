package kernels

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
