package nn

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"testing"

	"github.com/corten-ml/corten/tensor"
)

// The golden tests compare corten with PyTorch on the values that
// testdata/gen_torch_fixtures.py computed in float64. corten computes in
// float32, so a value passes when |got - want| <= goldenAbs + goldenRel·|want|.
const (
	goldenAbs = 1e-5
	goldenRel = 1e-4
)

type goldenCase struct {
	Shape  []int     `json:"shape"`
	X      []float32 `json:"x"`
	Y      []float32 `json:"y"`
	DY     []float32 `json:"dy"`
	DX     []float32 `json:"dx"`
	Logits []float32 `json:"logits"`
	Labels []int     `json:"labels"`
	Loss   float64   `json:"loss"`
	DLog   []float32 `json:"dlogits"`
}

type goldenFile struct {
	Linear struct {
		In, Out                int
		X, Weight, Bias, Y, DY []float32
		DX, DWeight, DBias     []float32
	}
	Activations  map[string]goldenCase
	CrossEntropy []goldenCase `json:"cross_entropy"`
	MSE          struct {
		Shape               []int
		Pred, Target, DPred []float32
		Loss                float64
	}
	Optimizers struct {
		Arch   string
		X      []float32
		Labels []int
		Init   map[string][]float32
		Steps  map[string][]map[string][]float32
	}
}

func loadGolden(t *testing.T) *goldenFile {
	t.Helper()
	data, err := os.ReadFile("testdata/torch_fixtures.json")
	if err != nil {
		t.Fatal(err)
	}
	var g goldenFile
	if err := json.Unmarshal(data, &g); err != nil {
		t.Fatal(err)
	}
	return &g
}

// closeTo reports the first element outside the golden tolerance.
func closeTo(got, want []float32) error {
	if len(got) != len(want) {
		return fmt.Errorf("%d values, want %d", len(got), len(want))
	}
	for i := range got {
		if d := math.Abs(float64(got[i] - want[i])); !(d <= goldenAbs+goldenRel*math.Abs(float64(want[i]))) {
			return fmt.Errorf("element %d: got %.9g, want %.9g", i, got[i], want[i])
		}
	}
	return nil
}

func check(t *testing.T, what string, got, want []float32) {
	t.Helper()
	if err := closeTo(got, want); err != nil {
		t.Errorf("%s: %v", what, err)
	}
}

func TestGoldenLinear(t *testing.T) {
	g := loadGolden(t).Linear
	d := NewDense(g.In, g.Out, Zeros, nil)
	copy(d.W.Data(), g.Weight)
	copy(d.B.Data(), g.Bias)
	x := tensor.FromSlice(g.X, len(g.X)/g.In, g.In)
	check(t, "y", d.Forward(x).Data(), g.Y)
	dx := d.Backward(tensor.FromSlice(g.DY, x.Dim(0), g.Out))
	check(t, "dx", dx.Data(), g.DX)
	check(t, "dweight", d.DW.Data(), g.DWeight)
	check(t, "dbias", d.DB.Data(), g.DBias)
}

func TestGoldenActivations(t *testing.T) {
	layers := map[string]Layer{"relu": &ReLU{}, "sigmoid": &Sigmoid{}, "tanh": &Tanh{}, "softmax": &Softmax{}}
	for name, c := range loadGolden(t).Activations {
		l := layers[name]
		if l == nil {
			t.Fatalf("no layer for fixture %q", name)
		}
		check(t, name+" y", l.Forward(tensor.FromSlice(c.X, c.Shape...)).Data(), c.Y)
		check(t, name+" dx", l.Backward(tensor.FromSlice(c.DY, c.Shape...)).Data(), c.DX)
	}
}

