package nn

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/corten-ml/corten/internal/allocs"
	"github.com/corten-ml/corten/rnn"
	"github.com/corten-ml/corten/tensor"
)

// weightedLoss is L = Σ w·y + ½Σ y², whose gradient w + y is of order 1 in
// every element, so that the gradient check's relative errors are not
// hidden under GradCheckFloor (a mean-squared loss over many outputs would
// give gradients far below it).
func weightedLoss(w *tensor.Tensor) LossFunc {
	d := tensor.New(w.Shape()...)
	return func(y *tensor.Tensor) (float64, *tensor.Tensor) {
		var l float64
		for i, v := range y.Data() {
			l += float64(w.Data()[i])*float64(v) + 0.5*float64(v)*float64(v)
			d.Data()[i] = w.Data()[i] + v
		}
		return l, d
	}
}

// recurrentGradStep is the finite-difference step of the recurrent
// gradient checks. The loss sums n·T·H outputs, each carrying float32
// rounding from up to 28 steps, so its noise is larger than a dense
// layer's; GradCheckStep's 1e-3 leaves correct gradients at relative
// errors up to a few 1e-2 (while a mistake gives order 1), 1e-2 brings the
// rounding part down tenfold for a truncation error (order h²) still far
// below the tolerance.
const recurrentGradStep = 1e-2

func checkGradsStep(t *testing.T, name string, model Layer, x *tensor.Tensor, loss LossFunc, h float64) {
	t.Helper()
	for _, e := range GradCheck(model, x, loss, h) {
		t.Logf("%s %v", name, e)
		if e.MaxRelErr > gradTol {
			t.Errorf("%s: %v exceeds %g", name, e, gradTol)
		}
	}
}

// TestRecurrentGradCheck checks backpropagation through 28 steps for every
// cell, one and two layers, all steps and the last.
func TestRecurrentGradCheck(t *testing.T) {
	const n, steps, in, hidden = 2, 28, 3, 4
	for _, c := range []rnn.Cell{rnn.Tanh, rnn.LSTM, rnn.GRU} {
		for _, layers := range []int{1, 2} {
			for _, out := range []RecurrentOutput{OutputSequence, OutputLast} {
				rng := tensor.NewRand(uint64(10*layers + int(out)))
				r := NewRecurrent(c, in, hidden, layers, out, rng)
				x := tensor.RandN(rng, 0, 1, n, steps, in)
				var w *tensor.Tensor
				if out == OutputLast {
					w = tensor.RandN(rng, 0, 1, n, hidden)
				} else {
					// A quarter of the weight per output keeps the sum over
					// all steps, and its float32 rounding, of order one.
					w = tensor.RandN(rng, 0, 0.25, n, steps, hidden)
				}
				checkGradsStep(t, r.Spec(), r, x, weightedLoss(w), recurrentGradStep)
			}
		}
	}
}

func TestRecurrentSpec(t *testing.T) {
	for _, spec := range []string{
		"lstm(28,128)", "lstm(28,128,last)", "gru(3,4,2)", "rnn(3,4,3,last)",
		"lstm(28,128,last),linear(128,10)", "gru(5,6,2),linear(6,2)",
	} {
		m, err := Build(spec, tensor.NewRand(1))
		if err != nil {
			t.Fatalf("%s: %v", spec, err)
		}
		if got := m.Spec(); got != spec {
			t.Errorf("Build(%q).Spec() = %q", spec, got)
		}
	}
	// Other spellings of the same layers.
	for spec, want := range map[string]string{
		"LSTM(28, 128, 1)":              "lstm(28,128)",
		"gru(28,128,num_layers=2)":      "gru(28,128,2)",
		"rnn(2,3,num_layers=1,last)":    "rnn(2,3,last)",
		"lstm(28,128,2,last)":           "lstm(28,128,2,last)",
		"gru(28,128,num_layers=3,last)": "gru(28,128,3,last)",
	} {
		m, err := Build(spec, tensor.NewRand(1))
		if err != nil {
			t.Fatalf("%s: %v", spec, err)
		}
		if got := m.Spec(); got != want {
			t.Errorf("Build(%q).Spec() = %q, want %q", spec, got, want)
		}
	}
}

