// The per-lane steps of the GELU kernels (gelu_amd64.s with eight lanes,
// gelu512_amd64.s with sixteen), on the registers V0-V15 of the width
// header the file includes before exp_amd64.h. They compute both
// branches (x < 0 and x >= 0) in every lane and blend them on x < 0
// (false for NaN), as package kernels' gelu32, geluBack32 and
// geluTanhArg choose per element.

// GELUTAIL computes, for the x in V5, what geluTail returns: V6 = xc (x
// clamped to ±16, NaN passed through), V10 = R, V11 = corr, V0 = p, and
// the factors of 2^k as V2 = 2^(k>>1), V1 = 2^(k-k>>1). It clobbers V3,
// V7-V9, V12.
#define GELUTAIL \
	VBROADCASTSS mathc<>+MC_GELUMIN(SB), V1; \
	VMAXPS       V5, V1, V6;                 \
	VBROADCASTSS mathc<>+MC_GELUMAX(SB), V1; \
	VMINPS       V6, V1, V6;                 \
	VBROADCASTSS mathc<>+MC_ABS(SB), V7;     \
	VANDV        V7, V6, V7;                 \
	VMULPS       V7, V7, V8;                 \
	VMOVAPS      V8, V9;                     \
	VFMSUB231PS  V7, V7, V9;                 \
	VBROADCASTSS mathc<>+MC_ONE(SB), V10;    \
	VBROADCASTSS mathc<>+MC_QUARTER(SB), V11; \
	VFMADD231PS  V11, V7, V10;               \
	VBROADCASTSS mathc<>+MC_ONE(SB), V11;    \
	VDIVPS       V10, V11, V10;              \
	VBROADCASTSS mathc<>+MC_F9(SB), V11;     \
	VBROADCASTSS mathc<>+MC_F8(SB), V12;     \
	VFMADD213PS  V12, V10, V11;              \
	VBROADCASTSS mathc<>+MC_F7(SB), V12;     \
	VFMADD213PS  V12, V10, V11;              \
	VBROADCASTSS mathc<>+MC_F6(SB), V12;     \
	VFMADD213PS  V12, V10, V11;              \
	VBROADCASTSS mathc<>+MC_F5(SB), V12;     \
	VFMADD213PS  V12, V10, V11;              \
	VBROADCASTSS mathc<>+MC_F4(SB), V12;     \
	VFMADD213PS  V12, V10, V11;              \
	VBROADCASTSS mathc<>+MC_F3(SB), V12;     \
	VFMADD213PS  V12, V10, V11;              \
	VBROADCASTSS mathc<>+MC_F2(SB), V12;     \
	VFMADD213PS  V12, V10, V11;              \
	VBROADCASTSS mathc<>+MC_F1(SB), V12;     \
	VFMADD213PS  V12, V10, V11;              \
	VBROADCASTSS mathc<>+MC_F0(SB), V12;     \
	VFMADD213PS  V12, V10, V11;              \
	VMULPS       V11, V10, V10;              \
	VBROADCASTSS mathc<>+MC_ONE(SB), V11;    \
	VBROADCASTSS mathc<>+MC_P0(SB), V12;     \
	VFNMADD231PS V12, V9, V11;               \
	VMULPS       V12, V8, V0;                \
	VBROADCASTSS mathc<>+MC_SIGN(SB), V12;   \
	VXORV        V12, V0, V0;                \
	EXPPARTS(V0, V1, V2, V3);                \
	EXPSCALES(V1, V2, V3)

// GELUVALUE(rc) sets V14 = GELU(V5) from GELUTAIL's results and rc =
// R·corr: x < 0: ((p·(rc·xc))·s1)·s2, else x·(1 - ((p·rc)·s1)·s2). It
// clobbers V13, V15.
#define GELUVALUE(rc) \
	VMULPS       V6, rc, V13;              \
	VMULPS       V13, V0, V13;             \
	VMULPS       V2, V13, V13;             \
	VMULPS       V1, V13, V13;             \
	VMULPS       rc, V0, V14;              \
	VMULPS       V2, V14, V14;             \
	VMULPS       V1, V14, V14;             \
	VBROADCASTSS mathc<>+MC_ONE(SB), V15;  \
	VSUBPS       V14, V15, V14;            \
	VMULPS       V14, V5, V14;             \
	VXORV        V15, V15, V15;            \
	BLENDLT(V5, V15, V13, V14, V15)

