//go:build arm64 && gc && !purego

package arm64

// Add computes dst = a + b over len(dst) elements; a and b are at least as
// long. dst may alias a or b exactly.
//
//go:noescape
func Add(dst, a, b []float32)

// Sub computes dst = a - b over len(dst) elements, like Add.
//
//go:noescape
func Sub(dst, a, b []float32)

// Mul computes dst = a * b over len(dst) elements, like Add.
//
//go:noescape
func Mul(dst, a, b []float32)

// Scale computes x *= alpha.
//
//go:noescape
func Scale(alpha float32, x []float32)
