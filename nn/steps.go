package nn

import (
	"fmt"

	"github.com/corten-ml/corten/tensor"
)

// MeanSteps averages a batch of sequences [N, T, F] over its steps into
// [N, F], as x.mean(1) in PyTorch (the ViT's pooling of its tokens).
// Spec: meansteps.
type MeanSteps struct {
	steps int
	y, dx buffer
}

// Forward returns the mean over axis 1.
func (m *MeanSteps) Forward(x *tensor.Tensor) *tensor.Tensor {
	mustSteps("MeanSteps", x)
	m.steps = x.Dim(1)
	y := m.y.get(x.Dim(0), x.Dim(2))
	tensor.SumAxis(y, x, 1)
	return tensor.Scale(y, 1/float32(m.steps), y)
}

// Backward spreads dy/T over every step.
func (m *MeanSteps) Backward(dy *tensor.Tensor) *tensor.Tensor {
	mustSameShape("MeanSteps", "gradient", dy, m.y.cur)
	n, f := dy.Dim(0), dy.Dim(1)
	dx := m.dx.get(n, m.steps, f)
	g, out := dy.Data(), dx.Data()
	scale := 1 / float32(m.steps)
	for i := 0; i < n; i++ {
		// Every step gets the same gradient: scale it once, copy it on.
		first := out[i*m.steps*f : (i*m.steps+1)*f]
		for j, v := range g[i*f : (i+1)*f] {
			first[j] = v * scale
		}
		for t := 1; t < m.steps; t++ {
			copy(out[(i*m.steps+t)*f:(i*m.steps+t+1)*f], first)
		}
	}
	return dx
}

// Params returns nil: MeanSteps has no parameters.
func (m *MeanSteps) Params() []Param { return nil }

// Spec returns "meansteps".
func (m *MeanSteps) Spec() string { return "meansteps" }

// LastStep selects the last step of a batch of sequences [N, T, F] into
// [N, F], as out[:, -1] after a recurrent layer. Spec: laststep.
type LastStep struct {
	steps int
	y, dx buffer
}

// Forward copies x[:, T-1, :].
func (l *LastStep) Forward(x *tensor.Tensor) *tensor.Tensor {
	mustSteps("LastStep", x)
	n, t, f := x.Dim(0), x.Dim(1), x.Dim(2)
	l.steps = t
	y := l.y.get(n, f)
	for i := 0; i < n; i++ {
		copy(y.Data()[i*f:(i+1)*f], x.Data()[(i*t+t-1)*f:(i*t+t)*f])
	}
	return y
}

// Backward returns dy at the last step and zeros elsewhere.
func (l *LastStep) Backward(dy *tensor.Tensor) *tensor.Tensor {
	mustSameShape("LastStep", "gradient", dy, l.y.cur)
	n, f, t := dy.Dim(0), dy.Dim(1), l.steps
	dx := l.dx.get(n, t, f)
	dx.Zero()
	for i := 0; i < n; i++ {
		copy(dx.Data()[(i*t+t-1)*f:(i*t+t)*f], dy.Data()[i*f:(i+1)*f])
	}
	return dx
}

// Params returns nil: LastStep has no parameters.
func (l *LastStep) Params() []Param { return nil }

// Spec returns "laststep".
func (l *LastStep) Spec() string { return "laststep" }

func mustSteps(layer string, x *tensor.Tensor) {
	if x.Dims() != 3 || x.Dim(1) == 0 {
		panic(fmt.Sprintf("nn: %s: input shape %v, want [N T F] with T > 0", layer, x.Shape()))
	}
}
