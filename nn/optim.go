package nn

import "github.com/corten-ml/corten/tensor"

// Optimizer updates parameters from their accumulated gradients. A
// training step is:
//
//	model.ZeroGrad()          // or opt.ZeroGrad()
//	out := model.Forward(x)
//	loss.Forward(out, labels)
//	model.Backward(loss.Backward())
//	opt.Step()
//
// The batch size decides the flavour of gradient descent: the whole data
// set is batch gradient descent, a few dozen rows mini-batch, one row
// per-sample (stochastic) descent. Updates run on the SIMD kernels.
type Optimizer interface {
	// Step applies one update to every parameter.
	Step()
	// ZeroGrad clears every parameter's gradient.
	ZeroGrad()
	// LR returns the learning rate the next Step will use.
	LR() float32
	// SetLR sets the base learning rate (a Schedule overrides it).
	SetLR(lr float32)
	// Steps returns the number of updates applied so far.
	Steps() int
	// State returns the optimizer's per-parameter buffers, named
	// "<param>.<buffer>" ("0.weight.exp_avg"), for saving and loading.
	// Writing into them restores a saved state.
	State() []NamedTensor
	// SetSteps sets the step count, when restoring a saved state (Adam's
	// bias correction depends on it).
	SetSteps(t int)
	// Name returns the optimizer's kind: "sgd", "rmsprop", "adam", "adamw".
	Name() string
}

// Schedule gives the learning rate for step t (counting from 0). Set an
// optimizer's Schedule field to use one; StepDecay and Cosine build the
// usual ones. For a per-epoch schedule, divide t by the steps per epoch.
type Schedule func(t int) float32

// base holds what every optimizer shares.
type base struct {
	params []Param
	lr     float32
	t      int
	// Schedule, when set, chooses the learning rate of each step,
	// overriding the base rate.
	Schedule Schedule
}

// ZeroGrad clears the gradients of the optimizer's parameters.
func (b *base) ZeroGrad() { ZeroGrad(b.params) }

// SetLR sets the base learning rate.
func (b *base) SetLR(lr float32) { b.lr = lr }

// Steps returns the number of updates taken so far.
func (b *base) Steps() int { return b.t }

// SetSteps sets the update count, for resuming from a checkpoint.
func (b *base) SetSteps(t int) { b.t = t }

// LR returns the rate the next step uses: the schedule's, if set.
func (b *base) LR() float32 {
	if b.Schedule != nil {
		return b.Schedule(b.t)
	}
	return b.lr
}

// zerosLike allocates one zero buffer per parameter.
func zerosLike(params []Param) []*tensor.Tensor {
	bufs := make([]*tensor.Tensor, len(params))
	for i, p := range params {
		bufs[i] = tensor.New(p.Value.Shape()...)
	}
	return bufs
}

// named pairs each parameter's buffer with the name "<param>.<suffix>".
func named(dst []NamedTensor, params []Param, bufs []*tensor.Tensor, suffix string) []NamedTensor {
	for i, p := range params {
		dst = append(dst, NamedTensor{p.Name + "." + suffix, bufs[i]})
	}
	return dst
}
