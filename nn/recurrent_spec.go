package nn

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/corten-ml/corten/rnn"
)

// rnn(...), lstm(...) and gru(...) in the architecture language (see
// Build): kind(in,hidden[,num_layers][,last]), PyTorch's positional order,
// for example "lstm(28,128)" (one layer, every step's output [N, T, 128]),
// "gru(28,128,2)" (two layers) or "lstm(28,128,last)" (only the last
// step's output, [N, 128], the input of a classifier such as
// "lstm(28,128,last),linear(128,10)"). num_layers may also be given as
// num_layers=K. The rnn kind is the tanh Elman RNN.
func init() {
	for _, c := range []rnn.Cell{rnn.Tanh, rnn.LSTM, rnn.GRU} {
		RegisterLayer(c.String(), func(args []string, rng *rand.Rand) (Layer, error) {
			in, hidden, layers, out, err := parseRecurrent(c, args)
			if err != nil {
				return nil, err
			}
			return NewRecurrent(c, in, hidden, layers, out, rng), nil
		})
		paramCounters[c.String()] = func(args []string) (int64, error) {
			in, hidden, layers, _, err := parseRecurrent(c, args)
			if err != nil {
				return 0, err
			}
			return recurrentParams(c, in, hidden, layers)
		}
	}
}

// parseRecurrent reads kind(in,hidden[,num_layers][,last]) and checks that
// the parameters stay within MaxLayerParams.
func parseRecurrent(c rnn.Cell, args []string) (in, hidden, layers int, out RecurrentOutput, err error) {
	kind := c.String()
	if len(args) < 2 || len(args) > 4 {
		return 0, 0, 0, 0, fmt.Errorf("%s takes (in,hidden[,num_layers][,last]), got %d arguments", kind, len(args))
	}
	in, err1 := PositiveInt(args[0])
	hidden, err2 := PositiveInt(args[1])
	if err := firstErr(err1, err2); err != nil {
		return 0, 0, 0, 0, fmt.Errorf("%s: %w", kind, err)
	}
	layers, out = 1, OutputSequence
	seenLayers, seenLast := false, false
	for i, a := range args[2:] {
		name, val, isKw := strings.Cut(a, "=")
		switch {
		case a == "last" && !seenLast:
			seenLast, out = true, OutputLast
		case (isKw && name == "num_layers" || !isKw && i == 0) && !seenLayers && !seenLast:
			if !isKw {
				val = a
			}
			if layers, err = PositiveInt(val); err != nil {
				return 0, 0, 0, 0, fmt.Errorf("%s: num_layers: %w", kind, err)
			}
			seenLayers = true
		default:
			return 0, 0, 0, 0, fmt.Errorf("%s: unexpected argument %q (want %s(in,hidden[,num_layers][,last]))", kind, a, kind)
		}
	}
	if _, err := recurrentParams(c, in, hidden, layers); err != nil {
		return 0, 0, 0, 0, err
	}
	return in, hidden, layers, out, nil
}

// recurrentParams returns the number of parameter values of a stack of
// layers recurrent layers, or an error when a weight or the whole stack
// would exceed MaxLayerParams.
func recurrentParams(c rnn.Cell, in, hidden, layers int) (int64, error) {
	kind, g := c.String(), c.Gates()
	if err := checkParams(kind, g*hidden, in); err != nil {
		return 0, err
	}
	if err := checkParams(kind, g*hidden, hidden); err != nil {
		return 0, err
	}
	// Both weights are within 2^30 values, so these products fit an int64.
	gh := int64(g) * int64(hidden)
	first := gh * (int64(in) + int64(hidden) + 2)
	above := gh * (2*int64(hidden) + 2)
	if int64(layers-1) > (MaxLayerParams-first)/above {
		return 0, fmt.Errorf("%s: %d layers of %d hidden units have more than the limit of %d parameter values", kind, layers, hidden, MaxLayerParams)
	}
	n := first + int64(layers-1)*above
	if n > MaxLayerParams {
		return 0, fmt.Errorf("%s: %d parameter values, more than the limit of %d", kind, n, MaxLayerParams)
	}
	return n, nil
}
