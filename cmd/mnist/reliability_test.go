package main

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/corten-ml/corten/nn"
	"github.com/corten-ml/corten/tensor"
)

// TestNonsenseHyperparametersRefused checks that values which used to be
// accepted (and trained to NaN, or died out of memory) are refused before
// any data is read: -data points nowhere, so reaching the loader would
// give a different error.
func TestNonsenseHyperparametersRefused(t *testing.T) {
	for args, want := range map[string]string{
		"-lr -1":                               "-lr",
		"-lr NaN":                              "-lr",
		"-lr Inf":                              "-lr",
		"-lr 0":                                "-lr",
		"-l2 -1":                               "-l2",
		"-l2 NaN":                              "-l2",
		"-dropout NaN":                         "-dropout",
		"-dropout -0.5":                        "-dropout",
		"-hidden 1000000000":                   "-hidden",
		"-batch 1000000000":                    "-batch",
		"-epochs 10000000":                     "-epochs",
		"-hidden 128,-3":                       "-hidden",
		"-threads 1000000":                     "-threads",
		"-save /nonexistent/dir/m.safetensors": "/nonexistent/dir/m.safetensors",
		"-report /nonexistent/dir/report.html": "/nonexistent/dir/report.html",
	} {
		_, _, err := runCmd(t, append([]string{"-data", "/nonexistent/data"}, strings.Fields(args)...)...)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: err = %v, want it to mention %q", args, err, want)
		}
	}
}

// TestDivergenceFailsAndKeepsTheSavedModel continues training from a model
// that holds a NaN (written around SaveModel's check), so the loss is not
// finite: the run must fail, and must not replace the good model at -save.
func TestDivergenceFailsAndKeepsTheSavedModel(t *testing.T) {
	dir := writeSynthetic(t, 300, 50)
	tmp := t.TempDir()
	good, bad := filepath.Join(tmp, "good.safetensors"), filepath.Join(tmp, "bad.safetensors")
	if _, stderr, err := runCmd(t, "-data", dir, "-epochs", "1", "-hidden", "16", "-save", good, "-threads", "1"); err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	before, _ := os.ReadFile(good)
	m, meta, err := nn.LoadModel(good)
	if err != nil {
		t.Fatal(err)
	}
	sc, _ := nn.ScalerFromMetadata(meta)
	m.Params()[1].Value.Data()[3] = float32(math.NaN())
	var buf bytes.Buffer
	meta["input"] = "vector"
	if err := nn.WriteModel(&buf, m, sc, meta); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bad, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, err := runCmd(t, "-data", dir, "-load", bad, "-epochs", "1", "-save", good, "-threads", "1")
	if err == nil || !strings.Contains(err.Error(), "diverged") {
		t.Fatalf("a diverging run returned %v, want an error saying it diverged\n%s\n%s", err, stderr, stdout)
	}
	if after, _ := os.ReadFile(good); !bytes.Equal(before, after) {
		t.Fatal("the diverged run replaced the saved model")
	}
}

func TestEmptyTrainingSetRefused(t *testing.T) {
	dir := writeSynthetic(t, 0, 10)
	_, _, err := runCmd(t, "-data", dir, "-epochs", "1", "-hidden", "16")
	if err == nil || !strings.Contains(err.Error(), "no training images") {
		t.Fatalf("training on no images: %v", err)
	}
}

// TestLoadChecksInputKind loads models whose metadata names an input the
// layers cannot take: an error naming the file, not a panic.
func TestLoadChecksInputKind(t *testing.T) {
	dir := writeSynthetic(t, 20, 10)
	tmp := t.TempDir()
	sc := &nn.Scaler{Scale: 1 / 255.0, Mean: []float32{0}, Std: []float32{1}}
	for name, c := range map[string]struct {
		spec, input, want string
	}{
		"image on an MLP": {"linear(784,10)", "image", "do not accept"},
		"unknown kind":    {"linear(784,10)", "audio", "unknown input kind"},
		"wrong classes":   {"linear(784,7)", "vector", "class scores"},
		"wrong width":     {"linear(100,10)", "vector", "do not accept"},
	} {
		path := filepath.Join(tmp, strings.ReplaceAll(name, " ", "_")+".safetensors")
		m := nn.MustBuild(c.spec, tensor.NewRand(1))
		if err := nn.SaveModel(path, m, sc, map[string]string{"input": c.input}); err != nil {
			t.Fatal(err)
		}
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("%s: panic %v", name, r)
				}
			}()
			_, _, err := runCmd(t, "-data", dir, "-load", path)
			if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), path) {
				t.Errorf("%s: err = %v, want one naming the file and %q", name, err, c.want)
			}
		}()
	}
}
