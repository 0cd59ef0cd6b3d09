package bench

import "testing"

// The recurrent workloads "lstm" and "gru" (peers/README.md): an MNIST
// image as 28 steps of 28 pixels, one recurrent layer of 128, the last
// step's state classified by linear(128,10).
const (
	lstmRows = "lstm(28,128,last),linear(128,10)"
	gruRows  = "gru(28,128,last),linear(128,10)"
)

// recurrentStepFLOPs is the analytic floating-point operation count of one
// training step of a one-layer recurrent network over steps steps of in
// features with hidden units and gates gate blocks (LSTM 4, GRU 3), whose
// last state feeds linear(hidden, classes), on a batch of n. It counts the
// GEMMs, 2·m·n·k each, which are all but a few per cent of the work; the
// elementwise gate passes, biases, loss and optimizer are not counted.
// With G·H written gh:
//
//	forward   input projection  2·n·steps·in·gh
//	          recurrent product 2·n·(steps-1)·hidden·gh (none from the zero initial state)
//	          linear            2·n·hidden·classes
//	backward  dW_ih             2·n·steps·in·gh
//	          dW_hh             2·n·(steps-1)·hidden·gh
//	          dh through time   2·n·(steps-1)·hidden·gh
//	          linear dW and dx  2 · 2·n·hidden·classes
//
// The recurrent layer is the model's first, so its input gradient is
// skipped and not counted.
func recurrentStepFLOPs(gates, n, steps, in, hidden, classes int) float64 {
	gh := float64(gates * hidden)
	N, T, I, H, C := float64(n), float64(steps), float64(in), float64(hidden), float64(classes)
	input := 2 * N * T * I * gh
	rec := 2 * N * (T - 1) * H * gh
	linear := 2 * N * H * C
	return 2*input + 3*rec + 3*linear
}

// TestRecurrentStepFLOPs checks the count against a hand count of the
// benchmark shapes (n 64, 28 steps of 28, hidden 128, 10 classes).
func TestRecurrentStepFLOPs(t *testing.T) {
	// LSTM, gh = 512: input projection 2·64·28·28·512 = 51,380,224, each
	// recurrent GEMM over the steps 2·64·27·128·512 = 226,492,416, linear
	// 2·64·128·10 = 163,840: 2·51,380,224 + 3·226,492,416 + 3·163,840.
	if got, want := recurrentStepFLOPs(4, 64, 28, 28, 128, 10), 782_729_216.0; got != want {
		t.Errorf("LSTM step: %v FLOPs, hand count %v", got, want)
	}
	// GRU, gh = 384: three quarters of the LSTM's recurrent parts,
	// 2·38,535,168 + 3·169,869,312 + 3·163,840.
	if got, want := recurrentStepFLOPs(3, 64, 28, 28, 128, 10), 587_169_792.0; got != want {
		t.Errorf("GRU step: %v FLOPs, hand count %v", got, want)
	}
}

// benchRecurrentStep times a training step of spec on a batch of 64
// sequences of 28 steps of 28 and reports GFLOPS by recurrentStepFLOPs.
func benchRecurrentStep(b *testing.B, spec string, gates int) {
	benchStep(b, newTrainStep(spec, 64, 28, 28))
	perStep := b.Elapsed().Seconds() / float64(b.N)
	b.ReportMetric(recurrentStepFLOPs(gates, 64, 28, 28, 128, 10)/perStep/1e9, "GFLOPS")
}

// BenchmarkLSTMStep times one training step of the MNIST row LSTM (Adam,
// softmax cross-entropy). Run with GOMAXPROCS=1 for the one-thread figure.
func BenchmarkLSTMStep(b *testing.B) { benchRecurrentStep(b, lstmRows, 4) }

// BenchmarkGRUStep is BenchmarkLSTMStep for the GRU.
func BenchmarkGRUStep(b *testing.B) { benchRecurrentStep(b, gruRows, 3) }

// TestRecurrentStepAllocs checks that LSTM and GRU training steps allocate
// nothing.
func TestRecurrentStepAllocs(t *testing.T) {
	if testing.Short() {
		t.Skip("recurrent steps on a full batch")
	}
	checkStepAllocs(t, newTrainStep(lstmRows, 64, 28, 28), 2)
	checkStepAllocs(t, newTrainStep(gruRows, 64, 28, 28), 2)
}
