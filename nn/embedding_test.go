package nn

import (
	"math"
	"strings"
	"testing"

	"github.com/corten-ml/corten/internal/allocs"
	"github.com/corten-ml/corten/tensor"
)

func TestEmbeddingIDsChecked(t *testing.T) {
	e := NewEmbedding(7, 3, tensor.NewRand(1))
	mustPanic(t, "Backward before Forward", func() { e.Backward(tensor.New(2, 3)) })
	nan := float32(math.NaN())
	for _, c := range []struct {
		ids  []float32
		want string
	}{
		{[]float32{0, 1, 2, 1.5}, "id 1.5 at position [1 1]"},
		{[]float32{0, -1, 2, 3}, "id -1 at position [0 1]"},
		{[]float32{0, 1, 7, 3}, "id 7 at position [1 0]"},
		{[]float32{nan, 1, 2, 3}, "id NaN at position [0 0]"},
		{[]float32{0, 1, 2, float32(math.Inf(1))}, "id +Inf at position [1 1]"},
	} {
		mustPanic(t, c.want, func() { e.Forward(tensor.FromSlice(c.ids, 2, 2)) })
	}
	mustPanic(t, "want at least one axis", func() { e.Forward(tensor.New()) })
	// Ids of any rank: [N] gives [N, Dim].
	if y := e.Forward(tensor.FromSlice([]float32{6, 0}, 2)); y.Dim(0) != 2 || y.Dim(1) != 3 || y.At(0, 2) != e.W.At(6, 2) {
		t.Errorf("ids [2]: output %v", y)
	}
	mustPanic(t, "gradient shape [2 4], want [2 3]", func() { e.Backward(tensor.New(2, 4)) })
	mustPanic(t, "NewEmbedding(0, 3)", func() { NewEmbedding(0, 3, tensor.NewRand(1)) })
}

// Backward touches only the rows of the ids seen.
func TestEmbeddingSparseGradient(t *testing.T) {
	e := NewEmbedding(1000, 4, tensor.NewRand(2))
	y := e.Forward(tensor.FromSlice([]float32{3, 998, 3}, 1, 3))
	e.Backward(tensor.Full(1, y.Shape()...))
	for r := range 1000 {
		want := float32(0)
		switch r {
		case 3:
			want = 2
		case 998:
			want = 1
		}
		for c := range 4 {
			if g := e.DW.At(r, c); g != want {
				t.Fatalf("dW[%d, %d] = %v, want %v", r, c, g, want)
			}
		}
	}
}

// In a Sequential, Embedding comes first and ends the backward pass; the
// gradients of everything after it check against finite differences.
func TestEmbeddingInSequential(t *testing.T) {
	rng := tensor.NewRand(3)
	m := MustBuild("embedding(10,4),flatten,linear(12,3),tanh,linear(3,2)", rng)
	m.SetInputGrad(true)
	ids := tensor.FromSlice([]float32{1, 4, 1, 9, 0, 4}, 2, 3)
	checkGrads(t, m.Spec(), m, ids, MSELoss(tensor.RandN(rng, 0, 1, 2, 2)))
	if dx := m.Backward(tensor.New(2, 2)); dx != nil {
		t.Errorf("input gradient %v, want nil", dx.Shape())
	}
	// A training step allocates nothing once warm.
	opt := NewAdam(m.Params(), 0.01)
	var mse MSE
	target := tensor.New(2, 2)
	step := func() {
		opt.ZeroGrad()
		mse.Forward(m.Forward(ids), target)
		m.Backward(mse.Backward())
		opt.Step()
	}
	step()
	if a := allocs.Steady(3, 5, step); a != 0 {
		t.Errorf("a training step allocates %v times", a)
	}
}

func TestEmbeddingSpec(t *testing.T) {
	rng := tensor.NewRand(1)
	m, err := Build("Embedding(10, 4)", rng)
	if err != nil || m.Spec() != "embedding(10,4)" {
		t.Fatalf("Build: %v, spec %q", err, m.Spec())
	}
	if p := m.Params(); len(p) != 1 || p[0].Name != "0.weight" || p[0].Value.Dim(0) != 10 || p[0].Value.Dim(1) != 4 {
		t.Errorf("params %v", p)
	}
	for spec, want := range map[string]string{
		"embedding(10)":              "takes (num,dim)",
		"embedding(0,4)":             "not a positive integer",
		"embedding(100000,100000)":   "more than the limit",
		"embedding(1073741824,1024)": "exceed the limit",
	} {
		if _, err := Build(spec, rng); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Build(%q) error %v, want one containing %q", spec, err, want)
		}
	}
}
