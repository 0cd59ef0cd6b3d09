package main

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/corten-ml/corten/dataset/mnist"
	"github.com/corten-ml/corten/nn"
)

// architecture returns the model's spec in nn's architecture language and
// whether its input is an image [N,1,28,28] rather than a vector [N,784].
func architecture(c *config) (spec string, image bool, err error) {
	var hidden []int
	switch c.model {
	case "mlp":
		hidden = []int{128}
	case "mlp-big":
		hidden = []int{512, 512}
	case "cnn", "lstm", "gru", "vit":
		if c.hidden != "" {
			return "", false, errors.New("-hidden applies to the MLP models only")
		}
		switch c.model {
		case "cnn":
			return cnnSpec(c.dropout), true, nil
		case "vit":
			return vitSpec(c.dropout), false, nil
		}
		return rowRNNSpec(c.model, c.dropout), false, nil
	default:
		return "", false, fmt.Errorf("-model %q: want mlp, mlp-big, cnn, lstm, gru or vit", c.model)
	}
	if c.hidden != "" {
		hidden = hidden[:0]
		for _, f := range strings.Split(c.hidden, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(f))
			if err != nil || n <= 0 || n > maxHidden {
				return "", false, fmt.Errorf("-hidden %q: want positive sizes up to %d separated by commas", c.hidden, maxHidden)
			}
			hidden = append(hidden, n)
		}
	}
	var parts []string
	in := mnist.Pixels
	for _, h := range hidden {
		parts = append(parts, fmt.Sprintf("linear(%d,%d)", in, h), "relu")
		if c.dropout > 0 {
			parts = append(parts, fmt.Sprintf("dropout(%g)", c.dropout))
		}
		in = h
	}
	parts = append(parts, fmt.Sprintf("linear(%d,%d)", in, mnist.Classes))
	return strings.Join(parts, ","), false, nil
}

// cnnSpec is LeNet-5 with ReLU: conv 5x5x6 (pad 2), pool, conv 5x5x16,
// pool, then 400-120-84-10.
func cnnSpec(dropout float64) string {
	s := "conv2d(1,6,5,padding=2),relu,maxpool2d(2),conv2d(6,16,5),relu,maxpool2d(2),flatten," +
		"linear(400,120),relu,"
	if dropout > 0 {
		s += fmt.Sprintf("dropout(%g),", dropout)
	}
	s += "linear(120,84),relu,"
	if dropout > 0 {
		s += fmt.Sprintf("dropout(%g),", dropout)
	}
	return s + "linear(84,10)"
}

// rowRNNSpec reads an image as a sequence, as the reference script's
// RowRNN does: 28 steps of 28 pixels (its rows), one recurrent layer of
// 128 units, and a linear classifier on the last step's state. The layers
// carry that module's attribute names (rnn, fc), so saved files load into
// it strictly.
func rowRNNSpec(cell string, dropout float64) string {
	s := fmt.Sprintf("reshape(%d,%d),rnn:%s(%d,128,last),", mnist.Rows, mnist.Cols, cell, mnist.Cols)
	if dropout > 0 {
		s += fmt.Sprintf("dropout(%g),", dropout)
	}
	return s + fmt.Sprintf("fc:linear(128,%d,torch)", mnist.Classes)
}

// loadStateDict builds -model's architecture and loads the weights of a
// file without corten's metadata into it, strictly (every tensor present,
// nothing else), as PyTorch's load_state_dict(strict=True) does.
func loadStateDict(c *config, rng *rand.Rand) (*nn.Sequential, map[string]string, bool, error) {
	m, image, err := buildModel(c, rng)
	if err != nil {
		return nil, nil, false, err
	}
	meta, err := nn.LoadWeights(c.load, append(m.Params(), nn.Buffers(m)...))
	if err != nil {
		return nil, nil, false, fmt.Errorf("%w (a file without corten's metadata is read as the weights of -model %s)", err, c.model)
	}
	if meta == nil {
		meta = map[string]string{}
	}
	return m, meta, image, nil
}

// vitSpec is the reference script's small vision transformer: 16 patches
// of 7x7 pixels embedded to width 64 plus learned positions, two pre-LN
// encoder layers (4 heads, GELU feed-forward of 128), a final LayerNorm,
// the mean over the patches and a linear classifier, each layer named as
// the module's attribute (embed, pos, encoder.layers.K, norm, head).
func vitSpec(dropout float64) string {
	s := "patches(7),embed:linear(49,64,torch),pos:posembed(16,64)," +
		"encoder.layers.0:encoder(64,4,128),encoder.layers.1:encoder(64,4,128)," +
		"norm:layernorm(64),meansteps,"
	if dropout > 0 {
		s += fmt.Sprintf("dropout(%g),", dropout)
	}
	return s + fmt.Sprintf("head:linear(64,%d,torch)", mnist.Classes)
}

// buildModel makes the model, or explains why -model cnn cannot be built.
func buildModel(c *config, rng *rand.Rand) (*nn.Sequential, bool, error) {
	spec, image, err := architecture(c)
	if err != nil {
		return nil, false, err
	}
	m, err := nn.Build(spec, rng)
	if err != nil {
		if c.model == "cnn" {
			return nil, false, fmt.Errorf("-model cnn is not yet available: package nn has no convolution and pooling layers yet (%v)", err)
		}
		return nil, false, err
	}
	return m, image, nil
}

// newOptimizer returns the optimizer of -optimizer with the schedule of
// -schedule over steps updates.
func newOptimizer(c *config, params []nn.Param, steps int) (nn.Optimizer, error) {
	lr, l2 := float32(c.lr), float32(c.l2)
	var sched nn.Schedule
	switch c.schedule {
	case "cosine":
		// Annealing to zero by the last step is worth a few tenths of a
		// percent of test accuracy over a constant rate.
		sched = nn.Cosine(lr, 0, steps)
	case "const":
	default:
		return nil, fmt.Errorf("-schedule %q: want cosine or const", c.schedule)
	}
	switch c.optimizer {
	case "adam":
		o := nn.NewAdam(params, lr)
		o.WeightDecay, o.Schedule = l2, sched
		return o, nil
	case "sgd", "momentum":
		o := nn.NewSGD(params, lr)
		o.WeightDecay, o.Schedule = l2, sched
		if c.optimizer == "momentum" {
			o.Momentum = 0.9
		}
		return o, nil
	case "rmsprop":
		o := nn.NewRMSProp(params, lr)
		o.WeightDecay, o.Schedule = l2, sched
		return o, nil
	}
	return nil, fmt.Errorf("-optimizer %q: want adam, sgd, momentum or rmsprop", c.optimizer)
}
