package nn

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/corten-ml/corten/tensor"
)

// TestReLUPoolOrder: a Sequential runs a ReLU followed by a max pooling
// as pooling then ReLU, and its output, parameter gradients and input
// gradient are bit for bit those of running the layers in the written
// order, with windows that are all negative (ties among rectified zeros),
// mixed and positive.
func TestReLUPoolOrder(t *testing.T) {
	const spec = "conv2d(1,3,3,padding=1),relu,maxpool2d(2),conv2d(3,4,3),relu,maxpool2d(2,1),flatten,linear(16,5),relu,linear(5,3)"
	a := MustBuild(spec, rand.New(rand.NewPCG(1, 2)))
	b := MustBuild(spec, rand.New(rand.NewPCG(1, 2)))
	if got, want := a.order, []int{0, 2, 1, 3, 5, 4, 6, 7, 8, 9}; !slices.Equal(got, want) {
		t.Fatalf("order %v, want %v", got, want)
	}
	a.SetInputGrad(true)
	b.SetInputGrad(true)
	rng := rand.New(rand.NewPCG(3, 4))
	const n = 5
	x := tensor.New(n, 1, 10, 10)
	for i := range x.Data() {
		x.Data()[i] = float32(rng.NormFloat64()) - 0.3
	}
	ya := a.Forward(x)
	yb := x
	for _, l := range b.Layers {
		yb = l.Forward(yb)
	}
	sameBits(t, "output", ya.Data(), yb.Data())
	dy := tensor.New(ya.Shape()...)
	for i := range dy.Data() {
		dy.Data()[i] = float32(rng.NormFloat64())
	}
	a.ZeroGrad()
	b.ZeroGrad()
	dxa := a.Backward(dy)
	dxb := dy
	for i := len(b.Layers) - 1; i >= 0; i-- {
		dxb = b.Layers[i].Backward(dxb)
	}
	sameBits(t, "input gradient", dxa.Data(), dxb.Data())
	pa, pb := a.Params(), b.Params()
	for i := range pa {
		sameBits(t, pa[i].Name, pa[i].Grad.Data(), pb[i].Grad.Data())
	}
}

func sameBits(t *testing.T, what string, got, want []float32) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d values, want %d", what, len(got), len(want))
	}
	for i := range got {
		if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
			t.Fatalf("%s[%d] = %v, want %v", what, i, got[i], want[i])
		}
	}
}
