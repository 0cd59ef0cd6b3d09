package nn

import (
	"encoding/json"
	"math"
	"os"
	"testing"

	"github.com/corten-ml/corten/tensor"
)

// The recurrent golden tests compare corten with PyTorch on the values that
// testdata/gen_torch_rnn_fixtures.py computed in float64 (layer cases) or
// float32 (saved models).

type rnnFixtures struct {
	Cases []struct {
		Spec          string
		Shape, YShape []int
		X, Y, DY, DX  []float32
		Params        []struct {
			Name        string
			Shape       []int
			Value, Grad []float32
		}
	}
	Models map[string]struct {
		Arch  string
		Shape []int
		X, Y  []float32
		State []struct {
			Name  string
			Shape []int
		}
	}
}

func loadRNNFixtures(t *testing.T) *rnnFixtures {
	t.Helper()
	data, err := os.ReadFile("testdata/rnn_fixtures.json")
	if err != nil {
		t.Fatal(err)
	}
	var f rnnFixtures
	if err := json.Unmarshal(data, &f); err != nil {
		t.Fatal(err)
	}
	return &f
}

// TestGoldenRecurrent runs every layer case: the corten layer built from
// the case's spec must have PyTorch's parameter names and shapes in
// state_dict order, and, with PyTorch's values loaded, give its output,
// input gradient and every parameter gradient.
func TestGoldenRecurrent(t *testing.T) {
	f := loadRNNFixtures(t)
	if len(f.Cases) == 0 {
		t.Fatal("no cases")
	}
	for _, c := range f.Cases {
		m, err := Build(c.Spec, tensor.NewRand(0))
		if err != nil {
			t.Fatalf("%s: %v", c.Spec, err)
		}
		r := m.Layers[0].(*Recurrent)
		r.SkipInputGrad(false) // Sequential skips it on its first layer
		ps := r.Params()
		if len(ps) != len(c.Params) {
			t.Fatalf("%s: %d params, PyTorch has %d", c.Spec, len(ps), len(c.Params))
		}
		for i, want := range c.Params {
			if ps[i].Name != want.Name || !sameShape(ps[i].Value.Shape(), want.Shape) {
				t.Fatalf("%s: param %d is %s %v, PyTorch's %s %v", c.Spec, i, ps[i].Name, ps[i].Value.Shape(), want.Name, want.Shape)
			}
			copy(ps[i].Value.Data(), want.Value)
		}
		y := r.Forward(tensor.FromSlice(c.X, c.Shape...))
		if !sameShape(y.Shape(), c.YShape) {
			t.Fatalf("%s: output shape %v, want %v", c.Spec, y.Shape(), c.YShape)
		}
		check(t, c.Spec+" y", y.Data(), c.Y)
		ZeroGrad(ps)
		dx := r.Backward(tensor.FromSlice(c.DY, c.YShape...))
		check(t, c.Spec+" dx", dx.Data(), c.DX)
		for i, want := range c.Params {
			check(t, c.Spec+" d"+want.Name, ps[i].Grad.Data(), want.Grad)
		}
	}
}

// TestGoldenRecurrentModels loads, strictly, the state_dict of a PyTorch
// model (recurrent stack, last step, linear) saved as safetensors, checks
// that the corten model built from the same spec has the state_dict's
// names and shapes, and that it gives PyTorch's outputs within 1e-5
// relative.
func TestGoldenRecurrentModels(t *testing.T) {
	f := loadRNNFixtures(t)
	for _, kind := range []string{"rnn", "lstm", "gru"} {
		g, ok := f.Models[kind]
		if !ok {
			t.Fatalf("no %s model in the fixture", kind)
		}
		built := MustBuild(g.Arch, tensor.NewRand(0))
		ps := built.Params()
		if len(ps) != len(g.State) {
			t.Fatalf("%s: %d params, the state_dict has %d", kind, len(ps), len(g.State))
		}
		for i, s := range g.State {
			if ps[i].Name != s.Name || !sameShape(ps[i].Value.Shape(), s.Shape) {
				t.Errorf("%s: param %d is %s %v, the state_dict's %s %v", kind, i, ps[i].Name, ps[i].Value.Shape(), s.Name, s.Shape)
			}
		}
		path := "testdata/rnn_model_" + kind + ".safetensors"
		if _, err := LoadWeights(path, ps); err != nil {
			t.Fatal(err)
		}
		m, meta, err := LoadModel(path)
		if err != nil {
			t.Fatal(err)
		}
		if meta["arch"] != g.Arch || m.Spec() != g.Arch {
			t.Errorf("%s: arch %q, spec %q, want %q", kind, meta["arch"], m.Spec(), g.Arch)
		}
		x := tensor.FromSlice(g.X, g.Shape...)
		for _, model := range []*Sequential{m, built} {
			for i, v := range model.Forward(x).Data() {
				want := float64(g.Y[i])
				if d := math.Abs(float64(v) - want); d > 1e-5*max(math.Abs(want), 1e-2) {
					t.Errorf("%s: output %d: %.9g, PyTorch %.9g", kind, i, v, want)
				}
			}
		}
	}
}
