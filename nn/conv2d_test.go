package nn

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/corten-ml/corten/internal/allocs"
	"github.com/corten-ml/corten/tensor"
)

func closeTo64(got []float32, want []float64, tol float64) error {
	if len(got) != len(want) {
		return fmt.Errorf("%d values, want %d", len(got), len(want))
	}
	for i := range got {
		if d := math.Abs(float64(got[i]) - want[i]); !(d <= tol*(1+math.Abs(want[i]))) {
			return fmt.Errorf("element %d: got %.9g, want %.9g", i, got[i], want[i])
		}
	}
	return nil
}

// TestConv2DGradCheck checks the layer's gradients against finite
// differences (package conv checks every path against the definition).
func TestConv2DGradCheck(t *testing.T) {
	rng := tensor.NewRand(9)
	for _, c := range []struct{ n, cin, h, w, cout, k, s, pad int }{
		{2, 2, 6, 5, 3, 3, 1, 1},
		{3, 3, 7, 7, 2, 3, 2, 1},
		{2, 1, 8, 8, 6, 5, 1, 2},
		{2, 2, 6, 6, 2, 2, 2, 0},
		{3, 2, 4, 4, 3, 1, 1, 0},
		{1, 2, 5, 6, 2, 4, 3, 2},
	} {
		l := NewConv2D(c.cin, c.cout, c.k, c.s, c.pad, HeNormal, rng)
		x := tensor.RandN(rng, 0, 1, c.n, c.cin, c.h, c.w)
		loss := MSELoss(tensor.RandN(rng, 0, 1, l.Forward(x).Shape()...))
		checkGrads(t, fmt.Sprintf("conv %+v", c), l, x, loss)
	}
	// A small LeNet through Sequential, into cross-entropy: with smooth
	// activations and PyTorch's initialisation, and with ReLU and max
	// pooling, whose kinks GradCheck must not straddle (this seed keeps
	// the inputs away from them; an unlucky one fails by a tie in a
	// pooling window, with errors that shrink with the step).
	for _, spec := range []string{
		"conv2d(2,3,3,padding=1),tanh,avgpool2d(2),conv2d(3,4,3,stride=2),sigmoid,avgpool2d(2,stride=1),flatten,linear(4,3)",
		"conv2d(2,3,3,padding=1,init=he_normal),relu,maxpool2d(2),conv2d(3,4,3,stride=2,init=he_normal),tanh,avgpool2d(2,stride=1),flatten,linear(4,3)",
	} {
		rng := tensor.NewRand(4)
		m := MustBuild(spec, rng)
		m.SetInputGrad(true)
		checkGrads(t, spec, m, tensor.RandN(rng, 0, 1, 3, 2, 10, 10), CrossEntropyLoss([]int{2, 0, 1}))
	}
}

func TestConv2DSkipInputGrad(t *testing.T) {
	rng := tensor.NewRand(2)
	m := MustBuild("conv2d(1,2,3),flatten,linear(18,2)", rng)
	x := tensor.RandN(rng, 0, 1, 2, 1, 5, 5)
	var loss SoftmaxCrossEntropy
	loss.Forward(m.Forward(x), []int{0, 1})
	if dx := m.Backward(loss.Backward()); dx != nil {
		t.Fatalf("first layer computed dx %v", dx.Shape())
	}
	if sum(m.Params()[0].Grad) == 0 {
		t.Fatal("no weight gradient")
	}
}

func mustPanic(t *testing.T, want string, f func()) {
	t.Helper()
	defer func() {
		t.Helper()
		r := recover()
		if r == nil {
			t.Fatalf("no panic, want one containing %q", want)
		}
		if msg := fmt.Sprint(r); !strings.Contains(msg, want) {
			t.Fatalf("panic %q, want it to contain %q", msg, want)
		}
	}()
	f()
}

func TestConv2DPanics(t *testing.T) {
	rng := tensor.NewRand(1)
	l := NewConv2D(3, 4, 3, 1, 0, HeNormal, rng)
	mustPanic(t, "input shape [2 2 5 5], want [N 3 H W]", func() { l.Forward(tensor.New(2, 2, 5, 5)) })
	mustPanic(t, "input shape [2 75], want [N 3 H W]", func() { l.Forward(tensor.New(2, 75)) })
	mustPanic(t, "input shape [1 3 2 5]: conv: 2x5 input is smaller than the 3x3 window", func() { l.Forward(tensor.New(1, 3, 2, 5)) })
	mustPanic(t, "Backward before Forward", func() { l.Backward(tensor.New(1, 4, 3, 3)) })
	l.Forward(tensor.New(2, 3, 5, 5))
	mustPanic(t, "gradient shape [2 4 3 2], want [2 4 3 3]", func() { l.Backward(tensor.New(2, 4, 3, 2)) })
	mustPanic(t, "NewConv2D(in 1, out 2, kernel 0, stride 1, pad 0)", func() { NewConv2D(1, 2, 0, 1, 0, HeNormal, rng) })
	mustPanic(t, "pad -1", func() { NewConv2D(1, 2, 3, 1, -1, HeNormal, rng) })
}

