package kernels

import "math"

// fma32 returns a*b+c rounded once to float32, as the FMA instructions of
// the assembly kernels do. The product of two float32s is exact in
// float64, so the float64 sum p+c is the exact result rounded once; its
// rounding to float32 is then correct unless the float64 sum landed
// exactly halfway between two float32s while the exact result did not (a
// double rounding). Then the error of the float64 sum, which TwoSum gives
// exactly, says which way the exact result lies, and nudging the sum one
// float64 ulp that way makes the second rounding go the right way.
func fma32(a, b, c float32) float32 {
	p := float64(a) * float64(b)
	s := p + float64(c)
	if u := math.Float64bits(s); u&(1<<29-1) == 1<<28 && s-s == 0 {
		// TwoSum (Knuth): err is exactly (p+c) - s.
		pp := s - float64(c)
		cc := s - pp
		err := (p - pp) + (float64(c) - cc)
		if err != 0 {
			if (err > 0) == (s > 0) {
				u++ // away from zero
			} else {
				u--
			}
			s = math.Float64frombits(u)
		}
	}
	return float32(s)
}
