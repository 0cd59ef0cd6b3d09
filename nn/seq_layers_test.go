package nn

import (
	"math"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"

	"github.com/corten-ml/corten/internal/allocs"
	"github.com/corten-ml/corten/tensor"
)

// Tests of the sequence and transformer layers that need no fixture:
// gradient checks, spec round trips, allocation-free steps.

func TestGradCheckSmoothLayers(t *testing.T) {
	rng := tensor.NewRand(11)
	for _, spec := range []string{"layernorm(5)", "gelu", "gelu(tanh)", "leakyrelu", "leakyrelu(0.3)", "elu", "elu(0.5)", "silu"} {
		// A dense layer in front moves the activations' inputs about, and
		// a random target makes every gradient count.
		m := MustBuild("linear(4,5,xavier_uniform),"+spec, rng)
		m.SetInputGrad(true)
		x := tensor.RandN(rng, 0, 1, 3, 2, 4)
		checkGrads(t, spec, m, x, MSELoss(tensor.RandN(rng, 0, 1, 3, 2, 5)))
	}
	// LayerNorm with a non-trivial affine map.
	l := NewLayerNorm(6)
	copy(l.W.Data(), tensor.RandN(rng, 1, 0.5, 6).Data())
	copy(l.B.Data(), tensor.RandN(rng, 0, 0.5, 6).Data())
	checkGrads(t, "layernorm affine", l, tensor.RandN(rng, 0.5, 2, 4, 6), MSELoss(tensor.RandN(rng, 0, 1, 4, 6)))
}

// specRoundTrip checks that Build(spec) describes itself as spec.
func specRoundTrip(t *testing.T, specs ...string) {
	t.Helper()
	for _, spec := range specs {
		m, err := Build(spec, tensor.NewRand(1))
		if err != nil {
			t.Errorf("Build(%q): %v", spec, err)
			continue
		}
		if got := m.Spec(); got != spec {
			t.Errorf("Build(%q).Spec() = %q", spec, got)
		}
	}
}

// specErrors checks that each bad spec is refused with an error (not a
// panic or a huge allocation).
func specErrors(t *testing.T, specs ...string) {
	t.Helper()
	for _, spec := range specs {
		if _, err := Build(spec, tensor.NewRand(1)); err == nil {
			t.Errorf("Build(%q) succeeded, want an error", spec)
		} else {
			t.Logf("Build(%q): %v", spec, err)
		}
	}
}

func TestSmoothLayerSpecs(t *testing.T) {
	specRoundTrip(t, "layernorm(64)", "gelu", "gelu(tanh)", "leakyrelu", "leakyrelu(0.2)", "elu", "elu(0.5)", "silu",
		"linear(4,8),layernorm(8),gelu,linear(8,2)")
	specErrors(t, "layernorm", "layernorm(0)", "layernorm(2000000000)", "layernorm(1,2)", "gelu(erf)", "gelu(1)",
		"leakyrelu(x)", "leakyrelu(1,2)", "elu(inf)", "silu(1)")
	if m := MustBuild("leakyrelu(0.01),elu(1)", nil); m.Spec() != "leakyrelu,elu" {
		t.Errorf("default arguments: spec %q", m.Spec())
	}
}

// stepAllocs checks that a warm forward and backward pass of m allocates
// nothing.
func stepAllocs(t *testing.T, name string, m Layer, x *tensor.Tensor) {
	t.Helper()
	step := func() {
		y := m.Forward(x)
		m.Backward(y)
	}
	step()
	if n := allocs.Steady(5, 5, step); n != 0 {
		t.Errorf("%s: a warm forward and backward pass allocates %v times", name, n)
	}
}

func TestSmoothLayersAllocs(t *testing.T) {
	m := MustBuild("linear(4,8),layernorm(8),gelu,gelu(tanh),leakyrelu,elu,silu", tensor.NewRand(1))
	m.SetInputGrad(true)
	stepAllocs(t, "smooth layers", m, tensor.RandN(tensor.NewRand(2), 0, 1, 3, 5, 4))
}

func TestGradCheckAttention(t *testing.T) {
	rng := tensor.NewRand(12)
	for _, causal := range []bool{false, true} {
		a := NewMultiheadAttention(6, 2, causal, rng)
		// Non-zero biases, and inputs large enough that the softmax is
		// far from uniform: the check goes through its Jacobian.
		copy(a.InProj.B.Data(), tensor.RandN(rng, 0, 0.5, 18).Data())
		copy(a.OutProj.B.Data(), tensor.RandN(rng, 0, 0.5, 6).Data())
		x := tensor.RandN(rng, 0, 1.5, 2, 4, 6)
		checkGrads(t, a.Spec(), a, x, MSELoss(tensor.RandN(rng, 0, 1, 2, 4, 6)))
		if p := a.Probs(); len(p) != 2*2*4*4 || (causal && p[1] != 0) {
			t.Errorf("%s: probabilities %v", a.Spec(), p[:4])
		}
	}
}

