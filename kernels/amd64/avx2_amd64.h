// The width-specific steps of the shared vector macros (exp_amd64.h,
// gelu_amd64.h, gates_amd64.h) for eight lanes in ymm registers.
// avx512_amd64.h defines the same names for sixteen lanes in zmm
// registers; a file includes one of the two before the shared headers.

// V0-V15 name the registers the shared steps use.
#define V0 Y0
#define V1 Y1
#define V2 Y2
#define V3 Y3
#define V4 Y4
#define V5 Y5
#define V6 Y6
#define V7 Y7
#define V8 Y8
#define V9 Y9
#define V10 Y10
#define V11 Y11
#define V12 Y12
#define V13 Y13
#define V14 Y14
#define V15 Y15

// Bitwise operations on float lanes.
#define VANDV VANDPS
#define VANDNV VANDNPS
#define VORV VORPS
#define VXORV VXORPS

// VRNDNE(s, d): d = s rounded to an integer, ties to even.
#define VRNDNE(s, d) VROUNDPS $0, s, d

// BLENDLT(a, b, src, dst, t): dst = a < b ? src : dst in every lane
// (false where either is NaN); the mask goes through t, which may be b.
#define BLENDLT(a, b, src, dst, t) \
	VCMPPS    $0x11, b, a, t; \
	VBLENDVPS t, src, dst, dst

// EXPSCALE(x, n, h, t) ends exp_amd64.h's EXP: x = (x·h)·n for the two
// factors of EXPSCALES; n, h and t are clobbered.
#define EXPSCALE(x, n, h, t) \
	EXPSCALES(n, h, t); \
	VMULPS h, x, x;     \
	VMULPS n, x, x

// LOADV(m, r) and STOREV(r, m) move a vector between memory and r; the
// AVX-512 versions mask them with K1.
#define LOADV(m, r) VMOVUPS m, r
#define STOREV(r, m) VMOVUPS r, m
