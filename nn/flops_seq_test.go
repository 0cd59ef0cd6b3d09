package nn

import (
	"testing"

	"github.com/corten-ml/corten/tensor"
)

// TestCountFLOPsRecurrent checks the recurrent counts against hand counts
// of the MNIST row models (batch 64, 28 steps of 28, hidden 128, 10
// classes), with G·H written gh:
//
//	forward   input projection  2·64·28·28·gh
//	          recurrent product 2·64·27·128·gh (none from the zero initial state)
//	          linear            2·64·128·10 = 163,840
//	backward  dW_ih             2·64·28·28·gh
//	          dW_hh and dh      2 · 2·64·27·128·gh
//	          linear dW and dx  2 · 163,840
//
// The recurrent layer is the first with parameters, so its input gradient
// is skipped. LSTM (gh 512): input 51,380,224, recurrent 226,492,416, so
// 2·51,380,224 + 3·226,492,416 + 3·163,840 = 782,729,216 in all; GRU (gh
// 384): 2·38,535,168 + 3·169,869,312 + 3·163,840 = 587,169,792.
func TestCountFLOPsRecurrent(t *testing.T) {
	for _, c := range []struct {
		spec     string
		fwd, all int64
	}{
		{"reshape(28,28),lstm(28,128,last),linear(128,10)", 51_380_224 + 226_492_416 + 163_840, 782_729_216},
		{"reshape(28,28),gru(28,128,last),linear(128,10)", 38_535_168 + 169_869_312 + 163_840, 587_169_792},
		// Two layers of 4 over 3 steps of 2, batch 1, plain tanh (gh 4):
		// layer 0 input 2·3·2·4 = 48, layer 1 input 2·3·4·4 = 96,
		// recurrent 2·2·4·4 = 64 each: forward 48+64+96+64 = 272;
		// backward dW_ih 48 and 96, dW_hh and dh 2·64 each, layer 1's
		// input gradient 96 (layer 0's skipped): 48+96+256+96 = 496.
		{"rnn(2,4,2)", 272, 272 + 496},
	} {
		m := MustBuild(c.spec, tensor.NewRand(1))
		in := []int{64, 784}
		if c.spec == "rnn(2,4,2)" {
			in = []int{1, 3, 2}
		}
		f, b, err := CountFLOPs(m, in)
		if err != nil || f != c.fwd || f+b != c.all {
			t.Errorf("%s: CountFLOPs = %d, %d, %v; want forward %d, step %d", c.spec, f, b, err, c.fwd, c.all)
		}
	}
}

// TestCountFLOPsTransformer checks attention and the encoder layer by hand
// for batch 1, 2 tokens of 3 values, width 4, one head, MLP 5, 2 classes:
// embedding 2·2·3·4 = 48, input projection 2·2·4·12 = 192, Q·Kᵀ and P·V
// 2·(2·2·2·4) = 64, output projection 2·2·4·4 = 64, MLP 2·(2·2·4·5) = 160,
// head 2·4·2 = 16: forward 544. Backward doubles each product (weight and
// input gradients, the attention's four products against two) but the
// embedding's input gradient, which is skipped: 2·544 - 48 = 1040.
func TestCountFLOPsTransformer(t *testing.T) {
	m := MustBuild("linear(3,4),encoder(4,1,5),meansteps,linear(4,2)", tensor.NewRand(1))
	f, b, err := CountFLOPs(m, []int{1, 2, 3})
	if err != nil || f != 544 || b != 1040 {
		t.Errorf("CountFLOPs = %d, %d, %v; want 544, 1040", f, b, err)
	}
	// A causal mask halves the score products but for the diagonal:
	// 2 tokens see 1 and 2 keys, 3 pairs of 4: 2·3·4 = 24 each instead of
	// 32, forward 544 - 2·8 = 528, backward 1040 - 4·8 = 1008.
	m = MustBuild("linear(3,4),encoder(4,1,5,causal),meansteps,linear(4,2)", tensor.NewRand(1))
	if f, b, err := CountFLOPs(m, []int{1, 2, 3}); err != nil || f != 528 || b != 1008 {
		t.Errorf("causal: CountFLOPs = %d, %d, %v; want 528, 1008", f, b, err)
	}
	// The ViT of cmd/mnist, batch 64: its patches and positions add
	// nothing, and it is the same count at batch 64 of 16 tokens.
	vit := MustBuild("patches(7),linear(49,64),posembed(16,64),encoder(64,4,128),encoder(64,4,128),layernorm(64),meansteps,linear(64,10)", tensor.NewRand(1))
	f, b, err = CountFLOPs(vit, []int{64, 784})
	rows := int64(64 * 16)
	embed := 2 * rows * 49 * 64
	block := 2*rows*64*192 + 2*2*rows*16*64 + 2*rows*64*64 + 2*2*rows*64*128
	head := int64(2 * 64 * 64 * 10)
	if fwd := embed + 2*block + head; err != nil || f != fwd || b != 2*fwd-embed {
		t.Errorf("ViT: CountFLOPs = %d, %d, %v; want %d, %d", f, b, err, fwd, 2*fwd-embed)
	}
}

// TestCountFLOPsShapes checks the shapes the new layers pass on and that
// they refuse inputs they cannot take.
func TestCountFLOPsShapes(t *testing.T) {
	m := MustBuild("embedding(10,4),residual(layernorm(4),gelu),lstm(4,3),laststep,batchnorm1d(3),silu,elu,leakyrelu,linear(3,2)", tensor.NewRand(1))
	if _, _, err := CountFLOPs(m, []int{5, 7}); err != nil {
		t.Errorf("embedding ... linear: %v", err)
	}
	for spec, in := range map[string][]int{
		"lstm(4,3)":      {2, 5, 3},
		"mha(4,2)":       {2, 4},
		"posembed(3,4)":  {2, 4, 4},
		"patches(7)":     {2, 50},
		"layernorm(4)":   {2, 5},
		"batchnorm2d(3)": {2, 3, 4},
		"meansteps":      {2, 3},
	} {
		if _, _, err := CountFLOPs(MustBuild(spec, tensor.NewRand(1)), in); err == nil {
			t.Errorf("%s took input %v", spec, in)
		}
	}
}
