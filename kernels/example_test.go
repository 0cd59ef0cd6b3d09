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

// The same forward pass with the bias added by the GEMM as it stores y:
// the bits of Sgemm and then AddBias, one pass over y fewer.
func ExampleSgemmBias() {
	x := []float32{1, 2, 3, 4, 5, 6}        // 2 rows, 3 inputs
	w := []float32{1, 0, -1, 0.5, 0.5, 0.5} // 2 outputs, 3 inputs
	b := []float32{0, -4}
	y := make([]float32, 2*2)

	kernels.SgemmBias(false, true, 2, 2, 3, 1, x, 3, w, 3, 0, b, y, 2)
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

// One attention head over a packed projection: each row holds a token's
// query, key and value (d = 2 features each), read in place with row
// stride 6. The second token's key matches the first token's query, so
// the first token attends mostly to the second.
func ExampleAttentionHead() {
	const t, d, ld = 2, 2, 6
	qkv := []float32{
		// q   k     v
		4, 0, 1, 0, 1, 2,
		0, 4, 4, 0, 3, 4,
	}
	out := make([]float32, t*d)
	probs := make([]float32, t*t)
	kernels.AttentionHead(out, d, probs, qkv, qkv[d:], qkv[2*d:], ld, t, d, 0.5, false)
	fmt.Printf("probs %.3f\nout %.3f\n", probs, out)
	// Output:
	// probs [0.002 0.998 0.500 0.500]
	// out [2.995 3.995 2.000 3.000]
}
