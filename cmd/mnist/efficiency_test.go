package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/corten-ml/corten/kernels"
	"github.com/corten-ml/corten/nn"
	"github.com/corten-ml/corten/tensor"
)

// TestEpochFLOPs checks an epoch's count against the per-sample FLOPs: the
// counted work is linear in the batch, so 9 full batches of 64 and one of
// 24 (600 samples) do 600 samples' worth.
func TestEpochFLOPs(t *testing.T) {
	rng := tensor.NewRand(1)
	mlp := nn.MustBuild("linear(784,16),relu,linear(16,10)", rng)
	// Forward 784·16 + 16·10 multiply-adds a sample; backward both weight
	// gradients and the second layer's input gradient.
	perSample := 2.0 * (2*(784*16+16*10) + 16*10)
	if got, err := epochFLOPs(mlp, false, 600, 64); err != nil || got != 600*perSample {
		t.Errorf("mlp: %g, %v; want %g", got, err, 600*perSample)
	}
	if got, err := epochFLOPs(mlp, false, 640, 64); err != nil || got != 640*perSample {
		t.Errorf("mlp, no partial batch: %g, %v; want %g", got, err, 640*perSample)
	}
	if got, err := epochFLOPs(mlp, false, 10, 64); err != nil || got != 10*perSample {
		t.Errorf("mlp, one partial batch: %g, %v; want %g", got, err, 10*perSample)
	}
	// LeNet-5: 416,520 multiply-adds a sample forward, 715,440 backward
	// (nn's TestCountFLOPsLeNet5).
	cnn := nn.MustBuild(cnnSpec(0), rng)
	if got, err := epochFLOPs(cnn, true, 100, 64); err != nil || got != 100*2*(416_520+715_440) {
		t.Errorf("cnn: %g, %v; want %g", got, err, 100*2*(416_520+715_440.0))
	}
	if _, err := epochFLOPs(cnn, false, 100, 64); err == nil {
		t.Error("cnn on vectors: no error")
	}
}

// TestEfficiencyLine checks the line and the recorded fields for a path
// with a peak, one without, and a model whose FLOPs are unknown.
func TestEfficiencyLine(t *testing.T) {
	var log strings.Builder
	logf := func(f string, a ...any) { fmt.Fprintf(&log, f, a...) }
	m := &efficiencyMeter{epochFLOPs: 30e9, peak: 200, width: "avx512", threads: 2}
	e := m.finish(2, 1.5, logf)
	want := efficiency{TrainGFLOPS: 40, PeakGFLOPS: 200, PeakFraction: 0.2, PeakWidth: "avx512"}
	if e != want || log.String() != "training: 40.0 GFLOPS, 20% of the avx512 peak (2 threads × 100.0 GFLOPS)\n" {
		t.Errorf("with a peak: %+v, %q", e, log.String())
	}
	log.Reset()
	m = &efficiencyMeter{epochFLOPs: 30e9, threads: 1}
	if e := m.finish(1, 3, logf); e != (efficiency{TrainGFLOPS: 10}) || !strings.Contains(log.String(), "training: 10.0 GFLOPS (no vector peak") {
		t.Errorf("without a peak: %+v, %q", e, log.String())
	}
	log.Reset()
	if e := m.finish(0, 0, logf); e != (efficiency{}) || log.Len() != 0 {
		t.Errorf("no epochs: %+v, %q", e, log.String())
	}
	m = &efficiencyMeter{err: errors.New("layer 3 (lstm) does not count its FLOPs")}
	if e := m.finish(1, 3, logf); e != (efficiency{}) || !strings.Contains(log.String(), "FLOPs not counted: layer 3") {
		t.Errorf("unknown FLOPs: %+v, %q", e, log.String())
	}
}

// TestJSONEfficiency checks that a training run prints the efficiency line
// and records it: the achieved GFLOPS always, and the peak, its width and
// a fraction in (0, 1.5) where the kernels path has a vector peak.
func TestJSONEfficiency(t *testing.T) {
	dir := writeSynthetic(t, 600, 200)
	stdout, stderr, err := runCmd(t, "-data", dir, "-epochs", "1", "-json", "-hidden", "32", "-threads", "1")
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(stdout), &m); err != nil {
		t.Fatalf("stdout: %v\n%s", err, stdout)
	}
	if !strings.Contains(stderr, "training: ") {
		t.Errorf("stderr has no efficiency line:\n%s", stderr)
	}
	if g, ok := m["train_gflops"].(float64); !ok || !(g > 0) {
		t.Errorf("train_gflops = %v, want a positive number", m["train_gflops"])
	}
	path := kernels.Path()
	if path == "go" {
		for _, k := range []string{"peak_gflops", "peak_fraction", "peak_width"} {
			if _, ok := m[k]; ok {
				t.Errorf("the pure-Go path records %s", k)
			}
		}
		return
	}
	f, _ := m["peak_fraction"].(float64)
	p, _ := m["peak_gflops"].(float64)
	w, _ := m["peak_width"].(string)
	t.Logf("path %s: %v GFLOPS, %.3f of the %s peak %.1f GFLOPS", path, m["train_gflops"], f, w, p)
	if !(f > 0 && f < 1.5) || math.IsNaN(f) || !(p > 0) || w == "" {
		t.Errorf("peak_fraction %v, peak_gflops %v, peak_width %q: want a fraction in (0, 1.5), a positive peak and a width", m["peak_fraction"], m["peak_gflops"], w)
	}
}
