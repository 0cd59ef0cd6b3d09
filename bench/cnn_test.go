package bench

import "testing"

// lenet5 is the LeNet-5 of the reference workload "cnn" (peers/README.md).
const lenet5 = "conv2d(1,6,5,padding=2),relu,maxpool2d(2),conv2d(6,16,5),relu,maxpool2d(2),flatten," +
	"linear(400,120),relu,linear(120,84),relu,linear(84,10)"

// BenchmarkCNNStep times one LeNet-5 training step. Run with GOMAXPROCS=1
// for the one-thread figure.
func BenchmarkCNNStep(b *testing.B) { benchStep(b, newTrainStep(lenet5, 64, 1, 28, 28)) }

// TestCNNStepAllocs checks that a LeNet-5 training step allocates nothing.
func TestCNNStepAllocs(t *testing.T) {
	if testing.Short() {
		t.Skip("a LeNet-5 step on a full batch")
	}
	checkStepAllocs(t, newTrainStep(lenet5, 64, 1, 28, 28), 2)
}
