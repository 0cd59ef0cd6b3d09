package nn

import (
	"bytes"
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/corten-ml/corten/internal/allocs"
	"github.com/corten-ml/corten/parallel"
	"github.com/corten-ml/corten/tensor"
)

// The gradient check runs in training mode: the loss of the whole batch,
// through the batch mean and variance.
func TestBatchNormGradCheck(t *testing.T) {
	rng := tensor.NewRand(5)
	for _, c := range []struct {
		b     *BatchNorm
		shape []int
	}{
		{NewBatchNorm1d(3), []int{5, 3}},
		{NewBatchNorm1d(3), []int{2, 3, 4}},
		{NewBatchNorm2d(2), []int{3, 2, 3, 4}},
	} {
		copy(c.b.W.Data(), tensor.RandN(rng, 1, 0.5, c.b.C).Data())
		copy(c.b.B.Data(), tensor.RandN(rng, 0, 0.5, c.b.C).Data())
		// A narrow spread: invStd multiplies the input gradient, which is
		// small (the batch statistics cancel most of it) against the
		// float32 rounding of a loss of order 1.
		x := tensor.RandN(rng, 0.5, 0.5, c.shape...)
		loss := MSELoss(tensor.RandN(rng, 0, 1, c.shape...))
		checkGrads(t, fmt.Sprint(c.b.Spec(), " train ", c.shape), c.b, x, loss)
		c.b.SetTraining(false)
		checkGrads(t, fmt.Sprint(c.b.Spec(), " eval ", c.shape), c.b, x, loss)
	}
	m := MustBuild("linear(4,5),batchnorm1d(5),tanh,linear(5,3)", rng)
	m.SetInputGrad(true)
	checkGrads(t, m.Spec(), m, tensor.RandN(rng, 0, 1, 6, 4), CrossEntropyLoss([]int{0, 1, 2, 2, 1, 0}))
}

// Sequential.Train and Eval switch the statistics; evaluation leaves the
// running statistics alone and does not depend on the rest of the batch.
func TestBatchNormTrainEval(t *testing.T) {
	rng := tensor.NewRand(6)
	m := MustBuild("batchnorm2d(2)", rng)
	b := m.Layers[0].(*BatchNorm)
	x := tensor.RandN(rng, 3, 2, 4, 2, 3, 3)
	m.Forward(x)
	m.Forward(x)
	if b.NumBatches.Data()[0] != 2 {
		t.Errorf("num_batches_tracked %v after two steps", b.NumBatches.Data())
	}
	rm := b.RunningMean.Clone()
	m.Eval()
	all := m.Forward(x).Clone()
	one := m.Forward(x.Reshape(4, -1).Rows(0, 1).Reshape(1, 2, 3, 3))
	if !equal(one.Data(), all.Data()[:one.Len()]) {
		t.Error("evaluation output of a sample depends on the batch")
	}
	if !equal(rm.Data(), b.RunningMean.Data()) || b.NumBatches.Data()[0] != 2 {
		t.Error("evaluation changed the running statistics")
	}
	// Backward follows the mode of the last Forward, not the current one.
	m.Train()
	dy := tensor.RandN(rng, 0, 1, x.Shape()...)
	m.Forward(x)
	want := b.Backward(dy).Clone()
	m.Forward(x)
	m.Eval()
	if got := b.Backward(dy); !equal(got.Data(), want.Data()) {
		t.Error("Backward after switching to Eval used the evaluation formula")
	}
	// One value per channel is fine for evaluation, not for training.
	m.Forward(tensor.New(1, 2, 1, 1))
	m.Train()
	mustPanic(t, "training needs more than 1", func() { m.Forward(tensor.New(1, 2, 1, 1)) })
}

func TestBatchNormPanics(t *testing.T) {
	mustPanic(t, "input shape [4 3 2], want [N 3 H W]", func() { NewBatchNorm2d(3).Forward(tensor.New(4, 3, 2)) })
	mustPanic(t, "input shape [4 2], want [N 3] or [N 3 L]", func() { NewBatchNorm1d(3).Forward(tensor.New(4, 2)) })
	mustPanic(t, "input shape [4 3 2 2], want [N 3] or [N 3 L]", func() { NewBatchNorm1d(3).Forward(tensor.New(4, 3, 2, 2)) })
	b := NewBatchNorm1d(3)
	mustPanic(t, "Backward before Forward", func() { b.Backward(tensor.New(4, 3)) })
	b.Forward(tensor.New(4, 3))
	mustPanic(t, "gradient shape [4 2], want [4 3]", func() { b.Backward(tensor.New(4, 2)) })
	mustPanic(t, "0 channels", func() { NewBatchNorm1d(0) })
}

