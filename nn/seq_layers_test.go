package nn

import (
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
