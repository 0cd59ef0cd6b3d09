package nn

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/corten-ml/corten/tensor"
)

// Init names a weight initialisation scheme. Each draws from a seeded
// random source, so a run is reproducible. fanIn is the number of inputs of
// one output unit (in for a dense layer, in*kh*kw for a convolution) and
// fanOut the number of outputs one input feeds.
type Init int

const (
	// HeNormal draws from N(0, 2/fanIn): it keeps the variance of
	// activations constant through ReLU layers, which zero half their
	// inputs (He et al. 2015). The default for ReLU networks.
	HeNormal Init = iota
	// HeUniform draws from U(-sqrt(6/fanIn), sqrt(6/fanIn)), the uniform
	// distribution with He's variance 2/fanIn.
	HeUniform
	// XavierNormal draws from N(0, 1/fanIn) (LeCun's form of Xavier): unit
	// variance through symmetric activations such as tanh and sigmoid.
	XavierNormal
	// XavierUniform is Glorot and Bengio's uniform form,
	// U(-sqrt(6/(fanIn+fanOut)), sqrt(6/(fanIn+fanOut))), which balances
	// the variance of the forward and the backward pass.
	XavierUniform
	// Zeros sets every weight to zero (for tests; a network of zero
	// weights cannot break its symmetry).
	Zeros
	// Torch is PyTorch's default for nn.Linear and nn.Conv2d:
	// kaiming_uniform with a = √5, that is U(-1/sqrt(fanIn), 1/sqrt(fanIn)),
	// and NewDense draws the bias from the same distribution. A model that
	// reproduces a PyTorch recipe starts from the same distribution.
	Torch
)

// String names the scheme as the architecture language spells it.
func (i Init) String() string {
	switch i {
	case HeNormal:
		return "he_normal"
	case HeUniform:
		return "he_uniform"
	case XavierNormal:
		return "xavier_normal"
	case XavierUniform:
		return "xavier_uniform"
	case Zeros:
		return "zeros"
	case Torch:
		return "torch"
	}
	return fmt.Sprintf("Init(%d)", int(i))
}

// InitWeights fills w according to the scheme, drawing from rng.
func InitWeights(w *tensor.Tensor, init Init, fanIn, fanOut int, rng *rand.Rand) {
	d := w.Data()
	normal := func(std float64) {
		for i := range d {
			d[i] = float32(std * rng.NormFloat64())
		}
	}
	uniform := func(limit float64) {
		for i := range d {
			d[i] = float32(limit * (2*rng.Float64() - 1))
		}
	}
	switch init {
	case HeNormal:
		normal(math.Sqrt(2 / float64(fanIn)))
	case HeUniform:
		uniform(math.Sqrt(6 / float64(fanIn)))
	case XavierNormal:
		normal(math.Sqrt(1 / float64(fanIn)))
	case XavierUniform:
		uniform(math.Sqrt(6 / float64(fanIn+fanOut)))
	case Zeros:
		clear(d)
	case Torch:
		uniform(1 / math.Sqrt(float64(fanIn)))
	default:
		panic(fmt.Sprintf("nn: InitWeights: unknown scheme %v", init))
	}
}