func TestBatchNormSpec(t *testing.T) {
	rng := tensor.NewRand(1)
	for spec, want := range map[string]string{
		"batchnorm1d(6)":                         "batchnorm1d(6)",
		"BatchNorm2d(3, eps=1e-5, momentum=0.1)": "batchnorm2d(3)",
		"batchnorm2d(3,momentum=0.2,eps=1e-3)":   "batchnorm2d(3,eps=0.001,momentum=0.2)",
		"conv2d(1,4,3),batchnorm2d(4),relu":      "conv2d(1,4,3),batchnorm2d(4),relu",
	} {
		m, err := Build(spec, rng)
		if err != nil {
			t.Errorf("Build(%q): %v", spec, err)
			continue
		}
		if got := m.Spec(); got != want {
			t.Errorf("Build(%q).Spec() = %q, want %q", spec, got, want)
		}
		if again := MustBuild(m.Spec(), rng).Spec(); again != want {
			t.Errorf("round trip of %q gives %q", want, again)
		}
	}
	m := MustBuild("batchnorm1d(2,eps=0.001,momentum=0.5)", rng)
	if b := m.Layers[0].(*BatchNorm); b.Eps != 0.001 || b.Momentum != 0.5 {
		t.Errorf("eps %v momentum %v", b.Eps, b.Momentum)
	}
	for spec, want := range map[string]string{
		"batchnorm1d()":                       "no arguments",
		"batchnorm1d(0)":                      "not a positive integer",
		"batchnorm2d(3,affine=false)":         "unknown argument",
		"batchnorm2d(3,eps=0)":                "eps",
		"batchnorm2d(3,momentum=2)":           "momentum",
		"batchnorm2d(3,eps=x)":                "not a number",
		"batchnorm2d(3,eps=0.1,eps=0.2)":      "given twice",
		"batchnorm1d(1073741824)":             "more than the limit",
		"batchnorm1d(3),batchnorm2d(3,4)":     "unknown argument",
		"embedding(3,2),batchnorm1d(3,mom=1)": "unknown argument",
	} {
		if _, err := Build(spec, rng); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Build(%q) error %v, want one containing %q", spec, err, want)
		}
	}
}

// The running statistics are saved and loaded with the weights, under
// PyTorch's names and in its state_dict order, and no optimizer sees them.
func TestBatchNormSaveLoad(t *testing.T) {
	rng := tensor.NewRand(7)
	m := MustBuild("linear(4,6),batchnorm1d(6),relu,linear(6,3)", rng)
	for _, p := range m.Params() {
		if strings.Contains(p.Name, "running") || strings.Contains(p.Name, "tracked") {
			t.Errorf("buffer %s among the parameters", p.Name)
		}
	}
	opt := NewSGD(m.Params(), 0.1)
	var ce SoftmaxCrossEntropy
	for range 3 {
		opt.ZeroGrad()
		ce.Forward(m.Forward(tensor.RandN(rng, 1, 2, 8, 4)), []int{0, 1, 2, 0, 1, 2, 0, 1})
		m.Backward(ce.Backward())
		opt.Step()
	}
	var names []string
	for _, p := range modelState(m) {
		names = append(names, p.Name)
	}
	want := []string{"0.weight", "0.bias", "1.weight", "1.bias", "1.running_mean", "1.running_var", "1.num_batches_tracked", "2.weight", "2.bias"}
	want[7], want[8] = "3.weight", "3.bias"
	if !slices.Equal(names, want) {
		t.Errorf("state %v, want %v", names, want)
	}
	path := filepath.Join(t.TempDir(), "bn.safetensors")
	if err := SaveModel(path, m, nil, nil); err != nil {
		t.Fatal(err)
	}
	loaded, _, err := LoadModel(path)
	if err != nil {
		t.Fatal(err)
	}
	lb, b := loaded.Layers[1].(*BatchNorm), m.Layers[1].(*BatchNorm)
	for i, x := range []*tensor.Tensor{b.RunningMean, b.RunningVar, b.NumBatches} {
		if y := []*tensor.Tensor{lb.RunningMean, lb.RunningVar, lb.NumBatches}[i]; !equal(x.Data(), y.Data()) || !x.SameShape(y) {
			t.Errorf("buffer %d: loaded %v, saved %v", i, y, x)
		}
	}
	if b.NumBatches.Data()[0] != 3 {
		t.Errorf("num_batches_tracked %v", b.NumBatches.Data())
	}
	m.Eval()
	loaded.Eval()
	x := tensor.RandN(rng, 0, 1, 5, 4)
	if a, c := m.Forward(x).Clone(), loaded.Forward(x); !equal(a.Data(), c.Data()) {
		t.Error("loaded model computes differently")
	}
	// num_batches_tracked is written as an F32 scalar.
	var buf bytes.Buffer
	if err := WriteModel(&buf, m, nil, nil); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(buf.Bytes(), []byte(`"1.num_batches_tracked":{"dtype":"F32","shape":[]`)) {
		t.Error("num_batches_tracked not saved as an F32 scalar")
	}
	// A diverged running statistic is refused like a diverged weight.
	b.RunningVar.Data()[2] = float32(math.NaN())
	if err := SaveModel(path, m, nil, nil); err == nil || !strings.Contains(err.Error(), "1.running_var") {
		t.Errorf("NaN running_var saved: %v", err)
	}
}

