package kernels

import (
	"fmt"
	"math"
)

// MaxPool2x2 max-pools x by 2x2 windows at stride 2. x holds planes of
// h x w floats one after another; y gets each plane's (h/2) x (w/2) window
// maxima, row-major (an odd last row or column is dropped), and code the
// position of each maximum within its window: 0 and 1 the top row's left
// and right, 2 and 3 the bottom row's. The maximum is the first NaN of the
// window if it has one, else the first of its largest values (row-major,
// so -0 before +0 wins), as PyTorch's max_pool2d picks it; y is always the
// input at that position.
func MaxPool2x2(y []float32, code []uint8, x []float32, h, w int) {
	n := pool2x2Outputs("MaxPool2x2", len(x), h, w)
	if len(y) != n || len(code) != n {
		panic(fmt.Sprintf("kernels: MaxPool2x2: %d outputs, %d codes, want %d", len(y), len(code), n))
	}
	if n > 0 {
		active.Load().maxPool2x2(y, code, x, h, w)
	}
}

// MaxPool2x2Backward sets dx, shaped as MaxPool2x2's x, to the gradient of
// its pooling: each dy goes to the input its code names and every other
// input gets 0.
func MaxPool2x2Backward(dx, dy []float32, code []uint8, h, w int) {
	n := pool2x2Outputs("MaxPool2x2Backward", len(dx), h, w)
	if len(dy) != n || len(code) != n {
		panic(fmt.Sprintf("kernels: MaxPool2x2Backward: %d gradients, %d codes, want %d", len(dy), len(code), n))
	}
	if h%2 != 0 || w%2 != 0 {
		// The kernels write only the inputs that some window covers.
		clear(dx)
	}
	if n > 0 {
		active.Load().maxPool2x2Back(dx, dy, code, h, w)
	}
}

// pool2x2Outputs checks a 2x2 pooling's input geometry and returns its
// number of outputs.
func pool2x2Outputs(op string, nx, h, w int) int {
	if h < 2 || w < 2 || h > math.MaxInt/w || nx%(h*w) != 0 {
		panic(fmt.Sprintf("kernels: %s: %d inputs are not planes of %d x %d, each at least 2 x 2", op, nx, h, w))
	}
	return nx / (h * w) * (h / 2) * (w / 2)
}

// pick returns the later candidate r of a window when it beats the earlier
// l: l is not NaN and r is NaN or larger.
func pick(l float32, lc uint8, r float32, rc uint8) (float32, uint8) {
	if l == l && !(r <= l) {
		return r, rc
	}
	return l, lc
}

func maxPool2x2Go(y []float32, code []uint8, x []float32, h, w int) {
	oh, ow := h/2, w/2
	for pl := range len(x) / (h * w) {
		in := x[pl*h*w : (pl+1)*h*w]
		for i := range oh {
			r0, r1 := in[2*i*w:(2*i+1)*w], in[(2*i+1)*w:(2*i+2)*w]
			o := y[(pl*oh+i)*ow : (pl*oh+i+1)*ow]
			c := code[(pl*oh+i)*ow : (pl*oh+i+1)*ow]
			for j := range o {
				// Each row's winner first: rows are contiguous in the
				// window's order, so ties still go to the first.
				t, tc := pick(r0[2*j], 0, r0[2*j+1], 1)
				b, bc := pick(r1[2*j], 2, r1[2*j+1], 3)
				o[j], c[j] = pick(t, tc, b, bc)
			}
		}
	}
}

func maxPool2x2BackGo(dx, dy []float32, code []uint8, h, w int) {
	oh, ow := h/2, w/2
	for pl := range len(dx) / (h * w) {
		d := dx[pl*h*w : (pl+1)*h*w]
		for i := range oh {
			r0, r1 := d[2*i*w:(2*i+1)*w], d[(2*i+1)*w:(2*i+2)*w]
			g := dy[(pl*oh+i)*ow : (pl*oh+i+1)*ow]
			c := code[(pl*oh+i)*ow : (pl*oh+i+1)*ow]
			for j, v := range g {
				r0[2*j], r0[2*j+1], r1[2*j], r1[2*j+1] = 0, 0, 0, 0
				switch c[j] {
				case 0:
					r0[2*j] = v
				case 1:
					r0[2*j+1] = v
				case 2:
					r1[2*j] = v
				default:
					r1[2*j+1] = v
				}
			}
		}
	}
}
