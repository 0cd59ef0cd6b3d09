package tensor_test

import (
	"fmt"

	"github.com/corten-ml/corten/tensor"
)

// A dense layer's forward pass: y = relu(x·W + b), written into buffers
// that a training loop would reuse.
func Example() {
	x := tensor.FromSlice([]float32{1, 2, 3, 4}, 2, 2)
	w := tensor.FromSlice([]float32{1, -1, 0.5, 1}, 2, 2)
	b := tensor.FromSlice([]float32{0, -2}, 2)

	y := tensor.New(2, 2)
	tensor.MatMul(y, x, w)
	tensor.AddBias(y, y, b)
	tensor.ReLU(y, y)
	fmt.Println(y.Data())
	// Output: [2 0 5 0]
}

// Views share data with their parent: no copy.
func ExampleTensor_Reshape() {
	x := tensor.FromSlice([]float32{1, 2, 3, 4, 5, 6}, 2, 3)
	v := x.Reshape(3, -1)
	v.Set(60, 2, 1)
	fmt.Println(v.Shape(), x.At(1, 2))
	// Output: [3 2] 60
}
