// The width-specific steps of the shared vector macros for sixteen lanes
// in zmm registers; see avx2_amd64.h. They need AVX512F only: the
// bitwise operations are the integer ones (VANDPS on zmm is AVX512DQ).
// Loads and stores are masked by K1, so that the same steps run the last
// partial group of a slice; BLENDLT clobbers K2.

#define V0 Z0
#define V1 Z1
#define V2 Z2
#define V3 Z3
#define V4 Z4
#define V5 Z5
#define V6 Z6
#define V7 Z7
#define V8 Z8
#define V9 Z9
#define V10 Z10
#define V11 Z11
#define V12 Z12
#define V13 Z13
#define V14 Z14
#define V15 Z15

#define VANDV VPANDD
#define VANDNV VPANDND
#define VORV VPORD
#define VXORV VPXORD

#define VRNDNE(s, d) VRNDSCALEPS $0, s, d

#define BLENDLT(a, b, src, dst, t) \
	VCMPPS  $0x11, b, a, K2; \
	VMOVAPS src, K2, dst

// EXPSCALE(x, n, h, t) ends exp_amd64.h's EXP: x·2^n in one rounding.
// It gives the bits of the two multiplications by EXPSCALES's factors
// (avx2_amd64.h) because the first of those is exact: x is in [0.7,
// 1.5) and each factor at least 2^-75. h and t are not used.
#define EXPSCALE(x, n, h, t) VSCALEFPS n, x, x

// Masked-off lanes load as 0 and are not stored; a masked load does not
// fault on the memory of masked-off lanes.
#define LOADV(m, r) VMOVUPS.Z m, K1, r
#define STOREV(r, m) VMOVUPS r, K1, m

// KALL(t) sets K1 to all sixteen lanes, KTAIL(t) to the first CX
// (1..15); t is a scratch register.
#define KALL(t) \
	MOVL  $0xffff, t; \
	KMOVW t, K1
#define KTAIL(t) \
	MOVL  $1, t; \
	SHLL  CX, t; \
	DECL  t;     \
	KMOVW t, K1

// Two groups of sixteen lanes side by side (the kernels that interleave
// two chains): LOAD2(m, r0, r1) and STORE2(r0, r1, m) move the group at
// the address m under K1 and the one 64 bytes on under K4; KALL2(t) sets
// K1 and K4 to all lanes, KTAIL2(t) to the first CX (1..31) lanes of the
// pair; t is a scratch register.
#define LOAD2(m, r0, r1)     \
	VMOVUPS.Z m, K1, r0; \
	VMOVUPS.Z 64 m, K4, r1
#define STORE2(r0, r1, m)  \
	VMOVUPS r0, K1, m; \
	VMOVUPS r1, K4, 64 m
#define KALL2(t)          \
	MOVL  $0xffff, t; \
	KMOVW t, K1;      \
	KMOVW t, K4
#define KTAIL2(t)     \
	MOVL  $1, t;  \
	SHLL  CX, t;  \
	DECL  t;      \
	KMOVW t, K1;  \
	SHRL  $16, t; \
	KMOVW t, K4
