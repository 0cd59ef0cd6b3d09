package nn

import (
	"encoding/json"
	"fmt"
	"os"
	"testing"

	"github.com/corten-ml/corten/tensor"
)

// The transformer pieces against PyTorch: values that
// testdata/gen_torch_attn_fixtures.py computed in float64, compared within
// the golden tolerance of golden_test.go.

type attnState struct {
	Name   string
	Shape  []int
	Values []float32
}

type attnCase struct {
	Shape, YShape []int
	X, Y, DY, DX  []float32
	State         []attnState
	Grads         map[string][]float32
	// Layer settings, by kind.
	Dim, Embed, Heads int
	DModel            int `json:"d_model"`
	NHead, FF         int
	Causal            bool
	Spec              string
}

type attnFixtures struct {
	LayerNorm   []attnCase
	Activations map[string]attnCase
	MHA         []attnCase
	Encoder     []attnCase
	Patches     []attnCase
	Clip        []struct {
		MaxNorm        float64 `json:"max_norm"`
		Shapes         [][]int
		Grads, Clipped [][]float32
		Total          float64
	}
	Model struct {
		Arch  string
		Names [][2]json.RawMessage
		Shape []int
		X, Y  []float32
	}
}

func loadAttnFixtures(t *testing.T) *attnFixtures {
	t.Helper()
	data, err := os.ReadFile("testdata/attn_fixtures.json")
	if err != nil {
		t.Fatal(err)
	}
	var f attnFixtures
	if err := json.Unmarshal(data, &f); err != nil {
		t.Fatal(err)
	}
	return &f
}

// runGolden loads the case's state into layer (checking that the layer's
// parameter names and shapes are PyTorch's, in state_dict order), runs the
// forward and backward passes and compares the output and every gradient.
func runGolden(t *testing.T, what string, layer Layer, c attnCase) {
	t.Helper()
	params := layer.Params()
	if len(params) != len(c.State) {
		t.Fatalf("%s: %d params, PyTorch has %d", what, len(params), len(c.State))
	}
	for i, p := range params {
		s := c.State[i]
		if p.Name != s.Name || !sameShape(p.Value.Shape(), s.Shape) {
			t.Fatalf("%s: param %d is %q %v, PyTorch's is %q %v", what, i, p.Name, p.Value.Shape(), s.Name, s.Shape)
		}
		copy(p.Value.Data(), s.Values)
	}
	ZeroGrad(params)
	y := layer.Forward(tensor.FromSlice(c.X, c.Shape...))
	if !sameShape(y.Shape(), c.YShape) {
		t.Fatalf("%s: output shape %v, want %v", what, y.Shape(), c.YShape)
	}
	check(t, what+" y", y.Data(), c.Y)
	dx := layer.Backward(tensor.FromSlice(c.DY, c.YShape...))
	check(t, what+" dx", dx.Data(), c.DX)
	for _, p := range params {
		check(t, fmt.Sprintf("%s d%s", what, p.Name), p.Grad.Data(), c.Grads[p.Name])
	}
}

func TestGoldenLayerNorm(t *testing.T) {
	for i, c := range loadAttnFixtures(t).LayerNorm {
		runGolden(t, fmt.Sprintf("layernorm case %d", i), NewLayerNorm(c.Dim), c)
	}
}

func TestGoldenSmoothActivations(t *testing.T) {
	for spec, c := range loadAttnFixtures(t).Activations {
		m := MustBuild(spec, nil)
		if got := m.Spec(); got != spec {
			t.Errorf("Build(%q).Spec() = %q", spec, got)
		}
		runGolden(t, spec, m.Layers[0], c)
	}
}

func TestGoldenMultiheadAttention(t *testing.T) {
	for i, c := range loadAttnFixtures(t).MHA {
		a := NewMultiheadAttention(c.Embed, c.Heads, c.Causal, tensor.NewRand(1))
		runGolden(t, fmt.Sprintf("mha case %d (%s)", i, a.Spec()), a, c)
	}
}

func TestGoldenEncoderLayer(t *testing.T) {
	for i, c := range loadAttnFixtures(t).Encoder {
		l := NewTransformerEncoderLayer(c.DModel, c.NHead, c.FF, c.Causal, tensor.NewRand(1))
		runGolden(t, fmt.Sprintf("encoder case %d (%s)", i, l.Spec()), l, c)
	}
}
