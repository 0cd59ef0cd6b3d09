package nn

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/corten-ml/corten/internal/allocs"
	"github.com/corten-ml/corten/tensor"
)

// servedModels are an MLP and a small CNN, trained a few steps so that
// their weights are not the initial ones.
func servedModels(t testing.TB) map[string]*Sequential {
	rng := tensor.NewRand(3)
	models := map[string]*Sequential{
		"mlp": MustBuild("linear(64,32),relu,dropout(0.2),linear(32,10)", rng),
		"cnn": MustBuild("reshape(1,8,8),conv2d(1,4,3,padding=1),relu,maxpool2d(2),flatten,linear(64,10)", rng),
		"bn":  MustBuild("linear(64,16),bn:batchnorm1d(16),relu,fc:linear(16,10)", rng),
	}
	x := tensor.RandN(rng, 0, 1, 16, 64)
	y := make([]int, 16)
	for i := range y {
		y[i] = i % 10
	}
	for _, m := range models {
		var loss SoftmaxCrossEntropy
		opt := NewAdam(m.Params(), 1e-2)
		for range 3 {
			opt.ZeroGrad()
			loss.Forward(m.Forward(x), y)
			m.Backward(loss.Backward())
			opt.Step()
		}
	}
	return models
}

// TestPredictorConcurrent serves each model from 8 goroutines and checks
// every result, bit for bit, against the model's own serial Forward.
func TestPredictorConcurrent(t *testing.T) {
	for name, m := range servedModels(t) {
		t.Run(name, func(t *testing.T) {
			rng := tensor.NewRand(9)
			const calls = 40
			inputs := make([]*tensor.Tensor, calls)
			want := make([]*tensor.Tensor, calls)
			m.Eval()
			for i := range inputs {
				inputs[i] = tensor.RandN(rng, 0, 1, 1+i%5, 64)
				want[i] = m.Forward(inputs[i]).Clone()
			}
			m.Train()
			p := NewPredictor(m)
			var wg sync.WaitGroup
			errs := make(chan string, 8*calls)
			for g := range 8 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for k := range calls {
						i := (k + g*5) % calls
						got := p.Forward(nil, inputs[i])
						for j, v := range got.Data() {
							if v != want[i].Data()[j] {
								errs <- fmt.Sprintf("goroutine %d input %d: element %d = %v, want %v", g, i, j, v, want[i].Data()[j])
								break
							}
						}
						cls := p.Predict(nil, inputs[i])
						if exp := tensor.ArgMaxRows(nil, want[i]); fmt.Sprint(cls) != fmt.Sprint(exp) {
							errs <- fmt.Sprintf("goroutine %d input %d: classes %v, want %v", g, i, cls, exp)
						}
					}
				}()
			}
			wg.Wait()
			close(errs)
			n := 0
			for e := range errs {
				if n++; n <= 5 {
					t.Error(e)
				}
			}
			if n > 0 {
				t.Errorf("%d wrong results of %d", n, 8*calls)
			}
		})
	}
}

// TestSequentialDetectsConcurrentUse checks that overlapping passes on one
// model panic instead of returning mixed-up buffers.
func TestSequentialDetectsConcurrentUse(t *testing.T) {
	m := MustBuild("linear(4,3)", tensor.NewRand(1))
	m.busy.Store(true) // as if another goroutine were inside Forward
	defer m.busy.Store(false)
	defer func() {
		msg, _ := recover().(string)
		if !strings.Contains(msg, "Predictor") {
			t.Fatalf("panic %q, want one pointing to Predictor", msg)
		}
	}()
	m.Forward(tensor.New(2, 4))
}

func TestPredictorSteadyStateAllocatesNothing(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates")
	}
	for name, m := range servedModels(t) {
		p := NewPredictor(m)
		x := tensor.RandN(tensor.NewRand(1), 0, 1, 8, 64)
		dst := p.Forward(nil, x)
		cls := make([]int, 8)
		if n := allocs.Steady(20, 5, func() { p.Forward(dst, x); p.Predict(cls, x) }); n != 0 {
			t.Errorf("%s: %v allocations per warm call", name, n)
		}
	}
}

func TestPredictorNamedModel(t *testing.T) {
	m := MustBuild("body:linear(6,5),relu,fc:linear(5,2)", tensor.NewRand(2))
	if got := m.Params()[2].Name; got != "fc.weight" {
		t.Fatalf("param name %q, want fc.weight", got)
	}
	x := tensor.RandN(tensor.NewRand(1), 0, 1, 3, 6)
	m.Eval()
	want := m.Forward(x).Clone()
	got := NewPredictor(m).Forward(nil, x)
	for i := range want.Data() {
		if got.Data()[i] != want.Data()[i] {
			t.Fatalf("named model served %v, want %v", got.Data(), want.Data())
		}
	}
}
