package nn

import (
	"fmt"
	"slices"
	"sync"

	"github.com/corten-ml/corten/tensor"
)

// Predictor serves a trained model to any number of goroutines at once, as
// a Go service needs it. A Sequential keeps the buffers of its last pass
// inside its layers, so it can run one pass at a time; a Predictor gives
// each concurrent call a replica of the model that shares the trained
// weights read-only and has buffers of its own. Replicas are made on
// demand, up to the peak number of concurrent calls, and reused, so the
// steady state allocates nothing (with a destination given). Results are
// bit-identical to the model's own Forward in evaluation mode.
//
// A Predictor is safe for concurrent use. The model's weights must not
// change while it serves (do not train the model meanwhile). A model whose
// spec Build cannot rebuild (a layer kind not registered with
// RegisterLayer) is served by the model itself, switched to evaluation
// mode, one call at a time.
type Predictor struct {
	model  *Sequential
	spec   string
	mu     sync.Mutex
	free   []*Sequential
	serial bool       // no replicas: calls take turns on one copy
	turn   sync.Mutex // held by the one call of a serial Predictor
}

// NewPredictor returns a Predictor serving m.
func NewPredictor(m *Sequential) *Predictor {
	p := &Predictor{model: m, spec: m.Spec()}
	r, err := p.replica()
	if err != nil {
		// Serve a private replica if Build fails: nothing else to share.
		p.serial = true
		return p
	}
	p.free = append(p.free, r)
	return p
}

// replica builds a copy of the model whose parameters share the model's
// memory.
func (p *Predictor) replica() (*Sequential, error) {
	r, err := Build(p.spec, tensor.NewRand(0))
	if err != nil {
		return nil, err
	}
	mine, theirs := r.Params(), p.model.Params()
	if len(mine) != len(theirs) {
		return nil, fmt.Errorf("nn: Predictor: the rebuilt model has %d parameters, the model %d", len(mine), len(theirs))
	}
	for i := range mine {
		if mine[i].Name != theirs[i].Name || !slices.Equal(mine[i].Value.Shape(), theirs[i].Value.Shape()) {
			return nil, fmt.Errorf("nn: Predictor: parameter %q %v does not match the model's %q %v", mine[i].Name, mine[i].Value.Shape(), theirs[i].Name, theirs[i].Value.Shape())
		}
		mine[i].Value.ShareData(theirs[i].Value)
	}
	// Buffers (batch normalisation's running statistics) are shared too.
	mb, tb := Buffers(r), Buffers(p.model)
	if len(mb) != len(tb) {
		return nil, fmt.Errorf("nn: Predictor: the rebuilt model has %d buffers, the model %d", len(mb), len(tb))
	}
	for i := range mb {
		if mb[i].Name != tb[i].Name || !slices.Equal(mb[i].Value.Shape(), tb[i].Value.Shape()) {
			return nil, fmt.Errorf("nn: Predictor: buffer %q does not match the model's %q", mb[i].Name, tb[i].Name)
		}
		mb[i].Value.ShareData(tb[i].Value)
	}
	r.Eval()
	return r, nil
}

func (p *Predictor) get() *Sequential {
	if p.serial {
		p.turn.Lock()
		p.model.Eval()
		return p.model
	}
	p.mu.Lock()
	if n := len(p.free); n > 0 {
		r := p.free[n-1]
		p.free = p.free[:n-1]
		p.mu.Unlock()
		return r
	}
	p.mu.Unlock()
	r, err := p.replica()
	if err != nil {
		panic(err) // the first replica was built from the same spec
	}
	return r
}

func (p *Predictor) put(r *Sequential) {
	if p.serial {
		p.turn.Unlock()
		return
	}
	p.mu.Lock()
	p.free = append(p.free, r)
	p.mu.Unlock()
}

// Forward runs the model on x in evaluation mode and copies its output
// into dst, which must have the output's shape; a nil dst is allocated.
func (p *Predictor) Forward(dst, x *tensor.Tensor) *tensor.Tensor {
	r := p.get()
	defer p.put(r)
	out := r.Forward(x)
	if dst == nil {
		return out.Clone()
	}
	if !dst.SameShape(out) {
		panic(fmt.Sprintf("nn: Predictor.Forward: destination shape %v, output %v", dst.Shape(), out.Shape()))
	}
	dst.CopyFrom(out)
	return dst
}

// Predict writes the index of the largest output (the predicted class) of
// each row of x into dst, which must have one entry per row; a nil dst is
// allocated.
func (p *Predictor) Predict(dst []int, x *tensor.Tensor) []int {
	r := p.get()
	defer p.put(r)
	out := r.Forward(x)
	if dst == nil {
		dst = make([]int, out.Dim(0))
	}
	return tensor.ArgMaxRows(dst, out)
}