func TestGoldenCrossEntropy(t *testing.T) {
	for i, c := range loadGolden(t).CrossEntropy {
		var ce SoftmaxCrossEntropy
		loss := ce.Forward(tensor.FromSlice(c.Logits, c.Shape...), c.Labels)
		// The loss of logits near ±1000 carries float32's absolute
		// rounding of the logits themselves (1000·6e-8).
		d := math.Abs(loss - c.Loss)
		t.Logf("case %d: loss error %.2g", i, d)
		if d > goldenAbs+goldenRel*math.Abs(c.Loss) {
			t.Errorf("case %d: loss %.9g, want %.9g", i, loss, c.Loss)
		}
		check(t, fmt.Sprintf("case %d dlogits", i), ce.Backward().Data(), c.DLog)
	}
}

func TestGoldenMSE(t *testing.T) {
	g := loadGolden(t).MSE
	var l MSE
	loss := l.Forward(tensor.FromSlice(g.Pred, g.Shape...), tensor.FromSlice(g.Target, g.Shape...))
	if math.Abs(loss-g.Loss) > goldenAbs+goldenRel*g.Loss {
		t.Errorf("loss %.9g, want %.9g", loss, g.Loss)
	}
	check(t, "dpred", l.Backward().Data(), g.DPred)
}

func TestGoldenOptimizers(t *testing.T) {
	g := loadGolden(t).Optimizers
	makers := map[string]func([]Param) Optimizer{
		"adam": func(p []Param) Optimizer { return NewAdam(p, 0.1) },
		"adam_l2": func(p []Param) Optimizer {
			o := NewAdam(p, 0.1)
			o.WeightDecay = 0.05
			return o
		},
		"adamw": func(p []Param) Optimizer { return NewAdamW(p, 0.1, 0.05) },
		"sgd": func(p []Param) Optimizer {
			o := NewSGD(p, 0.1)
			o.WeightDecay = 0.05
			return o
		},
		"momentum": func(p []Param) Optimizer {
			o := NewSGD(p, 0.1)
			o.Momentum = 0.9
			return o
		},
		"nesterov": func(p []Param) Optimizer {
			o := NewSGD(p, 0.1)
			o.Momentum, o.Nesterov, o.WeightDecay = 0.9, true, 0.05
			return o
		},
		"rmsprop": func(p []Param) Optimizer {
			o := NewRMSProp(p, 0.01)
			o.WeightDecay = 0.05
			return o
		},
	}
	for name, steps := range g.Steps {
		mk := makers[name]
		if mk == nil {
			t.Fatalf("no optimizer for fixture %q", name)
		}
		m := MustBuild(g.Arch, tensor.NewRand(0))
		for _, p := range m.Params() {
			copy(p.Value.Data(), g.Init[p.Name])
		}
		x := tensor.FromSlice(g.X, len(g.Labels), len(g.X)/len(g.Labels))
		opt := mk(m.Params())
		var ce SoftmaxCrossEntropy
		for s, want := range steps {
			opt.ZeroGrad()
			ce.Forward(m.Forward(x), g.Labels)
			m.Backward(ce.Backward())
			opt.Step()
			for _, p := range m.Params() {
				check(t, fmt.Sprintf("%s step %d %s", name, s+1, p.Name), p.Value.Data(), want[p.Name])
			}
		}
	}
}

// TestGoldenTorchModel loads a state_dict that PyTorch saved as
// safetensors and checks the outputs PyTorch computed with it.
func TestGoldenTorchModel(t *testing.T) {
	var g struct {
		TorchModel struct{ X, Y []float32 } `json:"torch_model"`
	}
	data, err := os.ReadFile("testdata/torch_fixtures.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &g); err != nil {
		t.Fatal(err)
	}
	m, meta, err := LoadModel("testdata/torch_model.safetensors")
	if err != nil {
		t.Fatal(err)
	}
	if meta["format"] != "pt" {
		t.Errorf("metadata %v", meta)
	}
	x := tensor.FromSlice(g.TorchModel.X, 2, 4)
	check(t, "torch model output", m.Forward(x).Data(), g.TorchModel.Y)
}
