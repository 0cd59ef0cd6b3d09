package nn

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
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
		Names [][]any
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

func TestGoldenPatches(t *testing.T) {
	for _, c := range loadAttnFixtures(t).Patches {
		m := MustBuild(c.Spec, nil)
		if m.Spec() != c.Spec {
			t.Errorf("Build(%q).Spec() = %q", c.Spec, m.Spec())
		}
		m.SetInputGrad(true)
		y := m.Forward(tensor.FromSlice(c.X, c.Shape...))
		if !sameShape(y.Shape(), c.YShape) {
			t.Fatalf("%s: output shape %v, want %v", c.Spec, y.Shape(), c.YShape)
		}
		// Pure data movement: exact.
		for i, v := range y.Data() {
			if v != c.Y[i] {
				t.Fatalf("%s: y[%d] = %v, want %v", c.Spec, i, v, c.Y[i])
			}
		}
		dx := m.Backward(tensor.FromSlice(c.DY, c.YShape...))
		for i, v := range dx.Data() {
			if v != c.DX[i] {
				t.Fatalf("%s: dx[%d] = %v, want %v", c.Spec, i, v, c.DX[i])
			}
		}
	}
}

func TestGoldenClipGradNorm(t *testing.T) {
	for _, c := range loadAttnFixtures(t).Clip {
		var params []Param
		for i, s := range c.Shapes {
			g := tensor.FromSlice(append([]float32(nil), c.Grads[i]...), s...)
			params = append(params, Param{Name: fmt.Sprint(i), Value: tensor.New(s...), Grad: g})
		}
		total := ClipGradNorm(params, c.MaxNorm)
		if math.Abs(total-c.Total) > 1e-6*c.Total {
			t.Errorf("max_norm %v: total %v, want %v", c.MaxNorm, total, c.Total)
		}
		for i, p := range params {
			check(t, fmt.Sprintf("max_norm %v grad %d", c.MaxNorm, i), p.Grad.Data(), c.Clipped[i])
		}
	}
}

// TestGoldenTorchViT loads a small ViT that PyTorch saved as safetensors
// (its state_dict, keyed as nn.Sequential's, with the corten spec as
// "arch") strictly, checks that the names and shapes are PyTorch's, and
// compares the outputs PyTorch computed in float32 (within 1e-5
// relative, plus the golden absolute floor). Saved again by corten, it
// must load back identically.
func TestGoldenTorchViT(t *testing.T) {
	g := loadAttnFixtures(t).Model
	m, meta, err := LoadModel("testdata/attn_model.safetensors")
	if err != nil {
		t.Fatal(err)
	}
	if meta["arch"] != g.Arch || m.Spec() != g.Arch {
		t.Fatalf("arch %q, spec %q, want %q", meta["arch"], m.Spec(), g.Arch)
	}
	params := m.Params()
	if len(params) != len(g.Names) {
		t.Fatalf("%d params, PyTorch's state_dict has %d", len(params), len(g.Names))
	}
	for i, p := range params {
		name, _ := g.Names[i][0].(string)
		var shape []int
		for _, d := range g.Names[i][1].([]any) {
			shape = append(shape, int(d.(float64)))
		}
		if p.Name != name || !sameShape(p.Value.Shape(), shape) {
			t.Errorf("param %d is %q %v, PyTorch's is %q %v", i, p.Name, p.Value.Shape(), name, shape)
		}
	}
	x := tensor.FromSlice(g.X, g.Shape...)
	y := m.Forward(x).Clone()
	for i, v := range y.Data() {
		if d := math.Abs(float64(v - g.Y[i])); d > goldenAbs+1e-5*math.Abs(float64(g.Y[i])) {
			t.Errorf("y[%d] = %v, PyTorch %v", i, v, g.Y[i])
		}
	}
	path := filepath.Join(t.TempDir(), "vit.safetensors")
	if err := SaveModel(path, m, nil, nil); err != nil {
		t.Fatal(err)
	}
	m2, _, err := LoadModel(path)
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range m2.Forward(x).Data() {
		if v != y.Data()[i] {
			t.Fatalf("reloaded model: y[%d] = %v, want %v", i, v, y.Data()[i])
		}
	}
}

// TestWriteCortenViT writes, when CORTEN_WRITE_INTERCHANGE is set, a small
// ViT built and saved by corten, with an input and corten's output in the
// metadata, to testdata/attn_corten_model.safetensors. The fixture script
// testdata/gen_torch_attn_fixtures.py loads it with strict=True into the
// equivalent PyTorch module and checks the outputs: the corten-to-PyTorch
// direction of the interchange, run by hand as the fixtures are.
func TestWriteCortenViT(t *testing.T) {
	if os.Getenv("CORTEN_WRITE_INTERCHANGE") == "" {
		t.Skip("set CORTEN_WRITE_INTERCHANGE=1 to write testdata/attn_corten_model.safetensors")
	}
	arch := loadAttnFixtures(t).Model.Arch
	m := MustBuild(arch, tensor.NewRand(21))
	randomizeParams(m.Params(), tensor.NewRand(22))
	x := tensor.RandN(tensor.NewRand(23), 0, 1, 3, 64)
	y := m.Forward(x)
	xs, _ := json.Marshal(x.Data())
	ys, _ := json.Marshal(y.Data())
	if err := SaveModel("testdata/attn_corten_model.safetensors", m, nil, map[string]string{"x": string(xs), "y": string(ys)}); err != nil {
		t.Fatal(err)
	}
}

// TestCortenViTFile checks that the committed corten-written model (which
// the fixture script loaded into PyTorch) still loads and reproduces its
// recorded output here.
func TestCortenViTFile(t *testing.T) {
	m, meta, err := LoadModel("testdata/attn_corten_model.safetensors")
	if err != nil {
		t.Fatal(err)
	}
	var x, y []float32
	if err := json.Unmarshal([]byte(meta["x"]), &x); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(meta["y"]), &y); err != nil {
		t.Fatal(err)
	}
	check(t, "corten ViT output", m.Forward(tensor.FromSlice(x, 3, 64)).Data(), y)
}
