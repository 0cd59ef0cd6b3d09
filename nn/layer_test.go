package nn

import (
	"math"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"

	"github.com/corten-ml/corten/tensor"
)

func TestBuildSpec(t *testing.T) {
	rng := tensor.NewRand(1)
	m, err := Build(" linear(4, 8), Tanh, dropout(0.25), linear(8,8,zeros), relu, linear(8,3), softmax ", rng)
	if err != nil {
		t.Fatal(err)
	}
	if want := "linear(4,8),tanh,dropout(0.25),linear(8,8),relu,linear(8,3),softmax"; m.Spec() != want {
		t.Errorf("spec %q, want %q", m.Spec(), want)
	}
	if n := m.NumParams(); n != 4*8+8+8*8+8+8*3+3 {
		t.Errorf("%d parameters", n)
	}
	names := []string{}
	for _, p := range m.Params() {
		names = append(names, p.Name)
	}
	if got := strings.Join(names, " "); got != "0.weight 0.bias 3.weight 3.bias 5.weight 5.bias" {
		t.Errorf("parameter names %s", got)
	}
	// linear before tanh gets Glorot uniform: bounded by sqrt(6/(4+8)).
	lim := float32(math.Sqrt(6.0 / 12))
	for _, v := range m.Layers[0].(*Dense).W.Data() {
		if v < -lim || v > lim {
			t.Fatalf("weight %v outside the Glorot bound %v", v, lim)
		}
	}
	if m.Layers[3].(*Dense).W.Data()[5] != 0 {
		t.Error("zeros init ignored")
	}
	for _, bad := range []string{"", "linear(4)", "linear(0,3)", "linear(a,3)", "relu(1)", "conv9d(1)", "linear(2,3", "relu)", "dropout(1)", "linear(2,3,magic)", "relu,,relu"} {
		if _, err := Build(bad, rng); err == nil {
			t.Errorf("Build(%q) succeeded", bad)
		}
	}
}

// scaleLayer multiplies by a constant: a layer registered from outside,
// as the convolution layers will be.
type scaleLayer struct{ k float32 }

func (s *scaleLayer) Forward(x *tensor.Tensor) *tensor.Tensor { return tensor.Scale(nil, s.k, x) }
func (s *scaleLayer) Backward(dy *tensor.Tensor) *tensor.Tensor {
	return tensor.Scale(nil, s.k, dy)
}
func (s *scaleLayer) Params() []Param { return nil }
func (s *scaleLayer) Spec() string    { return "testscale(2)" }

var registerOnce sync.Once

func TestRegisterLayer(t *testing.T) {
	registerOnce.Do(func() { // go test -count=N reruns the test
		RegisterLayer("testscale", func(args []string, _ *rand.Rand) (Layer, error) {
			return &scaleLayer{k: 2}, nil
		})
	})
	m := MustBuild("testscale(2),linear(2,1)", tensor.NewRand(1))
	if m.Spec() != "testscale(2),linear(2,1)" {
		t.Error(m.Spec())
	}
	defer func() {
		if recover() == nil {
			t.Error("duplicate registration did not panic")
		}
	}()
	RegisterLayer("relu", nil)
}

func TestFlatten4D(t *testing.T) {
	x := tensor.RandN(tensor.NewRand(1), 0, 1, 2, 3, 4, 5) // NCHW
	var f Flatten
	y := f.Forward(x)
	if !sameShape(y.Shape(), []int{2, 60}) || &y.Data()[0] != &x.Data()[0] {
		t.Fatalf("flatten gave %v (copy: %v)", y.Shape(), &y.Data()[0] != &x.Data()[0])
	}
	dx := f.Backward(tensor.New(2, 60))
	if !sameShape(dx.Shape(), x.Shape()) {
		t.Fatalf("flatten backward gave %v", dx.Shape())
	}
	if f.Forward(x) != y {
		t.Error("flatten re-made its view for the same input")
	}
}

