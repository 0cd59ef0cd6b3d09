package nn

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"slices"
	"testing"

	"github.com/corten-ml/corten/tensor"
)

// The values testdata/gen_torch_norm_fixtures.py computed with PyTorch.
type normFixtures struct {
	Embedding struct {
		Num, Dim               int
		Shape                  []int
		IDs                    []float32
		Weight, Y, DY, DWeight []float32
	}
	BatchNorm []struct {
		Kind                       string
		Shape                      []int
		Weight, Bias, X, Y, DY, DX []float32
		DWeight, DBias             []float32
		X2                         []float32
		RunningMean                []float32 `json:"running_mean"`
		RunningVar                 []float32 `json:"running_var"`
		NumBatchesTracked          float32   `json:"num_batches_tracked"`
		X3                         []float32
		YEval                      []float32 `json:"y_eval"`
		DYEval                     []float32 `json:"dy_eval"`
		DXEval                     []float32 `json:"dx_eval"`
		DWeightEval                []float32 `json:"dweight_eval"`
		DBiasEval                  []float32 `json:"dbias_eval"`
	}
	TorchModels []struct {
		Name, Arch, File string
		Names            []string
		Shapes           [][]int
		XShape           []int
		X, Y             []float32
	} `json:"torch_models"`
}

func loadNormFixtures(t *testing.T) *normFixtures {
	t.Helper()
	data, err := os.ReadFile("testdata/norm_fixtures.json")
	if err != nil {
		t.Fatal(err)
	}
	var f normFixtures
	if err := json.Unmarshal(data, &f); err != nil {
		t.Fatal(err)
	}
	return &f
}

func TestEmbeddingGolden(t *testing.T) {
	g := loadNormFixtures(t).Embedding
	e := NewEmbedding(g.Num, g.Dim, tensor.NewRand(1))
	copy(e.W.Data(), g.Weight)
	ids := tensor.FromSlice(g.IDs, g.Shape...)
	y := e.Forward(ids)
	if want := append(slices.Clone(g.Shape), g.Dim); !slices.Equal(y.Shape(), want) {
		t.Fatalf("output shape %v, want %v", y.Shape(), want)
	}
	check(t, "y", y.Data(), g.Y)
	if dx := e.Backward(tensor.FromSlice(g.DY, y.Shape()...)); dx != nil {
		t.Errorf("Backward returned an input gradient %v", dx.Shape())
	}
	check(t, "dweight", e.DW.Data(), g.DWeight)
}

func TestBatchNormGolden(t *testing.T) {
	for _, g := range loadNormFixtures(t).BatchNorm {
		name := fmt.Sprint(g.Kind, g.Shape)
		b := NewBatchNorm1d(g.Shape[1])
		if g.Kind == "batchnorm2d" {
			b = NewBatchNorm2d(g.Shape[1])
		}
		copy(b.W.Data(), g.Weight)
		copy(b.B.Data(), g.Bias)
		// Training: batch statistics, every gradient.
		check(t, name+" y", b.Forward(tensor.FromSlice(g.X, g.Shape...)).Data(), g.Y)
		check(t, name+" dx", b.Backward(tensor.FromSlice(g.DY, g.Shape...)).Data(), g.DX)
		check(t, name+" dweight", b.DW.Data(), g.DWeight)
		check(t, name+" dbias", b.DB.Data(), g.DBias)
		// A second training step moves the running statistics again.
		b.Forward(tensor.FromSlice(g.X2, g.Shape...))
		check(t, name+" running_mean", b.RunningMean.Data(), g.RunningMean)
		check(t, name+" running_var", b.RunningVar.Data(), g.RunningVar)
		check(t, name+" num_batches_tracked", b.NumBatches.Data(), []float32{g.NumBatchesTracked})
		// Evaluation: the running statistics normalise.
		b.SetTraining(false)
		ZeroGrad(b.Params())
		check(t, name+" eval y", b.Forward(tensor.FromSlice(g.X3, g.Shape...)).Data(), g.YEval)
		check(t, name+" eval dx", b.Backward(tensor.FromSlice(g.DYEval, g.Shape...)).Data(), g.DXEval)
		check(t, name+" eval dweight", b.DW.Data(), g.DWeightEval)
		check(t, name+" eval dbias", b.DB.Data(), g.DBiasEval)
		check(t, name+" eval leaves num_batches_tracked", b.NumBatches.Data(), []float32{g.NumBatchesTracked})
	}
}

// TestNormTorchInterchange loads state_dicts that PyTorch saved (with
// num_batches_tracked as I64) strictly into the same specs, checks the
// names and shapes against PyTorch's state_dict and the evaluation-mode
// outputs against PyTorch's, then saves the model and loads it back.
func TestNormTorchInterchange(t *testing.T) {
	for _, g := range loadNormFixtures(t).TorchModels {
		m, meta, err := LoadModel("testdata/" + g.File)
		if err != nil {
			t.Fatalf("%s: %v", g.Name, err)
		}
		if meta["arch"] != g.Arch || m.Spec() != g.Arch {
			t.Errorf("%s: arch %q, spec %q, want %q", g.Name, meta["arch"], m.Spec(), g.Arch)
		}
		state := modelState(m)
		if len(state) != len(g.Names) {
			t.Errorf("%s: %d tensors in the state, PyTorch has %d", g.Name, len(state), len(g.Names))
		}
		for i, p := range state {
			if i < len(g.Names) && (p.Name != g.Names[i] || !slices.Equal(p.Value.Shape(), g.Shapes[i])) {
				t.Errorf("%s: tensor %d is %s %v, PyTorch's is %s %v", g.Name, i, p.Name, p.Value.Shape(), g.Names[i], g.Shapes[i])
			}
		}
		m.Eval()
		x := tensor.FromSlice(g.X, g.XShape...)
		y := m.Forward(x).Clone()
		checkRel(t, g.Name+" output", y.Data(), g.Y, 1e-5)

		// The same model strictly into a model built from the spec.
		m2 := MustBuild(g.Arch, tensor.NewRand(9))
		if _, err := LoadWeights("testdata/"+g.File, append(m2.Params(), Buffers(m2)...)); err != nil {
			t.Errorf("%s: LoadWeights: %v", g.Name, err)
		}
		m2.Eval()
		checkRel(t, g.Name+" LoadWeights output", m2.Forward(x).Data(), g.Y, 1e-5)
		if _, err := LoadWeights("testdata/"+g.File, m2.Params()); Buffers(m2) != nil && err == nil {
			t.Errorf("%s: strict LoadWeights without the buffers accepted the file", g.Name)
		}
	}
}

// checkRel compares within a relative tolerance, with an absolute floor
// for values near zero.
func checkRel(t *testing.T, what string, got, want []float32, rel float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d values, want %d", what, len(got), len(want))
	}
	for i := range got {
		if d := math.Abs(float64(got[i] - want[i])); !(d <= rel*max(math.Abs(float64(want[i])), 1e-2)) {
			t.Errorf("%s: element %d: got %.9g, want %.9g", what, i, got[i], want[i])
			return
		}
	}
}
