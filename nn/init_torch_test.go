package nn

import (
	"math"
	"testing"

	"github.com/corten-ml/corten/tensor"
)

// TestTorchInit checks PyTorch's default initialisation of a linear layer:
// weights and bias uniform in ±1/sqrt(in), so of variance 1/(3·in), and
// the spec name.
func TestTorchInit(t *testing.T) {
	d := NewDense(400, 300, Torch, tensor.NewRand(5))
	bound := 1 / math.Sqrt(400)
	for name, v := range map[string][]float32{"weight": d.W.Data(), "bias": d.B.Data()} {
		var sq float64
		for _, x := range v {
			if math.Abs(float64(x)) > bound {
				t.Fatalf("%s %v outside ±%v", name, x, bound)
			}
			sq += float64(x) * float64(x)
		}
		if got, want := sq/float64(len(v)), 1/(3*400.0); math.Abs(got-want) > 0.15*want {
			t.Errorf("%s variance %v, want about %v", name, got, want)
		}
	}
	m := MustBuild("linear(4,3,torch)", tensor.NewRand(1))
	if m.Params()[1].Value.Data()[0] == 0 {
		t.Error("linear(4,3,torch) left the bias at zero")
	}
}
