package nn

import "github.com/corten-ml/corten/tensor"

// EarlyStopping stops training when a validation metric has not improved
// for Patience evaluations, and keeps a copy of the best weights so that
// Restore can bring them back: the model that generalised best, not the
// last one, which has begun to overfit.
//
//	es := nn.NewEarlyStopping(model.Params(), 3, false) // loss: lower is better
//	for epoch := ... {
//		train...
//		if es.Observe(valLoss) {
//			break
//		}
//	}
//	es.Restore()
type EarlyStopping struct {
	Patience int
	// MinDelta is how much the metric must improve to count.
	MinDelta float64
	// HigherIsBetter is true for accuracy-like metrics, false for losses.
	HigherIsBetter bool

	params []Param
	best   []*tensor.Tensor
	score  float64
	epoch  int // index of the best observation, -1 before any
	seen   int
}

// NewEarlyStopping watches the metric for the given parameters. Pass the
// model's buffers too (append(m.Params(), Buffers(m)...)) so that Restore
// brings back batch normalisation's running statistics with the weights.
func NewEarlyStopping(params []Param, patience int, higherIsBetter bool) *EarlyStopping {
	return &EarlyStopping{Patience: patience, HigherIsBetter: higherIsBetter, params: params, epoch: -1}
}

// Observe records the metric of one evaluation. When it improves on the
// best so far, it copies the weights. It returns true when training should
// stop: Patience evaluations in a row without improvement.
func (e *EarlyStopping) Observe(metric float64) (stop bool) {
	better := e.epoch < 0
	if !better {
		if e.HigherIsBetter {
			better = metric > e.score+e.MinDelta
		} else {
			better = metric < e.score-e.MinDelta
		}
	}
	if better {
		e.score, e.epoch = metric, e.seen
		if e.best == nil {
			e.best = zerosLike(e.params)
		}
		for i, p := range e.params {
			e.best[i].CopyFrom(p.Value)
		}
	}
	e.seen++
	return e.seen-1-e.epoch >= e.Patience
}

// Best returns the best metric and the index (from 0) of the evaluation
// that gave it, or -1 before any.
func (e *EarlyStopping) Best() (metric float64, index int) { return e.score, e.epoch }

// Restore copies the best weights back into the parameters. It does
// nothing before the first Observe.
func (e *EarlyStopping) Restore() {
	if e.best == nil {
		return
	}
	for i, p := range e.params {
		p.Value.CopyFrom(e.best[i])
	}
}
