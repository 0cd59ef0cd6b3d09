package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/corten-ml/corten/nn"
)

// torchNames are the state_dict keys of the reference script's modules
// (bench/peers/torch_mnist.py, build(arch)), in order.
var torchNames = map[string][]string{
	"lstm": {"rnn.weight_ih_l0", "rnn.weight_hh_l0", "rnn.bias_ih_l0", "rnn.bias_hh_l0", "fc.weight", "fc.bias"},
	"gru":  {"rnn.weight_ih_l0", "rnn.weight_hh_l0", "rnn.bias_ih_l0", "rnn.bias_hh_l0", "fc.weight", "fc.bias"},
}

// TestSequenceModels trains each sequence model briefly, checks that its
// file carries the reference module's names, that it loads back to the
// same results, and that a bare state_dict (as PyTorch writes it) loads
// with -model.
func TestSequenceModels(t *testing.T) {
	dir := writeSynthetic(t, 300, 100)
	for arch, names := range torchNames {
		t.Run(arch, func(t *testing.T) {
			tmp := t.TempDir()
			path := filepath.Join(tmp, arch+".safetensors")
			out1, stderr, err := runCmd(t, "-data", dir, "-model", arch, "-epochs", "1", "-json", "-save", path, "-threads", "1")
			if err != nil {
				t.Fatalf("%v\n%s", err, stderr)
			}
			m, _, err := nn.LoadModel(path)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range m.Params() {
				got = append(got, p.Name)
			}
			if !slices.Equal(got, names) {
				t.Fatalf("saved names %v, want the reference module's %v", got, names)
			}
			out2, stderr, err := runCmd(t, "-data", dir, "-load", path, "-json")
			if err != nil {
				t.Fatalf("%v\n%s", err, stderr)
			}
			var a, b result
			json.Unmarshal([]byte(out1), &a)
			json.Unmarshal([]byte(out2), &b)
			if a.TestAccuracy != b.TestAccuracy || a.TestLoss != b.TestLoss || b.Model != arch {
				t.Errorf("loaded %s: accuracy %v loss %v model %q, trained %v %v", arch, b.TestAccuracy, b.TestLoss, b.Model, a.TestAccuracy, a.TestLoss)
			}
			// The same weights without corten's metadata, as a PyTorch
			// state_dict: -model names the architecture.
			bare := filepath.Join(tmp, "bare.safetensors")
			f, err := os.Create(bare)
			if err != nil {
				t.Fatal(err)
			}
			var ts []nn.NamedTensor
			for _, p := range m.Params() {
				ts = append(ts, nn.NamedTensor{Name: p.Name, Tensor: p.Value})
			}
			if err := nn.WriteSafetensors(f, ts, nil); err != nil {
				t.Fatal(err)
			}
			f.Close()
			out3, stderr, err := runCmd(t, "-data", dir, "-model", arch, "-load", bare, "-json")
			if err != nil {
				t.Fatalf("bare state_dict: %v\n%s", err, stderr)
			}
			var c result
			json.Unmarshal([]byte(out3), &c)
			if c.TestAccuracy != a.TestAccuracy {
				t.Errorf("bare state_dict: accuracy %v, want %v", c.TestAccuracy, a.TestAccuracy)
			}
			if _, _, err := runCmd(t, "-data", dir, "-model", "mlp", "-load", bare); err == nil {
				t.Error("a state_dict loaded into the wrong architecture")
			}
		})
	}
}
