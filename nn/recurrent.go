package nn

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/corten-ml/corten/rnn"
	"github.com/corten-ml/corten/tensor"
)

// RecurrentOutput chooses what a recurrent layer outputs.
type RecurrentOutput int

const (
	// OutputSequence outputs the top layer's state at every step, [N, T, H]
	// (PyTorch's output tensor).
	OutputSequence RecurrentOutput = iota
	// OutputLast outputs only the last step's state, [N, H] (PyTorch's
	// output[:, -1]), the input of a classifier on a sequence. Backward
	// then starts from that step alone.
	OutputLast
)

// Recurrent is a stack of recurrent layers, PyTorch's nn.RNN (tanh),
// nn.LSTM or nn.GRU with batch_first=True: the input is a sequence
// [N, T, In], the initial state is zero, and the output is the top layer's
// state at every step or at the last (see RecurrentOutput). Forward keeps
// every step's gates and states, and Backward backpropagates through all of
// time.
//
// OutputLast is PyTorch's out[:, -1] built into the layer: it returns the
// engine's last state without materialising the [N, T, H] sequence, and
// backward starts from that state alone instead of from a sequence of
// gradients that is zero but at one step.
//
// The parameters are PyTorch's, with its names and layouts, for every
// layer k: weight_ih_l{k} [G·H, in], weight_hh_l{k} [G·H, H], bias_ih_l{k}
// and bias_hh_l{k} [G·H], where the G gate blocks are stacked as i, f, g, o
// (LSTM), r, z, n (GRU) or a single block (tanh), and in is In for the
// first layer and H above. The passes run in the engine of package rnn.
type Recurrent struct {
	Cell           rnn.Cell
	In, Hidden     int
	NumLayers      int // PyTorch's num_layers
	Out            RecurrentOutput
	weights, grads []rnn.Weights
	params         []Param
	eng            *rnn.Stack
	skipDx         bool
	y, dx          buffer
}

// NewRecurrent returns a stack of layers recurrent layers of the given
// cell with PyTorch's default initialisation: every weight and bias drawn
// from U(-1/sqrt(hidden), 1/sqrt(hidden)).
func NewRecurrent(cell rnn.Cell, in, hidden, layers int, out RecurrentOutput, rng *rand.Rand) *Recurrent {
	if in <= 0 || hidden <= 0 || layers <= 0 {
		panic(fmt.Sprintf("nn: New%s(%d, %d, %d): sizes must be positive", cell, in, hidden, layers))
	}
	r := &Recurrent{Cell: cell, In: in, Hidden: hidden, NumLayers: layers, Out: out,
		eng: rnn.New(cell, in, hidden, layers)}
	g := cell.Gates() * hidden
	limit := 1 / math.Sqrt(float64(hidden))
	for k := 0; k < layers; k++ {
		lin := in
		if k > 0 {
			lin = hidden
		}
		shapes := [][]int{{g, lin}, {g, hidden}, {g}, {g}}
		names := []string{"weight_ih_l", "weight_hh_l", "bias_ih_l", "bias_hh_l"}
		var vals, grads [4][]float32
		for i, shape := range shapes {
			v, d := tensor.New(shape...), tensor.New(shape...)
			for j := range v.Data() {
				v.Data()[j] = float32(limit * (2*rng.Float64() - 1))
			}
			r.params = append(r.params, Param{fmt.Sprintf("%s%d", names[i], k), v, d})
			vals[i], grads[i] = v.Data(), d.Data()
		}
		r.weights = append(r.weights, rnn.Weights{IH: vals[0], HH: vals[1], BIH: vals[2], BHH: vals[3]})
		r.grads = append(r.grads, rnn.Weights{IH: grads[0], HH: grads[1], BIH: grads[2], BHH: grads[3]})
	}
	return r
}

// NewLSTM returns an LSTM (see NewRecurrent).
func NewLSTM(in, hidden, layers int, out RecurrentOutput, rng *rand.Rand) *Recurrent {
	return NewRecurrent(rnn.LSTM, in, hidden, layers, out, rng)
}

// NewGRU returns a GRU (see NewRecurrent).
func NewGRU(in, hidden, layers int, out RecurrentOutput, rng *rand.Rand) *Recurrent {
	return NewRecurrent(rnn.GRU, in, hidden, layers, out, rng)
}

// NewRNN returns an Elman RNN with tanh (see NewRecurrent).
func NewRNN(in, hidden, layers int, out RecurrentOutput, rng *rand.Rand) *Recurrent {
	return NewRecurrent(rnn.Tanh, in, hidden, layers, out, rng)
}

// Forward runs the layers over x [N, T, In] and returns [N, T, Hidden], or
// [N, Hidden] for OutputLast.
func (r *Recurrent) Forward(x *tensor.Tensor) *tensor.Tensor {
	if x.Dims() != 3 || x.Dim(2) != r.In {
		panic(fmt.Sprintf("nn: %s: input shape %v, want [N T %d]", r.Cell, x.Shape(), r.In))
	}
	n, t := x.Dim(0), x.Dim(1)
	var y *tensor.Tensor
	if r.Out == OutputLast {
		y = r.y.get(n, r.Hidden)
	} else {
		y = r.y.get(n, t, r.Hidden)
	}
	r.eng.Forward(y.Data(), x.Data(), n, t, r.Out == OutputLast, r.weights)
	return y
}

// Backward backpropagates dy (the output's shape) through time, adds the
// gradients of every layer's parameters and returns dL/dx (nil when the
// input gradient is skipped).
func (r *Recurrent) Backward(dy *tensor.Tensor) *tensor.Tensor {
	mustSameShape(r.Cell.String(), "gradient", dy, r.y.cur)
	var dx *tensor.Tensor
	var dxs []float32
	if !r.skipDx {
		n := dy.Dim(0)
		dx = r.dx.get(n, r.eng.Steps(), r.In)
		dxs = dx.Data()
	}
	r.eng.Backward(dxs, dy.Data(), r.Out == OutputLast, r.weights, r.grads)
	return dx
}

// SkipInputGrad makes Backward skip dx, as for the first layer.
func (r *Recurrent) SkipInputGrad(skip bool) { r.skipDx = skip }

// Params returns weight_ih_l0, weight_hh_l0, bias_ih_l0, bias_hh_l0, then
// the same for each further layer: PyTorch's state_dict order.
func (r *Recurrent) Params() []Param { return r.params }

// Spec returns "lstm(in,hidden)", with ",layers" when there is more than
// one layer and ",last" for OutputLast: for example "gru(28,128,2,last)".
// The kind is rnn, lstm or gru.
func (r *Recurrent) Spec() string {
	s := fmt.Sprintf("%s(%d,%d", r.Cell, r.In, r.Hidden)
	if r.NumLayers > 1 {
		s += fmt.Sprintf(",%d", r.NumLayers)
	}
	if r.Out == OutputLast {
		s += ",last"
	}
	return s + ")"
}
