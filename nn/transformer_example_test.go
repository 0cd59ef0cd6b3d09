package nn_test

import (
	"fmt"

	"github.com/corten-ml/corten/nn"
	"github.com/corten-ml/corten/tensor"
)

// The ViT of the MNIST reference workload as a spec: 7x7 patches of the
// flat 784-pixel rows, embedded to width 64, learned positions, two
// pre-norm encoder blocks, a final LayerNorm, the mean over the 16 tokens
// and a classifier: 71946 parameters, as PyTorch's module has. The encoder
// blocks' parameters carry PyTorch's names.
func Example_transformer() {
	spec := "patches(7),linear(49,64),posembed(16,64),encoder(64,4,128),encoder(64,4,128)," +
		"layernorm(64),meansteps,linear(64,10)"
	m := nn.MustBuild(spec, tensor.NewRand(1))
	x := tensor.RandN(tensor.NewRand(2), 0, 1, 8, 784) // 8 images
	fmt.Println(m.Forward(x).Shape(), m.NumParams())
	for _, p := range m.Params()[3:7] {
		fmt.Println(p.Name, p.Value.Shape())
	}
	// Output:
	// [8 10] 71946
	// 3.self_attn.in_proj_weight [192 64]
	// 3.self_attn.in_proj_bias [192]
	// 3.self_attn.out_proj.weight [64 64]
	// 3.self_attn.out_proj.bias [64]
}
