package nn_test

import (
	"fmt"

	"github.com/corten-ml/corten/nn"
	"github.com/corten-ml/corten/tensor"
)

// A LeNet-style convolutional network for 28x28 grey images, built from its
// spec (the layers and parameter names of the equivalent PyTorch
// nn.Sequential), and one training step on a batch.
func Example_conv2D() {
	rng := tensor.NewRand(1)
	model := nn.MustBuild("conv2d(1,6,5,padding=2),relu,maxpool2d(2),"+
		"conv2d(6,16,5),relu,maxpool2d(2),flatten,"+
		"linear(400,120),relu,linear(120,84),relu,linear(84,10)", rng)
	for _, p := range model.Params()[:4] {
		fmt.Println(p.Name, p.Value.Shape())
	}

	x := tensor.RandN(rng, 0, 1, 8, 1, 28, 28) // [N, C, H, W]
	labels := []int{0, 1, 2, 3, 4, 5, 6, 7}
	opt := nn.NewAdam(model.Params(), 1e-3)
	var loss nn.SoftmaxCrossEntropy
	opt.ZeroGrad()
	out := model.Forward(x)
	loss.Forward(out, labels)
	model.Backward(loss.Backward())
	opt.Step()
	fmt.Println("logits", out.Shape())
	// Output:
	// 0.weight [6 1 5 5]
	// 0.bias [6]
	// 3.weight [16 6 5 5]
	// 3.bias [16]
	// logits [8 10]
}