// GELUSLOPE(ex, out) sets out = GELU'(V5) from GELUTAIL's results: ex =
// ((p·corr)·s1)·s2, q = ex·R, phi = x < 0 ? q : 1-q, then
// fma(xc, ex·(1/√(2π)), phi). ex may be V11 (corr); it clobbers V13, V15.
#define GELUSLOPE(ex, out) \
	VMULPS       V11, V0, ex;                  \
	VMULPS       V2, ex, ex;                   \
	VMULPS       V1, ex, ex;                   \
	VMULPS       V10, ex, V13;                 \
	VBROADCASTSS mathc<>+MC_ONE(SB), out;      \
	VSUBPS       V13, out, out;                \
	VXORV        V15, V15, V15;                \
	BLENDLT(V5, V15, V13, out, V15);           \
	VBROADCASTSS mathc<>+MC_INVSQRT2PI(SB), V15; \
	VMULPS       V15, ex, ex;                  \
	VFMADD231PS  ex, V6, out

// GELUV sets V14 = GELU(V5). It clobbers V0-V3, V6-V13, V15.
#define GELUV \
	GELUTAIL;               \
	VMULPS V11, V10, V12;   \
	GELUVALUE(V12)

// GELUBACKV sets V14 = GELU'(V5). It clobbers V0-V3, V6-V13, V15.
#define GELUBACKV \
	GELUTAIL; \
	GELUSLOPE(V12, V14)

// GELUGRADV sets V14 = GELU(V5) and V4 = GELU'(V5) from one GELUTAIL,
// each by the steps of GELUV and GELUBACKV. It clobbers V0-V3, V6-V13,
// V15.
#define GELUGRADV \
	GELUTAIL;               \
	VMULPS V11, V10, V3;    \
	GELUSLOPE(V11, V4);     \
	GELUVALUE(V3)

// GELUTANHARG computes, for the x in V5, what geluTanhArg returns: V6 =
// xc (x clamped to ±20), V7 = z = xc², V10 = σ(v), V9 = 1+t and V0 = t =
// e^-|v|, v = xc·fma(z, K3, K). It clobbers V1-V3, V8.
#define GELUTANHARG \
	VBROADCASTSS mathc<>+MC_GTMIN(SB), V1; \
	VMAXPS       V5, V1, V6;               \
	VBROADCASTSS mathc<>+MC_GTMAX(SB), V1; \
	VMINPS       V6, V1, V6;               \
	VMULPS       V6, V6, V7;               \
	VBROADCASTSS mathc<>+MC_K(SB), V8;     \
	VBROADCASTSS mathc<>+MC_K3(SB), V1;    \
	VFMADD231PS  V1, V7, V8;               \
	VMULPS       V6, V8, V8;               \
	VBROADCASTSS mathc<>+MC_SIGN(SB), V1;  \
	VORV         V1, V8, V0;               \
	EXP(V0, V1, V2, V3);                   \
	VBROADCASTSS mathc<>+MC_ONE(SB), V1;   \
	VADDPS       V1, V0, V9;               \
	VXORV        V2, V2, V2;               \
	BLENDLT(V8, V2, V0, V1, V2);           \
	VDIVPS       V9, V1, V10

// GELUTANHV sets V1 = GELUTanh(V5) = max(x, -MaxFloat32)·σ(v). It
// clobbers V0, V2, V3, V6-V10.
#define GELUTANHV \
	GELUTANHARG;                            \
	VBROADCASTSS mathc<>+MC_NEGMAX(SB), V1; \
	VMAXPS       V5, V1, V1;                \
	VMULPS       V10, V1, V1

// GELUTANHBACKV sets V10 = GELUTanh'(V5): g = (t/(1+t))/(1+t), then
// fma(g·xc, fma(z, K3d, K), σ(v)). It clobbers V0-V3, V6-V9, V11, V12.
#define GELUTANHBACKV \
	GELUTANHARG;                         \
	VDIVPS       V9, V0, V11;            \
	VDIVPS       V9, V11, V11;           \
	VBROADCASTSS mathc<>+MC_K(SB), V12;  \
	VBROADCASTSS mathc<>+MC_K3D(SB), V1; \
	VFMADD231PS  V1, V7, V12;            \
	VMULPS       V6, V11, V11;           \
	VFMADD231PS  V12, V11, V10

// GELUTANHGRADV sets V1 = GELUTanh(V5) and V10 = GELUTanh'(V5) from one
// GELUTANHARG, each by the steps of GELUTANHV and GELUTANHBACKV. It
// clobbers V0, V2, V3, V6-V9, V11, V12.
#define GELUTANHGRADV \
	GELUTANHARG;                            \
	VBROADCASTSS mathc<>+MC_NEGMAX(SB), V1; \
	VMAXPS       V5, V1, V1;                \
	VMULPS       V10, V1, V1;               \
	VDIVPS       V9, V0, V11;               \
	VDIVPS       V9, V11, V11;              \
	VBROADCASTSS mathc<>+MC_K(SB), V12;     \
	VBROADCASTSS mathc<>+MC_K3D(SB), V2;    \
	VFMADD231PS  V2, V7, V12;               \
	VMULPS       V6, V11, V11;              \
	VFMADD231PS  V12, V11, V10
