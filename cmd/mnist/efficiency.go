package main

import (
	"github.com/corten-ml/corten/dataset/mnist"
	"github.com/corten-ml/corten/internal/peak"
	"github.com/corten-ml/corten/kernels"
	"github.com/corten-ml/corten/nn"
)

// efficiency is the training throughput against the CPU's FMA peak, as
// -json records it; every field is absent when nothing was trained, and
// the peak fields when the kernels path has no vector peak (the pure-Go
// path).
type efficiency struct {
	TrainGFLOPS  float64 `json:"train_gflops,omitempty"`  // FLOPs of the training epochs (nn.CountFLOPs) per second of them
	PeakGFLOPS   float64 `json:"peak_gflops,omitempty"`   // FMA peak of the path's vector width on the threads in use
	PeakFraction float64 `json:"peak_fraction,omitempty"` // TrainGFLOPS / PeakGFLOPS
	PeakWidth    string  `json:"peak_width,omitempty"`    // the vector width: avx512, avx2 or neon
}

// efficiencyMeter holds what the efficiency line needs besides the
// training time: the FLOPs of an epoch and the peak, both found before
// training starts.
type efficiencyMeter struct {
	epochFLOPs float64
	err        error // why the FLOPs are unknown
	peak       float64
	width      string
	threads    int
}

// startEfficiency counts the FLOPs of an epoch of model over samples
// images in batches of batch, and measures the FMA peak of the active
// kernels path on threads cores (peak.ForPath: a fraction of a second, on
// the first call).
func startEfficiency(model *nn.Sequential, image bool, samples, batch, threads int) *efficiencyMeter {
	m := &efficiencyMeter{threads: threads}
	m.epochFLOPs, m.err = epochFLOPs(model, image, samples, batch)
	m.peak, m.width = peak.ForPath(kernels.Path(), threads)
	return m
}

// epochFLOPs returns the FLOPs of one training epoch, forward and
// backward: one step per full batch plus one for the partial last batch.
// It counts the GEMM and convolution work only (see nn.FLOPCount).
func epochFLOPs(model *nn.Sequential, image bool, samples, batch int) (float64, error) {
	shape := []int{0, mnist.Pixels}
	if image {
		shape = []int{0, 1, mnist.Rows, mnist.Cols}
	}
	total := 0.0
	for _, b := range [][2]int{{batch, samples / batch}, {samples % batch, 1}} {
		if b[0] == 0 || b[1] == 0 {
			continue
		}
		shape[0] = b[0]
		fwd, bwd, err := nn.CountFLOPs(model, shape)
		if err != nil {
			return 0, err
		}
		total += float64(b[1]) * float64(fwd+bwd)
	}
	return total, nil
}

// finish logs the efficiency line of epochs epochs trained in seconds and
// returns what -json records.
func (m *efficiencyMeter) finish(epochs int, seconds float64, logf func(string, ...any)) efficiency {
	if m.err != nil {
		logf("training: FLOPs not counted: %v\n", m.err)
		return efficiency{}
	}
	if epochs <= 0 || seconds <= 0 {
		return efficiency{}
	}
	e := efficiency{TrainGFLOPS: m.epochFLOPs * float64(epochs) / seconds / 1e9}
	if m.peak <= 0 {
		logf("training: %.1f GFLOPS (no vector peak to compare the %s kernels with)\n", e.TrainGFLOPS, kernels.Path())
		return e
	}
	e.PeakGFLOPS, e.PeakWidth, e.PeakFraction = m.peak, m.width, e.TrainGFLOPS/m.peak
	threads := "threads"
	if m.threads == 1 {
		threads = "thread"
	}
	logf("training: %.1f GFLOPS, %.0f%% of the %s peak (%d %s × %.1f GFLOPS)\n",
		e.TrainGFLOPS, 100*e.PeakFraction, m.width, m.threads, threads, m.peak/float64(m.threads))
	return e
}