// TestRecurrentSpecErrors: bad and hostile specs give errors, not panics
// or huge allocations.
func TestRecurrentSpecErrors(t *testing.T) {
	for _, spec := range []string{
		"lstm", "lstm(3)", "lstm(3,4,5,last,6)", "lstm(0,4)", "gru(3,-4)", "rnn(3,4,0)",
		"lstm(3,4,first)", "lstm(3,4,last,2)", "lstm(3,4,last,last)", "lstm(3,4,layers=2)",
		"lstm(3,4,2,2)", "gru(3,4,num_layers=x)",
		"lstm(1073741824,1073741824)", "gru(1,1073741824)", "rnn(1073741824,1)",
		"lstm(1024,1024,1073741824)", "lstm(4096,4096,64)",
	} {
		if _, err := Build(spec, tensor.NewRand(1)); err == nil {
			t.Errorf("Build(%q) succeeded", spec)
		} else {
			t.Logf("%s: %v", spec, err)
		}
	}
}

// TestRecurrentParamNames: PyTorch's state_dict names, shapes and order.
func TestRecurrentParamNames(t *testing.T) {
	m := MustBuild("lstm(3,5,2,last),linear(5,2)", tensor.NewRand(1))
	want := []struct {
		name  string
		shape []int
	}{
		{"0.weight_ih_l0", []int{20, 3}}, {"0.weight_hh_l0", []int{20, 5}},
		{"0.bias_ih_l0", []int{20}}, {"0.bias_hh_l0", []int{20}},
		{"0.weight_ih_l1", []int{20, 5}}, {"0.weight_hh_l1", []int{20, 5}},
		{"0.bias_ih_l1", []int{20}}, {"0.bias_hh_l1", []int{20}},
		{"1.weight", []int{2, 5}}, {"1.bias", []int{2}},
	}
	ps := m.Params()
	if len(ps) != len(want) {
		t.Fatalf("%d params, want %d", len(ps), len(want))
	}
	for i, w := range want {
		if ps[i].Name != w.name || !sameShape(ps[i].Value.Shape(), w.shape) {
			t.Errorf("param %d: %s %v, want %s %v", i, ps[i].Name, ps[i].Value.Shape(), w.name, w.shape)
		}
	}
	// PyTorch's default initialisation: U(-1/sqrt(H), 1/sqrt(H)).
	for _, p := range ps[:8] {
		for _, v := range p.Value.Data() {
			if v < -0.4473 || v > 0.4473 {
				t.Fatalf("%s: %g outside ±1/sqrt(5)", p.Name, v)
			}
		}
	}
}

// TestRecurrentSaveLoad: a saved model loads back with the same spec and
// gives the same outputs.
func TestRecurrentSaveLoad(t *testing.T) {
	for _, spec := range []string{"lstm(3,4,2,last),linear(4,2)", "gru(3,4),tanh", "rnn(3,4,2)"} {
		rng := tensor.NewRand(5)
		m := MustBuild(spec, rng)
		x := tensor.RandN(rng, 0, 1, 2, 6, 3)
		want := m.Forward(x).Clone()
		path := filepath.Join(t.TempDir(), "m.safetensors")
		if err := SaveModel(path, m, nil, nil); err != nil {
			t.Fatal(err)
		}
		got, meta, err := LoadModel(path)
		if err != nil {
			t.Fatalf("%s: %v", spec, err)
		}
		if meta["arch"] != spec || got.Spec() != spec {
			t.Errorf("arch %q, spec %q, want %q", meta["arch"], got.Spec(), spec)
		}
		y := got.Forward(x)
		for i, v := range y.Data() {
			if v != want.Data()[i] {
				t.Fatalf("%s: output %d: %g after loading, %g before", spec, i, v, want.Data()[i])
			}
		}
	}
}

