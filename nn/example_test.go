package nn_test

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/corten-ml/corten/nn"
	"github.com/corten-ml/corten/tensor"
)

// xorData is the XOR problem: no linear model separates it, one hidden
// layer does.
func xorData() (*tensor.Tensor, []int) {
	x := tensor.FromSlice([]float32{0, 0, 0, 1, 1, 0, 1, 1}, 4, 2)
	return x, []int{0, 1, 1, 0}
}

// Build a network, train it on XOR with Adam and predict.
func Example() {
	rng := tensor.NewRand(1)
	model := nn.NewSequential(
		nn.NewDense(2, 16, nn.HeNormal, rng),
		&nn.ReLU{},
		nn.NewDense(16, 2, nn.HeNormal, rng),
	)
	opt := nn.NewAdam(model.Params(), 0.05)
	var loss nn.SoftmaxCrossEntropy
	x, y := xorData()
	for step := range 200 {
		opt.ZeroGrad()
		l := loss.Forward(model.Forward(x), y) // forward: logits, then the loss
		model.Backward(loss.Backward())        // backward: dL/dlogits through every layer
		opt.Step()
		if step == 0 {
			fmt.Printf("first loss %.2f\n", l)
		}
		if step == 199 {
			fmt.Println("final loss below 0.01:", l < 0.01)
		}
	}
	model.Eval()
	fmt.Println("predictions:", model.Predict(nil, x))
	// Output:
	// first loss 0.75
	// final loss below 0.01: true
	// predictions: [0 1 1 0]
}

// Mini-batches from a shuffled, seeded iterator, with a validation split
// and early stopping that restores the best weights.
func ExampleBatches() {
	rng := tensor.NewRand(2)
	// 200 noisy copies of XOR.
	x, y := tensor.New(200, 2), make([]int, 200)
	for i := range 200 {
		a, b := i%2, (i/2)%2
		x.Set(float32(a)+0.1*float32(rng.NormFloat64()), i, 0)
		x.Set(float32(b)+0.1*float32(rng.NormFloat64()), i, 1)
		y[i] = a ^ b
	}
	trainIdx, valIdx := nn.Split(200, 0.25, rng)
	xVal, yVal := tensor.New(len(valIdx), 2), make([]int, len(valIdx))
	nn.GatherRows(xVal, x, valIdx)
	nn.GatherLabels(yVal, y, valIdx)

	model := nn.MustBuild("linear(2,16),relu,linear(16,2)", rng)
	opt := nn.NewSGD(model.Params(), 0.1)
	opt.Momentum = 0.9
	var loss nn.SoftmaxCrossEntropy
	batches := nn.NewBatches(trainIdx, 16, rng)
	xb, yb := tensor.New(16, 2), make([]int, 16) // allocated once
	stop := nn.NewEarlyStopping(model.Params(), 3, false)
	stop.MinDelta = 1e-3 // smaller gains do not count as progress
	for epoch := range 100 {
		batches.Shuffle()
		for idx := batches.Next(); idx != nil; idx = batches.Next() {
			opt.ZeroGrad()
			loss.Forward(model.Forward(nn.GatherRows(xb, x, idx)), nn.GatherLabels(yb, y, idx))
			model.Backward(loss.Backward())
			opt.Step()
		}
		valLoss, _ := nn.Evaluate(model, xVal, yVal, 64)
		if stop.Observe(valLoss) {
			fmt.Println("stopped early:", epoch < 99)
			break
		}
	}
	stop.Restore()
	_, acc := nn.Evaluate(model, xVal, yVal, 64)
	fmt.Printf("validation accuracy %.2f\n", acc)
	// Output:
	// stopped early: true
	// validation accuracy 1.00
}

// Save a model with its input scaling, and load it back from the file
// alone: the architecture is in the metadata.
func ExampleSaveModel() {
	rng := tensor.NewRand(3)
	model := nn.MustBuild("linear(4,8),tanh,linear(8,3)", rng)
	scaler := &nn.Scaler{Scale: 1.0 / 255, Mean: []float32{0.5}, Std: []float32{0.25}}

	path := filepath.Join(os.TempDir(), "corten-example.safetensors")
	defer os.Remove(path)
	if err := nn.SaveModel(path, model, scaler, nil); err != nil {
		fmt.Println(err)
		return
	}
	loaded, meta, err := nn.LoadModel(path)
	if err != nil {
		fmt.Println(err)
		return
	}
	s, _ := nn.ScalerFromMetadata(meta)
	fmt.Println("arch:", meta["arch"])
	fmt.Println("input scaling:", meta["input_scale"], meta["input_mean"], meta["input_std"])

	x := s.Transform(nil, tensor.FromSlice([]float32{0, 64, 128, 255}, 1, 4))
	a := model.Forward(x).Clone()
	b := loaded.Forward(x)
	fmt.Println("same outputs:", fmt.Sprint(a.Data()) == fmt.Sprint(b.Data()))
	for _, p := range loaded.Params() {
		fmt.Println(p.Name, p.Value.Shape())
	}
	// Output:
	// arch: linear(4,8),tanh,linear(8,3)
	// input scaling: 0.003921569 0.5 0.25
	// same outputs: true
	// 0.weight [8 4]
	// 0.bias [8]
	// 2.weight [3 8]
	// 2.bias [3]
}

// Regression with a linear output and mean squared error: fit y = 3x - 1.
func ExampleMSE() {
	rng := tensor.NewRand(4)
	x := tensor.RandUniform(rng, -1, 1, 32, 1)
	t := tensor.New(32, 1)
	for i, v := range x.Data() {
		t.Data()[i] = 3*v - 1
	}
	model := nn.NewSequential(nn.NewDense(1, 1, nn.XavierUniform, rng))
	opt := nn.NewSGD(model.Params(), 0.3)
	var mse nn.MSE
	for range 100 {
		opt.ZeroGrad()
		mse.Forward(model.Forward(x), t)
		model.Backward(mse.Backward())
		opt.Step()
	}
	d := model.Layers[0].(*nn.Dense)
	fmt.Printf("y = %.2fx + %.2f\n", d.W.At(0, 0), d.B.At(0))
	// Output: y = 3.00x + -1.00
}

// Check a model's backward pass against finite differences.
func ExampleGradCheck() {
	rng := tensor.NewRand(5)
	model := nn.MustBuild("linear(3,4),tanh,linear(4,2)", rng)
	x := tensor.RandN(rng, 0, 1, 5, 3)
	worst := 0.0
	for _, e := range nn.GradCheck(model, x, nn.CrossEntropyLoss([]int{0, 1, 1, 0, 1}), nn.GradCheckStep) {
		worst = max(worst, e.MaxRelErr)
	}
	fmt.Println("backward pass correct:", worst < 1e-2)
	// Output: backward pass correct: true
}
