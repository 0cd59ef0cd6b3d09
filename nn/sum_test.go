package nn

import "github.com/corten-ml/corten/tensor"

// sum returns the sum of x's elements in float64, for tests that use a
// weighted sum of an output as their loss.
func sum(x *tensor.Tensor) float64 {
	var s float64
	for _, v := range x.Data() {
		s += float64(v)
	}
	return s
}