// A hostile arch cannot make the loader allocate a huge batch
// normalisation: its size is checked against the file first.
func TestBatchNormArchSize(t *testing.T) {
	file := withHeader(`{"__metadata__":{"arch":"batchnorm1d(100000000)"},"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}`, make([]byte, 4))
	if _, _, err := ReadModel(file); err == nil || !strings.Contains(err.Error(), "needs more weights") {
		t.Errorf("error %v", err)
	}
	file = withHeader(`{"__metadata__":{"arch":"embedding(100000,1000)"},"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}`, make([]byte, 4))
	if _, _, err := ReadModel(file); err == nil || !strings.Contains(err.Error(), "needs more weights") {
		t.Errorf("error %v", err)
	}
}

// A CNN step with batch normalisation allocates nothing once warm, and
// switching to evaluation and back does not either.
func TestBatchNormStepAllocs(t *testing.T) {
	rng := tensor.NewRand(8)
	m := MustBuild("conv2d(1,4,3),batchnorm2d(4),relu,flatten,linear(64,8),batchnorm1d(8),linear(8,2)", rng)
	x := tensor.RandN(rng, 0, 1, 4, 1, 6, 6)
	opt := NewAdam(m.Params(), 0.01)
	var ce SoftmaxCrossEntropy
	labels := []int{0, 1, 1, 0}
	step := func() {
		m.Train()
		opt.ZeroGrad()
		ce.Forward(m.Forward(x), labels)
		m.Backward(ce.Backward())
		opt.Step()
		m.Eval()
		m.Forward(x)
	}
	step()
	if a := allocs.Steady(3, 5, step); a != 0 {
		t.Errorf("a training step allocates %v times", a)
	}
}

// TestBatchNormThreads: a batch large enough to be split over channels
// between goroutines gives bit for bit the single-thread output, input
// gradient, parameter gradients and running statistics, in training and
// in evaluation mode.
func TestBatchNormThreads(t *testing.T) {
	defer parallel.SetThreads(parallel.SetThreads(1))
	rng := tensor.NewRand(5)
	x := tensor.RandN(rng, 0.5, 2, 16, 7, 14, 14) // 21952 values: above bnMinWork
	dy := tensor.RandN(rng, 0, 1, x.Shape()...)
	var want [][]float32
	for _, threads := range []int{1, 2, 3} {
		parallel.SetThreads(threads)
		var got [][]float32
		for _, training := range []bool{true, false} {
			b := NewBatchNorm2d(7)
			b.SetTraining(training)
			y := b.Forward(x)
			if threads > 1 && b.pass.parts != 0 {
				t.Fatal("the pass was not cleared")
			}
			dx := b.Backward(dy)
			got = append(got, slices.Clone(y.Data()), slices.Clone(dx.Data()), slices.Clone(b.DW.Data()), slices.Clone(b.DB.Data()),
				slices.Clone(b.RunningMean.Data()), slices.Clone(b.RunningVar.Data()))
		}
		if want == nil {
			want = got
			continue
		}
		for i := range got {
			for j := range got[i] {
				if math.Float32bits(got[i][j]) != math.Float32bits(want[i][j]) {
					t.Fatalf("%d threads: result %d element %d = %v, with 1 thread %v", threads, i, j, got[i][j], want[i][j])
				}
			}
		}
	}
}
