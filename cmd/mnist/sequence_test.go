package main

import (
	"runtime"

	"encoding/json"
	"github.com/corten-ml/corten/parallel"
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

// TestThreadCountIdentical trains every model for one short epoch on one
// and on three threads: the results must agree bit for bit. -threads sets
// GOMAXPROCS and the kernels' thread count; both are restored.
func TestThreadCountIdentical(t *testing.T) {
	procs, threads := runtime.GOMAXPROCS(0), parallel.SetThreads(0)
	t.Cleanup(func() { runtime.GOMAXPROCS(procs); parallel.SetThreads(threads) })
	dir := writeSynthetic(t, 200, 50)
	for _, arch := range []string{"mlp", "cnn", "lstm", "gru", "vit"} {
		var runs [2]result
		for i, threads := range []string{"1", "3"} {
			out, stderr, err := runCmd(t, "-data", dir, "-model", arch, "-epochs", "1", "-json", "-threads", threads, "-augment")
			if err != nil {
				t.Fatalf("%s on %s threads: %v\n%s", arch, threads, err, stderr)
			}
			if err := json.Unmarshal([]byte(out), &runs[i]); err != nil {
				t.Fatal(err)
			}
		}
		a, b := runs[0], runs[1]
		if a.TestLoss != b.TestLoss || a.TestAccuracy != b.TestAccuracy || a.TrainLoss[0] != b.TrainLoss[0] {
			t.Errorf("%s: 1 thread: loss %v/%v acc %v; 3 threads: %v/%v acc %v", arch, a.TrainLoss[0], a.TestLoss, a.TestAccuracy, b.TrainLoss[0], b.TestLoss, b.TestAccuracy)
		}
	}
}
