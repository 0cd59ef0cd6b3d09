package kernels

import "math"

// Exp computes dst = e^x elementwise; dst may be x.
//
// The result is within 1 ulp of e^x (float64 math rounded to float32)
// over the whole float32 range, denormal results included (an error of
// one unit in the last place of a denormal). e^x overflows to +Inf for
// x > 88.72284, underflows to 0 for x < -103.97208, e^-Inf = 0, e^+Inf
// = +Inf and NaN gives NaN. The assembly and Go paths give identical bits.
func Exp(dst, x []float32) {
	sameLen("Exp", len(dst), x)
	mathActive().exp(dst, x)
}

// The constants of exp32, shared by the assembly (which spells them as
// bit patterns).
const (
	// expMin and expMax clamp the argument: e^-104 rounds to 0 and e^89
	// overflows, so beyond them the result is already decided, and within
	// them n stays in [-150, 128], whose halves have normal powers of 2.
	expMin = -104.0
	expMax = 89.0
	log2e  = 1.44269502  // 0x3fb8aa3b
	ln2Hi  = 0.693147182 // 0x3f317218, float32(ln 2)
	ln2Lo  = -1.90465421e-09
	// expP0..expP5: a weighted least-squares fit of (e^r - 1 - r)/r² on
	// |r| <= ln2/2.
	expP0 = 0.5
	expP1 = 0.166666657    // 0x3e2aaaaa
	expP2 = 0.0416662805   // 0x3d2aaa43
	expP3 = 0.00833350327  // 0x3c08893f
	expP4 = 0.00139457546  // 0x3ab6ca30
	expP5 = 0.000197892805 // 0x394f8172
)

// expParts splits e^x (x clamped, NaN passed through) into p * 2^k with
// p in [0.7, 1.42]: k = round(x/ln 2) to even, r = x - k ln 2 by a
// two-constant Cody-Waite reduction with fused multiply-adds, and p = 1 +
// r + r² P(r).
func expParts(x float32) (p float32, k int32) {
	if x != x {
		return x, 0
	}
	x = min(max(x, expMin), expMax)
	n := float32(math.RoundToEven(float64(float32(x * log2e))))
	r := fma32(n, -ln2Hi, x)
	r = fma32(n, -ln2Lo, r)
	q := fma32(expP5, r, expP4)
	q = fma32(q, r, expP3)
	q = fma32(q, r, expP2)
	q = fma32(q, r, expP1)
	q = fma32(q, r, expP0)
	q = fma32(q, float32(r*r), r)
	return float32(q + 1), int32(n)
}

// ldexp2 returns p * 2^k in two steps, 2^(k>>1) then 2^(k-k>>1), so that
// each factor is a normal float32 for k in [-150, 128] and the only
// rounding (into the denormals, or the overflow to +Inf) is the last.
func ldexp2(p float32, k int32) float32 {
	k1 := k >> 1
	s1 := math.Float32frombits(uint32(k1+127) << 23)
	s2 := math.Float32frombits(uint32(k-k1+127) << 23)
	return float32(p*s1) * s2
}

func exp32(x float32) float32 {
	p, k := expParts(x)
	return ldexp2(p, k)
}

func expGo(dst, x []float32) {
	x = x[:len(dst)]
	for i, v := range x {
		dst[i] = exp32(v)
	}
}

// expSumGo writes dst = e^(x-m) and returns their sum, added in the
// order of the assembly: eight running lane sums (element i goes to lane
// i%8), then (l0+l4)+(l2+l6) + ((l1+l5)+(l3+l7)).
func expSumGo(dst, x []float32, m float32) float32 {
	x = x[:len(dst)]
	var acc [8]float32
	for i, v := range x {
		e := exp32(float32(v - m))
		dst[i] = e
		acc[i&7] = float32(acc[i&7] + e)
	}
	return expSumLanes(&acc)
}

// sumExpGo returns the sum of e^(x-m), added as expSumGo adds it.
func sumExpGo(x []float32, m float32) float32 {
	var acc [8]float32
	for i, v := range x {
		acc[i&7] = float32(acc[i&7] + exp32(float32(v-m)))
	}
	return expSumLanes(&acc)
}

// expSumLanes adds the eight lane sums in the order of the assembly.
func expSumLanes(a *[8]float32) float32 {
	b0, b1, b2, b3 := float32(a[0]+a[4]), float32(a[1]+a[5]), float32(a[2]+a[6]), float32(a[3]+a[7])
	return float32(float32(b0+b2) + float32(b1+b3))
}