func TestAttentionSpecs(t *testing.T) {
	specRoundTrip(t, "mha(64,4)", "mha(8,2,causal)", "linear(3,8),mha(8,8),mha(8,1,causal)")
	specErrors(t, "mha(64)", "mha(64,5)", "mha(0,1)", "mha(64,4,causl)", "mha(64,4,causal,1)", "mha(100000,4)")
}

func TestAttentionAllocs(t *testing.T) {
	m := MustBuild("mha(16,4,causal),mha(16,2)", tensor.NewRand(1))
	m.SetInputGrad(true)
	stepAllocs(t, "attention", m, tensor.RandN(tensor.NewRand(2), 0, 1, 3, 5, 16))
}

// randomizeParams gives every parameter random values (the norms' ones and
// zeros and the attention's zero biases would hide mistakes).
func randomizeParams(params []Param, rng *rand.Rand) {
	for _, p := range params {
		copy(p.Value.Data(), tensor.RandN(rng, 0, 0.3, p.Value.Len()).Data())
	}
}

func TestGradCheckEncoderLayer(t *testing.T) {
	rng := tensor.NewRand(55)
	for _, causal := range []bool{false, true} {
		l := NewTransformerEncoderLayer(6, 2, 10, causal, rng)
		randomizeParams(l.Params(), rng)
		// Through two blocks the float32 rounding of the loss, divided by
		// 2h, nears the tolerance at GradCheckStep (errors up to 9e-3
		// over seeds); a step of 1e-2 cuts it tenfold while the central
		// differences' truncation error stays near 1e-4.
		for _, e := range GradCheck(l, tensor.RandN(rng, 0, 1, 2, 4, 6), MSELoss(tensor.RandN(rng, 0, 1, 2, 4, 6)), 1e-2) {
			t.Logf("%s %v", l.Spec(), e)
			if e.MaxRelErr > gradTol/2 {
				t.Errorf("%s: %v exceeds %g", l.Spec(), e, gradTol/2)
			}
		}
	}
}

func TestGradCheckResidual(t *testing.T) {
	rng := tensor.NewRand(14)
	for _, spec := range []string{"residual(linear(5,5))", "residual(layernorm(5),linear(5,7),gelu,linear(7,5))",
		"linear(3,5),residual(residual(silu),elu)"} {
		m := MustBuild(spec, rng)
		m.SetInputGrad(true)
		in := 5
		if spec[0] == 'l' {
			in = 3
		}
		checkGrads(t, spec, m, tensor.RandN(rng, 0, 1, 2, 3, in), MSELoss(tensor.RandN(rng, 0, 1, 2, 3, 5)))
	}
}

func TestResidual(t *testing.T) {
	// y = x + f(x) and dx = dy + f'(dy) for f = 2x.
	f := NewDense(2, 2, Zeros, nil)
	copy(f.W.Data(), []float32{2, 0, 0, 2})
	r := NewResidual(f)
	x := tensor.FromSlice([]float32{1, -2}, 1, 2)
	if y := r.Forward(x).Data(); y[0] != 3 || y[1] != -6 {
		t.Fatalf("y = %v", y)
	}
	if dx := r.Backward(tensor.FromSlice([]float32{1, 1}, 1, 2)).Data(); dx[0] != 3 || dx[1] != 3 {
		t.Fatalf("dx = %v", dx)
	}
	// As a first layer, the input gradient is skipped but the body's
	// parameter gradients are not.
	m := NewSequential(NewResidual(NewSequential(NewDense(2, 2, HeNormal, tensor.NewRand(1)))))
	m.ZeroGrad()
	m.Forward(x)
	if m.Backward(tensor.FromSlice([]float32{1, 1}, 1, 2)) != nil || m.Params()[0].Grad.Data()[0] == 0 {
		t.Fatal("first-layer residual: input gradient computed or weight gradient missing")
	}
	if m.Params()[0].Name != "0.0.weight" {
		t.Errorf("param name %q, want 0.0.weight", m.Params()[0].Name)
	}
	mustPanicNN(t, func() { NewResidual(NewDense(2, 3, Zeros, nil)).Forward(x) }, "[1 2]", "[1 3]")
	// Dropout inside follows the model's mode.
	d := MustBuild("residual(dropout(0.5))", tensor.NewRand(1))
	d.Eval()
	if y := d.Forward(x).Data(); y[0] != 2 || y[1] != -4 {
		t.Fatalf("eval-mode residual dropout: %v", y)
	}
}

