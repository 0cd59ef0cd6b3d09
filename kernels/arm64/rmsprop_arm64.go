//go:build arm64 && gc && !purego

package arm64

// RMSProp applies one fused RMSProp update (no momentum, not centred) over
// len(p) elements:
//
//	sq = alpha*sq + (1-alpha)*g*g
//	p -= lr*g / (sqrt(sq) + eps)
//
// The new sq is flushed to +0 where its magnitude is below 2^-126, before
// it is stored and used. Like Adam it uses separate multiplies and adds
// (no FMA), an exact FSQRT and FDIV, in the Go reference's order, so it
// reproduces the reference bit for bit.
//
//go:noescape
func RMSProp(p, g, sq []float32, lr, alpha, eps float32)