func TestDropout(t *testing.T) {
	d := NewDropout(0.25, tensor.NewRand(3))
	x := tensor.Full(1, 100, 100)
	y := d.Forward(x)
	zeros, sum := 0, 0.0
	for _, v := range y.Data() {
		if v == 0 {
			zeros++
		} else if v != 1/0.75 {
			t.Fatalf("kept value %v, want 1/(1-p)", v)
		}
		sum += float64(v)
	}
	if frac := float64(zeros) / 1e4; math.Abs(frac-0.25) > 0.02 {
		t.Errorf("dropped %.3f, want 0.25", frac)
	}
	if mean := sum / 1e4; math.Abs(mean-1) > 0.03 {
		t.Errorf("mean %.3f, want 1 (inverted dropout keeps the expectation)", mean)
	}
	dx := d.Backward(tensor.Full(1, 100, 100))
	if !equal(dx.Data(), y.Data()) {
		t.Error("backward does not apply the forward mask")
	}
	m := NewSequential(d)
	m.Eval()
	if m.Forward(x) != x || m.Backward(x) != nil {
		t.Error("eval-mode dropout is not the identity")
	}
}

// TestBatchSizeChange runs batches of 4, 2 and 4 rows: the buffers shrink
// to views and grow back, and results match a fresh model's.
func TestBatchSizeChange(t *testing.T) {
	rng := tensor.NewRand(1)
	m := MustBuild("linear(3,5),relu,linear(5,2)", rng)
	ref := MustBuild("linear(3,5),relu,linear(5,2)", tensor.NewRand(1))
	x := tensor.RandN(rng, 0, 1, 4, 3)
	var ce SoftmaxCrossEntropy
	for _, n := range []int{4, 2, 4, 1} {
		xs := x.Rows(0, n)
		labels := make([]int, n)
		m.ZeroGrad()
		ce.Forward(m.Forward(xs), labels)
		m.Backward(ce.Backward())

		fresh := MustBuild(ref.Spec(), tensor.NewRand(1))
		var ce2 SoftmaxCrossEntropy
		ce2.Forward(fresh.Forward(xs), labels)
		fresh.Backward(ce2.Backward())
		for i, p := range m.Params() {
			if !equal(p.Grad.Data(), fresh.Params()[i].Grad.Data()) {
				t.Fatalf("batch %d: %s gradient differs from a fresh model's", n, p.Name)
			}
		}
	}
}

func TestPredictAndEvaluate(t *testing.T) {
	d := NewDense(2, 2, Zeros, nil)
	copy(d.W.Data(), []float32{1, 0, 0, 1}) // identity: predicts the larger input
	m := NewSequential(d)
	x := tensor.FromSlice([]float32{1, 0, 0, 1, 3, 2}, 3, 2)
	if got := m.Predict(nil, x); got[0] != 0 || got[1] != 1 || got[2] != 0 {
		t.Errorf("Predict %v", got)
	}
	_, acc := Evaluate(m, x, []int{0, 1, 1}, 2)
	if math.Abs(acc-2.0/3) > 1e-9 {
		t.Errorf("accuracy %v", acc)
	}
}

func TestCrossEntropyStable(t *testing.T) {
	var ce SoftmaxCrossEntropy
	loss := ce.Forward(tensor.FromSlice([]float32{1e4, 0, -1e4, -1e4}, 2, 2), []int{1, 0})
	// Row 0 puts all mass on the wrong class: loss 1e4. Row 1 even odds.
	if want := (1e4 + math.Log(2)) / 2; math.Abs(loss-want) > 1e-3 {
		t.Errorf("loss %v, want %v", loss, want)
	}
	for _, g := range ce.Backward().Data() {
		if math.IsNaN(float64(g)) || math.IsInf(float64(g), 0) {
			t.Fatalf("gradient %v", ce.Backward())
		}
	}
}

func TestInitScales(t *testing.T) {
	rng := tensor.NewRand(1)
	w := tensor.New(400, 100)
	for _, c := range []struct {
		init Init
		std  float64
	}{
		{HeNormal, math.Sqrt(2.0 / 100)}, {HeUniform, math.Sqrt(2.0 / 100)},
		{XavierNormal, math.Sqrt(1.0 / 100)}, {XavierUniform, math.Sqrt(2.0 / 500)},
	} {
		InitWeights(w, c.init, 100, 400, rng)
		var sq float64
		for _, v := range w.Data() {
			sq += float64(v) * float64(v)
		}
		if std := math.Sqrt(sq / float64(w.Len())); math.Abs(std/c.std-1) > 0.03 {
			t.Errorf("%v: std %.4f, want %.4f", c.init, std, c.std)
		}
	}
}