// mustPanicNN runs f and checks that it panics with a message containing
// every one of want.
func mustPanicNN(t *testing.T, f func(), want ...string) {
	t.Helper()
	defer func() {
		t.Helper()
		msg, _ := recover().(string)
		for _, w := range want {
			if !strings.Contains(msg, w) {
				t.Fatalf("panic %q does not mention %q", msg, w)
			}
		}
	}()
	f()
}

func TestEncoderSpecs(t *testing.T) {
	specRoundTrip(t, "encoder(64,4,128)", "encoder(8,2,16,causal)", "residual(linear(4,4))",
		"residual(layernorm(8),mha(8,2))", "linear(3,8),residual(layernorm(8),linear(8,16),gelu,linear(16,8)),residual(silu)")
	specErrors(t, "encoder(64,4)", "encoder(64,3,128)", "encoder(64,4,0)", "encoder(64,4,128,x)", "encoder(64,4,2000000000)",
		"residual", "residual()", "residual(foo)", "residual(linear(0,1))")
	// Names: the encoder's are PyTorch's, prefixed by Sequential.
	m := MustBuild("encoder(8,2,16)", tensor.NewRand(1))
	want := []string{"self_attn.in_proj_weight", "self_attn.in_proj_bias", "self_attn.out_proj.weight", "self_attn.out_proj.bias",
		"linear1.weight", "linear1.bias", "linear2.weight", "linear2.bias", "norm1.weight", "norm1.bias", "norm2.weight", "norm2.bias"}
	for i, p := range m.Params() {
		if p.Name != "0."+want[i] {
			t.Errorf("param %d named %q, want %q", i, p.Name, "0."+want[i])
		}
	}
}

func TestEncoderAllocs(t *testing.T) {
	m := MustBuild("linear(5,16),encoder(16,4,32),encoder(16,2,8,causal)", tensor.NewRand(1))
	stepAllocs(t, "encoder", m, tensor.RandN(tensor.NewRand(2), 0, 1, 3, 6, 5))
}

func TestGradCheckSequenceLayers(t *testing.T) {
	rng := tensor.NewRand(15)
	for _, c := range []struct {
		spec  string
		shape []int
		out   int
	}{
		{"linear(3,4),posembed(5,4),meansteps,linear(4,2)", []int{2, 5, 3}, 2},
		{"linear(3,4),posembed(5,4),laststep,linear(4,2)", []int{2, 5, 3}, 2},
		{"patches(2),linear(8,3),meansteps", []int{2, 2, 4, 6}, 3},
	} {
		m := MustBuild(c.spec, rng)
		randomizeParams(m.Params(), rng)
		m.SetInputGrad(true)
		checkGrads(t, c.spec, m, tensor.RandN(rng, 0, 1, c.shape...), MSELoss(tensor.RandN(rng, 0, 1, c.shape[0], c.out)))
	}
}

