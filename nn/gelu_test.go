package nn

import (
	"math"
	"testing"

	"github.com/corten-ml/corten/internal/allocs"
	"github.com/corten-ml/corten/kernels"
	"github.com/corten-ml/corten/tensor"
)

// sameTensorBits fails unless got and want hold the same float32 bits (any two
// NaNs equal).
func sameTensorBits(t *testing.T, what string, got, want *tensor.Tensor) {
	t.Helper()
	g, w := got.Data(), want.Data()
	if len(g) != len(w) {
		t.Fatalf("%s: %d values, want %d", what, len(g), len(w))
	}
	for i := range w {
		if math.Float32bits(g[i]) != math.Float32bits(w[i]) && !(g[i] != g[i] && w[i] != w[i]) {
			t.Fatalf("%s: [%d] = %v, want %v", what, i, g[i], w[i])
		}
	}
}

// geluInput is a random tensor with the values where GELU's branches and
// clamps change mixed in.
func geluInput() *tensor.Tensor {
	x := tensor.RandN(tensor.NewRand(3), 0, 3, 3, 5, 7)
	special := []float32{0, float32(math.Copysign(0, -1)), -0.75, 16, -16, 30, -30,
		float32(math.Inf(1)), float32(math.Inf(-1)), float32(math.NaN()), 1e-30, -1e-30}
	for i, v := range special {
		x.Data()[7*i] = v
	}
	return x
}

// TestGELUModes checks that a GELU layer, exact or tanh, gives the y and
// dx of the tensor functions bit for bit in training mode (a new GELU,
// Backward from the derivative its Forward kept) and in evaluation mode
// (Backward from x), on both kernel paths, switching back and forth.
func TestGELUModes(t *testing.T) {
	x := geluInput()
	dy := tensor.RandN(tensor.NewRand(4), 0, 1, x.Shape()...)
	was := kernels.SetSIMD(true)
	defer kernels.SetSIMD(was)
	for _, simd := range []bool{false, true} {
		kernels.SetSIMD(simd)
		for _, tanh := range []bool{false, true} {
			wantY, wantDx := tensor.GELU(nil, x), tensor.GELUBackward(nil, dy, x)
			if tanh {
				wantY, wantDx = tensor.GELUTanh(nil, x), tensor.GELUTanhBackward(nil, dy, x)
			}
			g := GELU{Tanh: tanh}
			for _, training := range []bool{true, false, true, false} {
				if !training || g.eval {
					g.SetTraining(training)
				}
				y := g.Forward(x)
				if g.keep != training {
					t.Fatalf("simd=%v tanh=%v training=%v: Forward kept the derivative: %v", simd, tanh, training, g.keep)
				}
				sameTensorBits(t, "y", y, wantY)
				sameTensorBits(t, "dx", g.Backward(dy), wantDx)
			}
		}
	}
}

// TestGELUModeSwitch checks that Sequential.Train and Eval reach the GELU
// inside a transformer encoder layer, and that a new model trains.
func TestGELUModeSwitch(t *testing.T) {
	m := MustBuild("linear(4,8),gelu,encoder(8,2,16)", tensor.NewRand(1))
	g, enc := m.Layers[1].(*GELU), m.Layers[2].(*TransformerEncoderLayer)
	for _, training := range []bool{true, false, true} {
		if !training {
			m.Eval()
		} else if g.eval {
			m.Train()
		}
		if g.eval == training || enc.Act.eval == training {
			t.Errorf("training=%v: GELU eval %v, encoder's GELU eval %v", training, g.eval, enc.Act.eval)
		}
	}
}

// TestGELUTrainingSameBits trains a small transformer for a few steps
// twice from the same start, once with its GELUs keeping the derivative
// and once with them in evaluation mode (Backward from x, as before the
// derivative was kept), and checks that every parameter ends with the
// same bits.
func TestGELUTrainingSameBits(t *testing.T) {
	const spec = "linear(6,16),gelu,encoder(16,4,32),encoder(16,2,24,causal),gelu(tanh),linear(16,3)"
	run := func(keep bool) []Param {
		m := MustBuild(spec, tensor.NewRand(9))
		for _, l := range m.Layers {
			switch l := l.(type) {
			case *GELU:
				l.SetTraining(keep)
			case *TransformerEncoderLayer:
				l.Act.SetTraining(keep)
			}
		}
		opt := NewAdam(m.Params(), 1e-2)
		rng := tensor.NewRand(10)
		var loss MSE
		for range 5 {
			x := tensor.RandN(rng, 0, 1, 4, 5, 6)
			target := tensor.RandN(rng, 0, 1, 4, 5, 3)
			ZeroGrad(m.Params())
			loss.Forward(m.Forward(x), target)
			m.Backward(loss.Backward())
			opt.Step()
		}
		return m.Params()
	}
	kept, fromX := run(true), run(false)
	for i := range kept {
		sameTensorBits(t, kept[i].Name, kept[i].Value, fromX[i].Value)
		sameTensorBits(t, kept[i].Name+" grad", kept[i].Grad, fromX[i].Grad)
	}
}

// TestGELUAllocs checks that warm passes allocate nothing in either mode
// and across a switch.
func TestGELUAllocs(t *testing.T) {
	x := geluInput()
	g, h := &GELU{}, &GELU{Tanh: true}
	step := func() {
		for _, training := range []bool{true, false} {
			g.SetTraining(training)
			h.SetTraining(training)
			g.Backward(g.Forward(x))
			h.Backward(h.Forward(x))
		}
	}
	step()
	if a := allocs.Steady(3, 5, step); a != 0 {
		t.Errorf("GELU: warm passes allocate %v times", a)
	}
}
