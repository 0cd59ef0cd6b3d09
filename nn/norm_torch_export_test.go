package nn

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/corten-ml/corten/tensor"
)

// TestNormExportForTorch writes corten models with Embedding and
// BatchNorm (trained a few steps, so the running statistics moved), their
// evaluation-mode outputs and inputs, into the directory named by
// CORTEN_TORCH_EXPORT; testdata/check_torch_load_norm.py then loads each
// file with PyTorch's strict load_state_dict into the equivalent module and
// compares the outputs. Without the variable the test only checks that the
// files can be written.
func TestNormExportForTorch(t *testing.T) {
	dir := os.Getenv("CORTEN_TORCH_EXPORT")
	if dir == "" {
		dir = t.TempDir()
	}
	type export struct {
		Arch  string    `json:"arch"`
		Shape []int     `json:"shape"`
		X     []float32 `json:"x"`
		Y     []float32 `json:"y"`
	}
	out := map[string]export{}
	for _, c := range []struct {
		name, arch string
		shape      []int
	}{
		{"bn1d", "linear(4,6),batchnorm1d(6),relu,linear(6,3)", []int{5, 4}},
		{"bn1d_seq", "batchnorm1d(3,momentum=0.3),flatten,linear(15,2)", []int{4, 3, 5}},
		{"bn2d", "conv2d(2,3,3),batchnorm2d(3),flatten,linear(12,2)", []int{2, 2, 4, 4}},
		{"embedding", "embedding(10,4),flatten,linear(12,2)", []int{2, 3}},
	} {
		rng := tensor.NewRand(5)
		m := MustBuild(c.arch, rng)
		opt := NewSGD(m.Params(), 0.1)
		var mse MSE
		next := func() *tensor.Tensor {
			if c.name == "embedding" {
				x := tensor.New(c.shape...)
				for i := range x.Data() {
					x.Data()[i] = float32(rng.IntN(10))
				}
				return x
			}
			return tensor.RandN(rng, 1, 2, c.shape...)
		}
		for range 3 {
			opt.ZeroGrad()
			y := m.Forward(next())
			mse.Forward(y, tensor.New(y.Shape()...))
			m.Backward(mse.Backward())
			opt.Step()
		}
		m.Eval()
		x := next()
		if err := SaveModel(filepath.Join(dir, c.name+".safetensors"), m, nil, nil); err != nil {
			t.Fatal(err)
		}
		out[c.name] = export{c.arch, c.shape, x.Data(), m.Forward(x).Clone().Data()}
	}
	data, err := json.Marshal(out)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "outputs.json"), data, 0o644); err != nil {
		t.Fatal(err)
	}
}
