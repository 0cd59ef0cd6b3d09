//go:build arm64 && gc && !purego

package arm64

// Adam applies one fused Adam update over len(p) elements, with step =
// lr/(1-beta1^t) and vscale = 1/sqrt(1-beta2^t):
//
//	m = beta1*m + (1-beta1)*g
//	v = beta2*v + (1-beta2)*g*g
//	p -= step*m / (sqrt(v)*vscale + eps)
//
// The new m and v are flushed to +0 where their magnitude is below 2^-126
// (denormals are slow on some cores), before they are stored and used.
// It uses separate multiplies and adds (no FMA), an exact FSQRT and FDIV,
// in the Go reference's order, so it reproduces the reference (which
// rounds every product explicitly) bit for bit.
//
//go:noescape
func Adam(p, g, m, v []float32, step, beta1, beta2, eps, vscale float32)
