package bench

import "testing"

// vit is the ViT of the reference workload "vit" (peers/torch_mnist.py):
// 16 patches of 7x7 pixels embedded to width 64, learned positions, two
// pre-norm encoder blocks (4 heads, GELU MLP of 128), a final LayerNorm,
// the mean over the tokens and a linear classifier.
const vit = "patches(7),linear(49,64),posembed(16,64),encoder(64,4,128),encoder(64,4,128)," +
	"layernorm(64),meansteps,linear(64,10)"

// transformerStepFLOPs counts the floating-point operations (two per
// multiply-add) of the GEMMs of one training step of such a model: batch
// sequences of tokens patch vectors, embedded to width, blocks encoder
// layers with an MLP of mlp, a classifier over classes. Per block the
// forward pass multiplies the input projection (width -> 3·width), Q·Kᵀ
// and P·V (tokens·tokens·width each, over all heads together), the output
// projection and the two MLP layers. The backward pass does twice the
// forward's work: every dense layer computes its weight and its input
// gradient (the embedding's too, as it is not the first layer), and the
// attention four GEMMs against two. Elementwise work (norms, softmax,
// GELU) is left out.
func transformerStepFLOPs(batch, tokens, patch, width, mlp, blocks, classes int) float64 {
	rows := float64(batch * tokens)
	w, t := float64(width), float64(tokens)
	fwd := 2 * rows * float64(patch) * w // embedding
	perBlock := 2*rows*w*3*w +           // input projection
		2*2*rows*t*w + // Q·Kᵀ and P·V
		2*rows*w*w + // output projection
		2*2*rows*w*float64(mlp) // linear1 and linear2
	fwd += float64(blocks) * perBlock
	fwd += 2 * float64(batch) * w * float64(classes) // head
	return 3 * fwd
}

func TestTransformerStepFLOPs(t *testing.T) {
	// By hand for batch 1, 2 tokens of 3 values, width 4, MLP 5, one
	// block, 2 classes: embedding 2·2·3·4 = 48, input projection
	// 2·2·4·12 = 192, Q·Kᵀ and P·V 2·(2·2·2·4) = 64, output projection
	// 2·2·4·4 = 64, MLP 2·(2·2·4·5) = 160, head 2·4·2 = 16: forward 544,
	// step 3·544 = 1632.
	if got := transformerStepFLOPs(1, 2, 3, 4, 5, 1, 2); got != 1632 {
		t.Fatalf("transformerStepFLOPs = %v, want 1632", got)
	}
}

// BenchmarkTransformerStep times one training step of the two-block ViT
// on a batch of 64 MNIST-shaped rows, with Adam, and reports GFLOPS from
// the analytic count. Run with GOMAXPROCS=1 for the one-thread figure.
func BenchmarkTransformerStep(b *testing.B) {
	benchStep(b, newTrainStep(vit, 64, 784))
	perStep := b.Elapsed().Seconds() / float64(b.N)
	b.ReportMetric(transformerStepFLOPs(64, 16, 49, 64, 128, 2, 10)/perStep/1e9, "GFLOPS")
}

// TestTransformerStepAllocs checks that a ViT training step allocates
// nothing.
func TestTransformerStepAllocs(t *testing.T) {
	if testing.Short() {
		t.Skip("a ViT step on a full batch")
	}
	checkStepAllocs(t, newTrainStep(vit, 64, 784), 2)
}
