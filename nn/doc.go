// Package nn trains neural networks on the tensors and SIMD kernels of
// packages tensor and kernels, without automatic differentiation: every
// layer is a plain forward/backward pair, written out so that the code
// reads as a lesson in backpropagation.
//
// # Layers and models
//
// A Layer's Forward keeps what its Backward needs; Backward takes
// dL/doutput, adds the parameter gradients into each Param.Grad and
// returns dL/dinput. Dense (y = x·Wᵀ + b), Conv2D, MaxPool2D, AvgPool2D,
// ReLU, Sigmoid, Tanh, Softmax, Dropout and Flatten are provided;
// Sequential chains them and switches
// Train and Eval modes. Batches are the first dimension of every tensor:
// [N, features] for dense layers, [N, C, H, W] for convolutions.
//
// Layers speak package tensor (MatMul and Gemm, AddBias, the activations,
// row-wise softmax, reductions over an axis); the passes that need their
// own blocking and kernel choice live in engines that work on slices
// (package conv for convolutions, the pooling kernels), and the optimizers
// run the fused update kernels of package kernels on each parameter
// vector.
//
//	rng := tensor.NewRand(1)
//	model := nn.NewSequential(
//		nn.NewDense(784, 128, nn.HeNormal, rng),
//		&nn.ReLU{},
//		nn.NewDense(128, 10, nn.HeNormal, rng),
//	)
//	// or: model, err := nn.Build("linear(784,128),relu,linear(128,10)", rng)
//
// # Training
//
// A step is forward, loss, backward, update:
//
//	var loss nn.SoftmaxCrossEntropy          // fused, log-sum-exp stable
//	opt := nn.NewAdam(model.Params(), 1e-3)  // or NewSGD, NewRMSProp, NewAdamW
//	batches := nn.NewBatches(nn.Range(n), 64, rng)
//	xb, yb := tensor.New(64, 784), make([]int, 64)
//	for idx := batches.Next(); idx != nil; idx = batches.Next() {
//		x, y := nn.GatherRows(xb, xTrain, idx), nn.GatherLabels(yb, yTrain, idx)
//		opt.ZeroGrad()
//		l := loss.Forward(model.Forward(x), y)
//		model.Backward(loss.Backward())
//		opt.Step()
//	}
//
// Layers reuse their output and gradient buffers from step to step (a
// smaller last batch gets a view of the same memory), so after the first
// step a training step allocates nothing. MSE is the loss for regression.
// Optimizers take a Schedule (StepDecay, Cosine) for the learning rate.
//
// Around the loop: Scaler standardises or min-max scales inputs with
// statistics fitted on the training data only; Split makes a validation
// set; EarlyStopping stops on a stalled validation metric and restores the
// best weights; Evaluate reports loss and accuracy.
//
// # Architecture specs
//
// A model's architecture is a string: its layers' specs joined by commas,
// each a name with optional arguments, for example
// "linear(784,128),relu,dropout(0.2),linear(128,10)". Built in:
// linear(in,out[,init]), conv2d(in,out,k[,stride[,padding]]),
// maxpool2d(k[,stride]), avgpool2d(k[,stride]), relu, sigmoid, tanh,
// softmax, dropout(p) and flatten; init is he_normal, he_uniform, xavier_normal, xavier_uniform,
// torch (PyTorch's default, weights and bias U(±1/sqrt(in))) or
// zeros, and when omitted a linear layer followed by sigmoid or tanh gets
// xavier_uniform, any other he_normal. Sequential.Spec writes the string
// and Build parses it.
//
// Also built in: embedding(num,dim); batchnorm1d(c) and batchnorm2d(c),
// with optional eps=<v> and momentum=<v>; layernorm(dim); gelu,
// gelu(tanh), leakyrelu[(slope)], elu[(alpha)], silu; rnn, lstm and
// gru(in,hidden[,num_layers][,last]), whose last option outputs only the
// last step; mha(e,heads[,causal]); encoder(d,heads,ff[,causal]), a
// pre-norm transformer encoder layer; residual(f,...), y = x + f(x);
// posembed(t,e); patches(p[,h,w]); meansteps; laststep; reshape(d1,...).
//
// A layer may be given a name, name:spec, which its parameters are then
// prefixed with instead of its position: "rnn:lstm(28,128,last),
// fc:linear(128,10)" saves rnn.weight_ih_l0 and fc.weight, the names of a
// PyTorch module with attributes rnn and fc (see Named).
//
// # Adding layers
//
// A new layer (a convolution, pooling) implements Layer on NCHW batches,
// names its parameters as PyTorch does ("weight" [out, in, kh, kw],
// "bias" [out]) so saving needs nothing more, implements Trainer or
// InputGradSkipper if they apply, exposes state that is saved but not
// trained (running statistics) through Bufferer, and joins the spec
// language with RegisterLayer from an init function.
//
// # Checking gradients
//
// GradCheck compares any model's backward pass with central finite
// differences and reports the largest relative error per parameter; see
// GradCheckStep for the tolerance that float32 allows.
//
// # Saving
//
// SaveModel writes safetensors whose keys and layouts are the state_dict
// of the equivalent PyTorch nn.Sequential ("0.weight" as [out, in]), so
// files move both ways between corten and PyTorch. The metadata holds the
// architecture spec ("arch", which Build parses) and the input scaling, so
// LoadModel needs nothing but the file. Buffers (batch normalisation's
// running_mean, running_var and num_batches_tracked) are saved and loaded
// with the parameters. SaveOptimizer keeps the optimizer state for
// resuming.
package nn