func TestConv2DSpec(t *testing.T) {
	rng := tensor.NewRand(1)
	for spec, want := range map[string]string{
		"conv2d(1,6,5,padding=2)":                           "conv2d(1,6,5,padding=2)",
		"Conv2d(1, 6, 5, pad=2)":                            "conv2d(1,6,5,padding=2)",
		"conv2d(3,8,3,2,1)":                                 "conv2d(3,8,3,stride=2,padding=1)", // PyTorch's order
		"conv2d(3,8,3,stride=1,padding=0)":                  "conv2d(3,8,3)",
		"conv2d(3,8,3,init=zeros,stride=2)":                 "conv2d(3,8,3,stride=2)",
		"maxpool2d(2)":                                      "maxpool2d(2)",
		"maxpool2d(3,2)":                                    "maxpool2d(3,stride=2)",
		"avgpool2d(2,stride=2)":                             "avgpool2d(2)",
		"conv2d(1,6,5,padding=2),relu,maxpool2d(2),flatten": "conv2d(1,6,5,padding=2),relu,maxpool2d(2),flatten",
	} {
		m, err := Build(spec, rng)
		if err != nil {
			t.Errorf("Build(%q): %v", spec, err)
			continue
		}
		if got := m.Spec(); got != want {
			t.Errorf("Build(%q).Spec() = %q, want %q", spec, got, want)
		}
	}
	for spec, want := range map[string]string{
		"conv2d(1,6)":              "missing kernel",
		"conv2d(1,6,0)":            "kernel",
		"conv2d(1,6,5,1,2,3)":      "at most 5 arguments",
		"conv2d(1,6,5,padding=-1)": "non-negative padding",
		"conv2d(1,6,5,dilation=2)": `unknown argument "dilation"`,
		"conv2d(1,6,5,stride=2,3)": "positional argument",
		"conv2d(1,6,5,2,stride=3)": "stride given twice",
		"conv2d(1,6,5,init=bogus)": `unknown init "bogus"`,
		"maxpool2d()":              "missing kernel",
		"maxpool2d(2,init=zeros)":  `unknown argument "init"`,
		"avgpool2d(2,padding=1)":   `unknown argument "padding"`,
		"maxpool2d(x)":             "not a positive integer",
	} {
		if _, err := Build(spec, rng); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Build(%q) error %v, want one containing %q", spec, err, want)
		}
	}
}

// TestConv2DInit checks the fan-in of the weight initialisations: a named
// scheme (zero bias), and PyTorch's default, which conv2d(...) builds.
func TestConv2DInit(t *testing.T) {
	std := func(x *tensor.Tensor) float64 {
		var ss float64
		for _, v := range x.Data() {
			ss += float64(v) * float64(v)
		}
		return math.Sqrt(ss / float64(x.Len()))
	}
	l := NewConv2D(8, 32, 5, 1, 0, HeNormal, tensor.NewRand(3))
	if got, want := std(l.W), math.Sqrt(2.0/(8*25)); math.Abs(got-want) > 0.05*want {
		t.Errorf("He-normal weight std %.4f, want %.4f", got, want)
	}
	if sum(l.B) != 0 {
		t.Error("He-normal: bias not zero")
	}
	l = MustBuild("conv2d(8,64,5)", tensor.NewRand(3)).Layers[0].(*Conv2D)
	bound := 1 / math.Sqrt(8*25)
	if got, want := std(l.W), bound/math.Sqrt(3); math.Abs(got-want) > 0.05*want {
		t.Errorf("PyTorch-default weight std %.4f, want %.4f", got, want)
	}
	for _, p := range l.Params() {
		for _, v := range p.Value.Data() {
			if math.Abs(float64(v)) > bound {
				t.Fatalf("PyTorch-default %s value %v outside ±%v", p.Name, v, bound)
			}
		}
	}
	if sum(l.B) == 0 {
		t.Error("PyTorch-default bias is zero")
	}
}

type convFixtures struct {
	Conv2D []struct {
		In, Out, Kernel, Stride, Padding int
		Shape, YShape                    []int
		X, Weight, Bias, Y, DY           []float32
		DX, DWeight, DBias               []float32
	} `json:"conv2d"`
	Pool []struct {
		Kind           string
		Kernel, Stride int
		Shape, YShape  []int
		X, Y, DY, DX   []float32
	}
	Model struct {
		Arch  string
		State map[string]struct {
			Shape  []int
			Values []float32
		}
		Shape []int
		X, Y  []float32
	}
}

func loadConvFixtures(t *testing.T) *convFixtures {
	t.Helper()
	data, err := os.ReadFile("testdata/conv_fixtures.json")
	if err != nil {
		t.Fatal(err)
	}
	var f convFixtures
	if err := json.Unmarshal(data, &f); err != nil {
		t.Fatal(err)
	}
	return &f
}

