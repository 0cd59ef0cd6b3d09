package rnn

import "fmt"

// Cell names a recurrent cell.
type Cell int

const (
	// Tanh is the Elman RNN, h' = tanh(W_ih·x + b_ih + W_hh·h + b_hh)
	// (PyTorch's nn.RNN with nonlinearity='tanh').
	Tanh Cell = iota
	// LSTM has the gates i, f, g, o stacked in that order (nn.LSTM):
	// c' = f·c + i·g, h' = o·tanh(c').
	LSTM
	// GRU has the gates r, z, n stacked in that order (nn.GRU), with
	// n = tanh(W_in·x + b_in + r·(W_hn·h + b_hn)) and h' = (1-z)·n + z·h.
	GRU
)

// Gates returns the number of gate blocks stacked in the weights: the
// weights are [Gates·H, in] and [Gates·H, H].
func (c Cell) Gates() int {
	switch c {
	case Tanh:
		return 1
	case LSTM:
		return 4
	case GRU:
		return 3
	}
	panic(fmt.Sprintf("rnn: unknown cell %d", int(c)))
}

// String returns the cell's name in nn's architecture language: "rnn",
// "lstm" or "gru".
func (c Cell) String() string {
	switch c {
	case Tanh:
		return "rnn"
	case LSTM:
		return "lstm"
	case GRU:
		return "gru"
	}
	return fmt.Sprintf("Cell(%d)", int(c))
}

// Weights are one layer's parameters (or their gradients) in PyTorch's
// layout: IH is weight_ih_l{k} [G·H, in], HH weight_hh_l{k} [G·H, H], BIH
// and BHH the biases [G·H].
type Weights struct {
	IH, HH, BIH, BHH []float32
}