// TestRecurrentLoadHostileArch: a small file whose arch asks for a huge
// recurrent layer is refused before anything is allocated.
func TestRecurrentLoadHostileArch(t *testing.T) {
	m := MustBuild("lstm(3,4)", tensor.NewRand(1))
	for _, arch := range []string{"lstm(1073741824,1073741824)", "lstm(3000,4000)", "gru(3,4,100000)"} {
		var sb strings.Builder
		ps := m.Params()
		nt := make([]NamedTensor, len(ps))
		for i, p := range ps {
			nt[i] = NamedTensor{p.Name, p.Value}
		}
		if err := WriteSafetensors(&sb, nt, map[string]string{"arch": arch}); err != nil {
			t.Fatal(err)
		}
		if _, _, err := ReadModel([]byte(sb.String())); err == nil {
			t.Errorf("arch %q loaded", arch)
		} else {
			t.Logf("%s: %v", arch, err)
		}
	}
}

// TestRecurrentVariableShapes: a smaller batch or a shorter sequence after
// a larger one reuses the buffers and gives the same result as a fresh
// layer.
func TestRecurrentVariableShapes(t *testing.T) {
	for _, c := range []rnn.Cell{rnn.Tanh, rnn.LSTM, rnn.GRU} {
		rng := tensor.NewRand(2)
		a := NewRecurrent(c, 3, 4, 2, OutputSequence, rng)
		b := NewRecurrent(c, 3, 4, 2, OutputSequence, rng)
		for i, p := range a.Params() {
			b.Params()[i].Value.CopyFrom(p.Value)
		}
		a.Forward(tensor.RandN(rng, 0, 1, 5, 7, 3))
		a.Backward(tensor.RandN(rng, 0, 1, 5, 7, 4))
		x := tensor.RandN(rng, 0, 1, 2, 3, 3)
		dy := tensor.RandN(rng, 0, 1, 2, 3, 4)
		ZeroGrad(a.Params())
		ya, yb := a.Forward(x).Clone(), b.Forward(x)
		dxa, dxb := a.Backward(dy).Clone(), b.Backward(dy)
		check(t, c.String()+" y", ya.Data(), yb.Data())
		check(t, c.String()+" dx", dxa.Data(), dxb.Data())
		for i, p := range a.Params() {
			check(t, c.String()+" "+p.Name, p.Grad.Data(), b.Params()[i].Grad.Data())
		}
	}
}

// TestRecurrentSingleStep: T = 1 (no recurrent product at all).
func TestRecurrentSingleStep(t *testing.T) {
	for _, c := range []rnn.Cell{rnn.Tanh, rnn.LSTM, rnn.GRU} {
		rng := tensor.NewRand(4)
		r := NewRecurrent(c, 3, 4, 2, OutputSequence, rng)
		checkGrads(t, c.String()+" T=1", r, tensor.RandN(rng, 0, 1, 3, 1, 3), weightedLoss(tensor.RandN(rng, 0, 1, 3, 1, 4)))
	}
}

// TestRecurrentStepAllocs: a warm training step allocates nothing.
func TestRecurrentStepAllocs(t *testing.T) {
	for _, spec := range []string{"lstm(5,8,2,last),linear(8,3)", "gru(5,8),rnn(8,6,last),linear(6,3)"} {
		rng := tensor.NewRand(1)
		m := MustBuild(spec, rng)
		x := tensor.RandN(rng, 0, 1, 4, 28, 5)
		labels := []int{0, 1, 2, 1}
		opt := NewAdam(m.Params(), 1e-3)
		var ce SoftmaxCrossEntropy
		step := func() {
			opt.ZeroGrad()
			ce.Forward(m.Forward(x), labels)
			m.Backward(ce.Backward())
			opt.Step()
		}
		step()
		if a := allocs.Steady(5, 5, step); a != 0 {
			t.Errorf("%s: a training step allocates %v times", spec, a)
		}
	}
}

func TestRecurrentShapePanics(t *testing.T) {
	r := NewLSTM(3, 4, 1, OutputSequence, tensor.NewRand(1))
	for name, f := range map[string]func(){
		"rank 2":       func() { r.Forward(tensor.New(2, 3)) },
		"features":     func() { r.Forward(tensor.New(2, 5, 4)) },
		"gradient":     func() { r.Forward(tensor.New(2, 5, 3)); r.Backward(tensor.New(2, 5, 3)) },
		"empty layers": func() { NewLSTM(3, 4, 0, OutputSequence, tensor.NewRand(1)) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			f()
		}()
	}
}
