package bench

import "testing"

// The recurrent workloads "lstm" and "gru" (peers/README.md): an MNIST
// image as 28 steps of 28 pixels, one recurrent layer of 128, the last
// step's state classified by linear(128,10).
const (
	lstmRows = "lstm(28,128,last),linear(128,10)"
	gruRows  = "gru(28,128,last),linear(128,10)"
)

// benchRecurrentStep times a training step of spec on a batch of 64
// sequences of 28 steps of 28 (GFLOPS from nn.CountFLOPs).
func benchRecurrentStep(b *testing.B, spec string) { benchStep(b, newTrainStep(spec, 64, 28, 28)) }

// BenchmarkLSTMStep times one training step of the MNIST row LSTM (Adam,
// softmax cross-entropy). Run with GOMAXPROCS=1 for the one-thread figure.
func BenchmarkLSTMStep(b *testing.B) { benchRecurrentStep(b, lstmRows) }

// BenchmarkGRUStep is BenchmarkLSTMStep for the GRU.
func BenchmarkGRUStep(b *testing.B) { benchRecurrentStep(b, gruRows) }

// TestRecurrentStepAllocs checks that LSTM and GRU training steps allocate
// nothing.
func TestRecurrentStepAllocs(t *testing.T) {
	if testing.Short() {
		t.Skip("recurrent steps on a full batch")
	}
	checkStepAllocs(t, newTrainStep(lstmRows, 64, 28, 28), 2)
	checkStepAllocs(t, newTrainStep(gruRows, 64, 28, 28), 2)
}
