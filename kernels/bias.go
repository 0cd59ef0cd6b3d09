package kernels

import "fmt"

// AddBias adds bias to every row of the row-major matrix x, whose rows have
// len(bias) columns: x[i*n+j] += bias[j]. len(x) must be a multiple of
// len(bias).
func AddBias(x, bias []float32) {
	if len(bias) == 0 {
		if len(x) != 0 {
			panic(fmt.Sprintf("kernels: AddBias: empty bias for %d elements", len(x)))
		}
		return
	}
	if len(x)%len(bias) != 0 {
		panic(fmt.Sprintf("kernels: AddBias: matrix length %d is not a multiple of bias length %d", len(x), len(bias)))
	}
	splitRows(active.Load().addBias, x, bias)
}

// AddColSums adds the column sums of the row-major matrix x, whose rows
// have len(dst) columns, into dst: dst[j] += sum over i of x[i*n+j]. This
// is the bias gradient of a dense layer. len(x) must be a multiple of
// len(dst).
func AddColSums(dst, x []float32) {
	if len(dst) == 0 {
		if len(x) != 0 {
			panic(fmt.Sprintf("kernels: AddColSums: empty destination for %d elements", len(x)))
		}
		return
	}
	if len(x)%len(dst) != 0 {
		panic(fmt.Sprintf("kernels: AddColSums: matrix length %d is not a multiple of row length %d", len(x), len(dst)))
	}
	active.Load().addColSums(dst, x)
}

func addBiasGo(x, bias []float32) {
	n := len(bias)
	for i := 0; i+n <= len(x); i += n {
		row := x[i : i+n]
		for j, b := range bias {
			row[j] += b
		}
	}
}

func addColSumsGo(dst, x []float32) {
	n := len(dst)
	for i := 0; i+n <= len(x); i += n {
		row := x[i : i+n]
		for j, v := range row {
			dst[j] += v
		}
	}
}
