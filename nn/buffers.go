package nn

// Bufferer is implemented by layers that hold state which is part of the
// model but not trained, PyTorch's buffers: batch normalisation's
// running_mean, running_var and num_batches_tracked. Buffers are saved and
// loaded with the parameters, under names of the same form, but are not
// listed by Params, so optimizers, ZeroGrad and gradient checks never see
// them.
type Bufferer interface {
	// Buffers lists the layer's buffers in state_dict order, named as
	// PyTorch's module names them. Their Grad is nil.
	Buffers() []Param
}

// Buffers returns the buffers of l: those of a Bufferer, or, for a
// Sequential, those of its layers, named with the prefix the Sequential
// gives its parameters ("1.running_mean"). A layer without buffers gives
// nil. For a strict load of a model with batch normalisation, LoadWeights
// needs append(m.Params(), Buffers(m)...).
func Buffers(l Layer) []Param {
	switch l := l.(type) {
	case Bufferer:
		return l.Buffers()
	case *Sequential:
		var out []Param
		for _, p := range sequentialState(l) {
			if p.Grad == nil {
				out = append(out, p)
			}
		}
		return out
	}
	return nil
}

// modelState is the model's whole state_dict, in PyTorch's order: layer by
// layer, its parameters and then its buffers. SaveModel writes it and
// LoadModel fills it.
func modelState(m *Sequential) []Param {
	if Buffers(m) == nil {
		return m.Params()
	}
	return sequentialState(m)
}

// sequentialState lists m's parameters and buffers layer by layer, the
// buffers named with their layer's name as the parameters are.
func sequentialState(m *Sequential) []Param {
	params := m.Params()
	var out []Param
	k := 0
	for i, l := range m.Layers {
		n := len(l.Params())
		out = append(out, params[k:k+n]...)
		k += n
		for _, b := range Buffers(l) {
			b.Name = m.Name(i) + "." + b.Name
			out = append(out, b)
		}
	}
	return out
}
