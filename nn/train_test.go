package nn

import (
	"math"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/corten-ml/corten/tensor"
)

// blobs makes a toy 3-class problem: Gaussian clusters in 2-D.
func blobs(rng *rand.Rand, n int) (*tensor.Tensor, []int) {
	centers := [][2]float32{{-2, 0}, {2, 0}, {0, 2.5}}
	x, y := tensor.New(n, 2), make([]int, n)
	d := x.Data()
	for i := range n {
		c := i % 3
		y[i] = c
		d[2*i] = centers[c][0] + 0.5*float32(rng.NormFloat64())
		d[2*i+1] = centers[c][1] + 0.5*float32(rng.NormFloat64())
	}
	return x, y
}

func trainBlobs(t *testing.T, opt func([]Param) Optimizer) float64 {
	t.Helper()
	rng := tensor.NewRand(1)
	x, y := blobs(rng, 300)
	m := MustBuild("linear(2,16),relu,linear(16,3)", rng)
	o := opt(m.Params())
	var ce SoftmaxCrossEntropy
	b := NewBatches(Range(300), 32, rng)
	xb, yb := tensor.New(32, 2), make([]int, 32)
	for range 20 {
		b.Shuffle()
		for idx := b.Next(); idx != nil; idx = b.Next() {
			o.ZeroGrad()
			ce.Forward(m.Forward(GatherRows(xb, x, idx)), GatherLabels(yb, y, idx))
			m.Backward(ce.Backward())
			o.Step()
		}
	}
	_, acc := Evaluate(m, x, y, 64)
	return acc
}

func TestTrainOptimizers(t *testing.T) {
	opts := map[string]func([]Param) Optimizer{
		"sgd":      func(p []Param) Optimizer { return NewSGD(p, 0.1) },
		"momentum": func(p []Param) Optimizer { o := NewSGD(p, 0.05); o.Momentum = 0.9; return o },
		"nesterov": func(p []Param) Optimizer {
			o := NewSGD(p, 0.05)
			o.Momentum, o.Nesterov, o.WeightDecay = 0.9, true, 1e-4
			return o
		},
		"rmsprop": func(p []Param) Optimizer { return NewRMSProp(p, 0.01) },
		"adam":    func(p []Param) Optimizer { return NewAdam(p, 0.01) },
		"adamw":   func(p []Param) Optimizer { return NewAdamW(p, 0.01, 0.01) },
		"cosine": func(p []Param) Optimizer {
			o := NewAdam(p, 0)
			o.Schedule = Cosine(0.02, 0.001, 200)
			return o
		},
	}
	for name, o := range opts {
		if acc := trainBlobs(t, o); acc < 0.95 {
			t.Errorf("%s: training accuracy %.3f < 0.95", name, acc)
		}
	}
}

func TestSchedules(t *testing.T) {
	s := StepDecay(1, 10, 0.5)
	if s(0) != 1 || s(9) != 1 || s(10) != 0.5 || s(25) != 0.25 {
		t.Errorf("StepDecay: %v %v %v %v", s(0), s(9), s(10), s(25))
	}
	c := Cosine(1, 0, 100)
	if c(0) != 1 || math.Abs(float64(c(50))-0.5) > 1e-6 || c(100) != 0 || c(500) != 0 {
		t.Errorf("Cosine: %v %v %v", c(0), c(50), c(100))
	}
}

func TestSaveLoadRoundTrip(t *testing.T) {
	rng := tensor.NewRand(2)
	m := MustBuild("linear(4,8),tanh,dropout(0.5),linear(8,3)", rng)
	sc := &Scaler{Scale: 1.0 / 255, Mean: []float32{0.1307}, Std: []float32{0.3081}}
	path := filepath.Join(t.TempDir(), "m.safetensors")
	if err := SaveModel(path, m, sc, map[string]string{"note": "test"}); err != nil {
		t.Fatal(err)
	}
	got, meta, err := LoadModel(path)
	if err != nil {
		t.Fatal(err)
	}
	if got.Spec() != m.Spec() || meta["note"] != "test" || meta["format"] != "pt" {
		t.Fatalf("spec %q meta %v", got.Spec(), meta)
	}
	gs, err := ScalerFromMetadata(meta)
	if err != nil || gs.Scale != sc.Scale || gs.Mean[0] != sc.Mean[0] || gs.Std[0] != sc.Std[0] {
		t.Fatalf("scaler %+v, %v", gs, err)
	}
	x := tensor.RandN(rng, 0, 1, 5, 4)
	m.Eval()
	got.Eval()
	want := m.Forward(x).Clone()
	if out := got.Forward(x); !equal(out.Data(), want.Data()) {
		t.Fatalf("loaded model computes %v, want %v", out, want)
	}
	// LoadWeights into a fresh model of the same shape.
	fresh := MustBuild(m.Spec(), tensor.NewRand(9))
	if _, err := LoadWeights(path, fresh.Params()); err != nil {
		t.Fatal(err)
	}
	fresh.Eval()
	if out := fresh.Forward(x); !equal(out.Data(), want.Data()) {
		t.Fatal("LoadWeights: outputs differ")
	}
	// A model of another shape is refused, and left untouched.
	other := MustBuild("linear(4,9),tanh,linear(9,3)", rng)
	before := other.Params()[0].Value.Clone()
	if _, err := LoadWeights(path, other.Params()); err == nil {
		t.Fatal("loaded weights into a model of another shape")
	} else {
		t.Log(err)
	}
	if !equal(before.Data(), other.Params()[0].Value.Data()) {
		t.Fatal("failed load changed the model")
	}
}

func TestOptimizerStateRoundTrip(t *testing.T) {
	rng := tensor.NewRand(4)
	x, y := blobs(rng, 30)
	run := func(m *Sequential, o Optimizer, steps int) {
		var ce SoftmaxCrossEntropy
		for range steps {
			o.ZeroGrad()
			ce.Forward(m.Forward(x), y)
			m.Backward(ce.Backward())
			o.Step()
		}
	}
	m := MustBuild("linear(2,5),relu,linear(5,3)", rng)
	o := NewAdam(m.Params(), 0.01)
	run(m, o, 3)
	dir := t.TempDir()
	if err := SaveModel(filepath.Join(dir, "m"), m, nil, nil); err != nil {
		t.Fatal(err)
	}
	if err := SaveOptimizer(filepath.Join(dir, "o"), o); err != nil {
		t.Fatal(err)
	}
	run(m, o, 2)

	m2, _, err := LoadModel(filepath.Join(dir, "m"))
	if err != nil {
		t.Fatal(err)
	}
	o2 := NewAdam(m2.Params(), 0.01)
	if err := LoadOptimizer(filepath.Join(dir, "o"), o2); err != nil {
		t.Fatal(err)
	}
	if o2.Steps() != 3 {
		t.Fatalf("restored step %d, want 3", o2.Steps())
	}
	run(m2, o2, 2)
	for i, p := range m.Params() {
		if !equal(p.Value.Data(), m2.Params()[i].Value.Data()) {
			t.Fatalf("%s differs after resuming", p.Name)
		}
	}
	if err := LoadOptimizer(filepath.Join(dir, "o"), NewSGD(m2.Params(), 1)); err == nil {
		t.Fatal("loaded Adam state into SGD")
	}
}

func equal(a, b []float32) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
