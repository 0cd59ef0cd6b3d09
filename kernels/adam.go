package kernels

import (
	"fmt"
	"math"
)

// AdamStep applies one Adam update, fused over the four slices, for step
// t (counting from 1), with the bias correction of Kingma and Ba as PyTorch
// computes it:
//
//	m = beta1*m + (1-beta1)*g
//	v = beta2*v + (1-beta2)*g*g
//	p -= lr/(1-beta1^t) * m / (sqrt(v)/sqrt(1-beta2^t) + eps)
//
// Weight decay is the caller's: add l2*p to g first (Adam) or scale p
// (AdamW).
func AdamStep(p, g, m, v []float32, lr, beta1, beta2, eps float32, t int) {
	sameLen("AdamStep", len(p), g, m, v)
	if t < 1 {
		panic(fmt.Sprintf("kernels: AdamStep: step %d < 1", t))
	}
	bc1 := 1 - math.Pow(float64(beta1), float64(t))
	bc2 := 1 - math.Pow(float64(beta2), float64(t))
	step := float32(float64(lr) / bc1)
	vscale := float32(1 / math.Sqrt(bc2))
	active.Load().adam(p, g, m, v, step, beta1, beta2, eps, vscale)
}

// adamGo is the reference: step is lr/(1-beta1^t), vscale 1/sqrt(1-beta2^t).
func adamGo(p, g, m, v []float32, step, beta1, beta2, eps, vscale float32) {
	g, m, v = g[:len(p)], m[:len(p)], v[:len(p)]
	for i := range p {
		gi := g[i]
		mi := beta1*m[i] + (1-beta1)*gi
		vi := beta2*v[i] + (1-beta2)*gi*gi
		m[i], v[i] = mi, vi
		p[i] -= step * mi / (float32(math.Sqrt(float64(vi)))*vscale + eps)
	}
}