// TestConv2DGolden compares with PyTorch's nn.Conv2d (float64 fixtures
// from testdata/gen_torch_conv_fixtures.py).
func TestConv2DGolden(t *testing.T) {
	f := loadConvFixtures(t)
	if len(f.Conv2D) == 0 {
		t.Fatal("no conv2d cases")
	}
	for i, c := range f.Conv2D {
		l := NewConv2D(c.In, c.Out, c.Kernel, c.Stride, c.Padding, Zeros, nil)
		copy(l.W.Data(), c.Weight)
		copy(l.B.Data(), c.Bias)
		y := l.Forward(tensor.FromSlice(c.X, c.Shape...))
		if !sameShape(y.Shape(), c.YShape) {
			t.Fatalf("case %d: y shape %v, want %v", i, y.Shape(), c.YShape)
		}
		dx := l.Backward(tensor.FromSlice(c.DY, c.YShape...))
		for _, e := range []struct {
			what      string
			got, want []float32
		}{{"y", y.Data(), c.Y}, {"dx", dx.Data(), c.DX}, {"dweight", l.DW.Data(), c.DWeight}, {"dbias", l.DB.Data(), c.DBias}} {
			if err := closeTo(e.got, e.want); err != nil {
				t.Errorf("conv case %d (%d->%d k%d s%d p%d) %s: %v", i, c.In, c.Out, c.Kernel, c.Stride, c.Padding, e.what, err)
			}
		}
	}
}

// TestConvModelGolden loads a PyTorch nn.Sequential state_dict by name
// into the model built from the same spec, checks the outputs, and saves
// and reloads it through safetensors.
func TestConvModelGolden(t *testing.T) {
	f := loadConvFixtures(t).Model
	m, err := Build(f.Arch, tensor.NewRand(1))
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Params()) != len(f.State) {
		t.Fatalf("%d parameters, PyTorch has %d", len(m.Params()), len(f.State))
	}
	for _, p := range m.Params() {
		s, ok := f.State[p.Name]
		if !ok {
			t.Fatalf("parameter %s not in the PyTorch state_dict", p.Name)
		}
		if !sameShape(p.Value.Shape(), s.Shape) {
			t.Fatalf("%s shape %v, PyTorch %v", p.Name, p.Value.Shape(), s.Shape)
		}
		copy(p.Value.Data(), s.Values)
	}
	x := tensor.FromSlice(f.X, f.Shape...)
	if err := closeTo(m.Forward(x).Data(), f.Y); err != nil {
		t.Fatalf("model output: %v", err)
	}
	var buf bytes.Buffer
	if err := WriteModel(&buf, m, nil, nil); err != nil {
		t.Fatal(err)
	}
	m2, _, err := ReadModel(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if m2.Spec() != m.Spec() {
		t.Fatalf("reloaded spec %q, want %q", m2.Spec(), m.Spec())
	}
	if err := closeTo(m2.Forward(x).Data(), f.Y); err != nil {
		t.Fatalf("reloaded model output: %v", err)
	}
}

// cnnStep is a training step of a small LeNet on random data; the batch is
// the first n rows of a fixed set.
func cnnStep(batch int) (step func(n int) float64, m *Sequential) {
	rng := tensor.NewRand(4)
	m = MustBuild("conv2d(1,4,5,padding=2),relu,maxpool2d(2),conv2d(4,8,5),relu,maxpool2d(2),flatten,linear(32,16),relu,linear(16,10)", rng)
	opt := NewAdam(m.Params(), 1e-2)
	var loss SoftmaxCrossEntropy
	x := tensor.RandN(rng, 0, 1, batch, 1, 16, 16)
	y := make([]int, batch)
	for i := range y {
		y[i] = rng.IntN(10)
	}
	views := map[int]*tensor.Tensor{}
	for n := 1; n <= batch; n++ {
		views[n] = x.Rows(0, n)
	}
	return func(n int) float64 {
		opt.ZeroGrad()
		l := loss.Forward(m.Forward(views[n]), y[:n])
		m.Backward(loss.Backward())
		opt.Step()
		return l
	}, m
}

// TestCNNStepAllocs: after the first steps of a batch size, a training step
// allocates nothing (see allocs.Steady); package conv checks its engine on
// every path and chunking.
func TestCNNStepAllocs(t *testing.T) {
	step, _ := cnnStep(8)
	for _, n := range []int{8, 5} {
		step(n)
		if a := allocs.Steady(3, 5, func() { step(n) }); a != 0 {
			t.Errorf("batch %d: a training step allocates %v times, want 0", n, a)
		}
	}
}

// TestCNNLearns: the small LeNet memorises a batch of random labels.
func TestCNNLearns(t *testing.T) {
	step, _ := cnnStep(16)
	first := step(16)
	var last float64
	for i := 0; i < 100; i++ {
		last = step(16)
	}
	if !(last < 0.1*first) {
		t.Fatalf("loss %.4f after 100 steps, from %.4f", last, first)
	}
}
