package bench

import "testing"

// vit is the ViT of the reference workload "vit" (peers/torch_mnist.py):
// 16 patches of 7x7 pixels embedded to width 64, learned positions, two
// pre-norm encoder blocks (4 heads, GELU MLP of 128), a final LayerNorm,
// the mean over the tokens and a linear classifier.
const vit = "patches(7),linear(49,64),posembed(16,64),encoder(64,4,128),encoder(64,4,128)," +
	"layernorm(64),meansteps,linear(64,10)"

// BenchmarkTransformerStep times one training step of the two-block ViT
// on a batch of 64 MNIST-shaped rows, with Adam (GFLOPS from
// nn.CountFLOPs). Run with GOMAXPROCS=1 for the one-thread figure.
func BenchmarkTransformerStep(b *testing.B) { benchStep(b, newTrainStep(vit, 64, 784)) }

// TestTransformerStepAllocs checks that a ViT training step allocates
// nothing.
func TestTransformerStepAllocs(t *testing.T) {
	if testing.Short() {
		t.Skip("a ViT step on a full batch")
	}
	checkStepAllocs(t, newTrainStep(vit, 64, 784), 2)
}