func TestSequenceLayers(t *testing.T) {
	x := tensor.FromSlice([]float32{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, 2, 3, 2)
	var ms MeanSteps
	if y := ms.Forward(x).Data(); y[0] != 3 || y[1] != 4 || y[2] != 9 || y[3] != 10 {
		t.Errorf("meansteps %v", y)
	}
	if dx := ms.Backward(tensor.FromSlice([]float32{3, 6, 9, 12}, 2, 2)).Data(); dx[0] != 1 || dx[5] != 2 || dx[6] != 3 {
		t.Errorf("meansteps dx %v", dx)
	}
	var ls LastStep
	if y := ls.Forward(x).Data(); y[0] != 5 || y[1] != 6 || y[2] != 11 || y[3] != 12 {
		t.Errorf("laststep %v", y)
	}
	if dx := ls.Backward(tensor.FromSlice([]float32{1, 2, 3, 4}, 2, 2)).Data(); dx[0] != 0 || dx[4] != 1 || dx[11] != 4 {
		t.Errorf("laststep dx %v", dx)
	}
	p := NewPositionalEmbedding(3, 2, tensor.NewRand(1))
	p.P.Fill(0.5)
	if y := p.Forward(x).Data(); y[0] != 1.5 || y[11] != 12.5 {
		t.Errorf("posembed %v", y)
	}
	dy := tensor.Full(1, 2, 3, 2)
	if p.Backward(dy) != dy || p.DP.Data()[0] != 2 {
		t.Errorf("posembed backward: dP %v", p.DP.Data())
	}
	if ps := p.Params(); len(ps) != 1 || ps[0].Name != "" || !sameShape(ps[0].Value.Shape(), []int{1, 3, 2}) {
		t.Errorf("posembed params %v", ps)
	}
	// The N(0, 0.02) initialisation.
	var sq float64
	q := NewPositionalEmbedding(16, 64, tensor.NewRand(2))
	for _, v := range q.P.Data() {
		sq += float64(v) * float64(v)
	}
	if std := math.Sqrt(sq / 1024); math.Abs(std-0.02) > 0.002 {
		t.Errorf("posembed std %v, want 0.02", std)
	}
	mustPanicNN(t, func() { p.Forward(tensor.New(2, 4, 2)) }, "[2 4 2]", "[N 3 2]")
	mustPanicNN(t, func() { ms.Forward(tensor.New(2, 3)) }, "[2 3]")
	mustPanicNN(t, func() { (&Patches{P: 7}).Forward(tensor.New(2, 780)) }, "[2 780]")
	mustPanicNN(t, func() { (&Patches{P: 3}).Forward(tensor.New(1, 1, 4, 6)) }, "[1 1 4 6]")
}

func TestClipGradNorm(t *testing.T) {
	g := tensor.FromSlice([]float32{3, 4}, 2)
	ps := []Param{{"a", tensor.New(2), g}}
	if n := ClipGradNorm(ps, 10); n != 5 || g.Data()[0] != 3 {
		t.Errorf("no clipping: norm %v, grad %v", n, g.Data())
	}
	if n := ClipGradNorm(ps, 1); n != 5 || math.Abs(float64(g.Data()[1])-0.8) > 1e-6 {
		t.Errorf("clipping: norm %v, grad %v", n, g.Data())
	}
	g.Data()[0] = float32(math.NaN())
	if n := ClipGradNorm(ps, 1); !math.IsNaN(n) {
		t.Errorf("NaN gradient: norm %v", n)
	}
}

func TestSequenceSpecs(t *testing.T) {
	specRoundTrip(t, "posembed(16,64)", "patches(7)", "patches(7,28,28)", "meansteps", "laststep",
		"patches(7),linear(49,64),posembed(16,64),encoder(64,4,128),encoder(64,4,128),layernorm(64),meansteps,linear(64,10)")
	specErrors(t, "posembed(16)", "posembed(0,4)", "posembed(100000,100000)", "patches", "patches(0)", "patches(7,28)",
		"patches(7,28,30)", "meansteps(1)", "laststep(2)")
}

// TestSequenceModelSaveLoad saves a model using every new layer and loads
// it back strictly.
func TestSequenceModelSaveLoad(t *testing.T) {
	spec := "patches(2,4,6),linear(4,8),posembed(6,8),residual(layernorm(8),mha(8,2,causal)),encoder(8,2,16)," +
		"leakyrelu(0.2),elu,silu,gelu(tanh),layernorm(8),laststep,linear(8,3)"
	m := MustBuild(spec, tensor.NewRand(4))
	randomizeParams(m.Params(), tensor.NewRand(5))
	path := filepath.Join(t.TempDir(), "m.safetensors")
	if err := SaveModel(path, m, nil, nil); err != nil {
		t.Fatal(err)
	}
	m2, meta, err := LoadModel(path)
	if err != nil {
		t.Fatal(err)
	}
	if meta["arch"] != spec {
		t.Fatalf("arch %q", meta["arch"])
	}
	x := tensor.RandN(tensor.NewRand(6), 0, 1, 2, 24)
	y := m.Forward(x).Clone()
	for i, v := range m2.Forward(x).Data() {
		if v != y.Data()[i] {
			t.Fatalf("reloaded: y[%d] = %v, want %v", i, v, y.Data()[i])
		}
	}
	// A file whose arch asks for more weights than it holds is refused
	// before anything is allocated.
	for _, arch := range []string{"encoder(4096,4,4096)", "residual(mha(8192,2))", "posembed(65536,4096)"} {
		if err := checkArchSize(arch, nil); err == nil {
			t.Errorf("checkArchSize(%q) accepted an empty file", arch)
		}
	}
}

func TestSequenceLayersAllocs(t *testing.T) {
	m := MustBuild("patches(2),linear(8,4),posembed(6,4),residual(silu),meansteps", tensor.NewRand(1))
	stepAllocs(t, "sequence layers", m, tensor.RandN(tensor.NewRand(2), 0, 1, 3, 2, 4, 6))
	l := MustBuild("linear(3,4),laststep", tensor.NewRand(1))
	stepAllocs(t, "laststep", l, tensor.RandN(tensor.NewRand(2), 0, 1, 3, 5, 3))
}
