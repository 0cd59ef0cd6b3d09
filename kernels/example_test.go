package kernels_test

import (
	"fmt"

	"github.com/corten-ml/corten/kernels"
)

// A dense layer's forward pass on raw slices: y = relu(x·Wᵀ + b), with W
// stored [out, in] as PyTorch does, so the GEMM transposes it.
func ExampleSgemm() {
	x := []float32{1, 2, 3, 4, 5, 6}        // 2 rows, 3 inputs
	w := []float32{1, 0, -1, 0.5, 0.5, 0.5} // 2 outputs, 3 inputs
	b := []float32{0, -4}
	y := make([]float32, 2*2)

	kernels.Sgemm(false, true, 2, 2, 3, 1, x, 3, w, 3, 0, y, 2)
	kernels.AddBias(y, b)
	kernels.ReLU(y, y)
	fmt.Println(y)
	// Output: [0 0 0 3.5]
}

// The bias gradient of a dense layer is the column sums of dL/dy.
func ExampleAddColSums() {
	dy := []float32{1, 2, 3, 4, 5, 6} // 3 rows, 2 columns
	db := make([]float32, 2)
	kernels.AddColSums(db, dy)
	fmt.Println(db)
	// Output: [9 12]
}

// Tests and benchmarks compare the assembly with the pure-Go reference by
// switching paths at run time.
func ExampleSetSIMD() {
	was := kernels.SetSIMD(false)
	fmt.Println(kernels.Path())
	kernels.SetSIMD(was)
	// Output: go
}
