package nn

import (
	"math"

	"github.com/corten-ml/corten/tensor"
)

// ClipGradNorm scales the gradients of params so that their global L2
// norm (all gradients taken as one vector) is at most maxNorm, with the
// semantics of torch.nn.utils.clip_grad_norm_: it returns the norm before
// clipping, total, and when total > maxNorm multiplies every gradient by
// maxNorm/(total + 1e-6). Call it between Backward and the optimizer's
// Step. A non-finite total leaves gradients that are not finite (as
// PyTorch's default, error_if_nonfinite=False): check the returned value.
func ClipGradNorm(params []Param, maxNorm float64) float64 {
	var sq float64
	for _, p := range params {
		for _, g := range p.Grad.Data() {
			sq += float64(g) * float64(g)
		}
	}
	total := math.Sqrt(sq)
	// PyTorch multiplies by min(coef, 1); the NaN of a NaN total fails
	// coef >= 1 and propagates as it does there.
	if coef := maxNorm / (total + 1e-6); !(coef >= 1) {
		for _, p := range params {
			tensor.Scale(p.Grad, float32(coef), p.Grad)
		}
	}
	return total
}
