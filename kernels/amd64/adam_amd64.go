//go:build amd64 && gc && !purego

package amd64

// Adam applies one fused Adam update over len(p) elements, with step =
// lr/(1-beta1^t) and vscale = 1/sqrt(1-beta2^t):
//
//	m = beta1*m + (1-beta1)*g
//	v = beta2*v + (1-beta2)*g*g
//	p -= step*m / (sqrt(v)*vscale + eps)
//
// The new m and v are flushed to +0 where their magnitude is below 2^-126
// (denormals cost microcode assists), before they are stored and used.
// It uses separate multiplies and adds (no FMA), an exact VSQRTPS and
// VDIVPS, in the Go reference's order, so it reproduces the reference bit
// for bit.
//
//go:noescape
func Adam(p, g, m, v []float32, step, beta1, beta2, eps, vscale float32)
