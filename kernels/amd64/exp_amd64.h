// Constants and the vector e^x, sigmoid and tanh of the transcendental,
// GELU and gate kernels, for eight or sixteen lanes: a file includes
// avx2_amd64.h or avx512_amd64.h first, which define the width-specific
// steps, and passes ymm or zmm registers. Each step mirrors package
// kernels' expParts, ldexp2, sigmoid32 and tanh32, so the results are
// bit-identical to the Go path at either width. The table is file-local
// (mathc<>): every file that includes this header gets its own copy.

#define MC_EXPMIN 0
#define MC_EXPMAX 4
#define MC_LOG2E 8
#define MC_LN2HI 12
#define MC_LN2LO 16
#define MC_P5 20
#define MC_P4 24
#define MC_P3 28
#define MC_P2 32
#define MC_P1 36
#define MC_P0 40
#define MC_ONE 44
#define MC_BIAS 48
#define MC_ABS 52
#define MC_SIGN 56
#define MC_TANHSMALL 60
#define MC_Q4 64
#define MC_Q3 68
#define MC_Q2 72
#define MC_Q1 76
#define MC_Q0 80
#define MC_TWO 84
#define MC_GELUMIN 88
#define MC_GELUMAX 92
#define MC_QUARTER 96
#define MC_INVSQRT2PI 100
#define MC_F9 104
#define MC_F8 108
#define MC_F7 112
#define MC_F6 116
#define MC_F5 120
#define MC_F4 124
#define MC_F3 128
#define MC_F2 132
#define MC_F1 136
#define MC_F0 140
#define MC_K 144
#define MC_K3 148
#define MC_K3D 152
#define MC_GTMIN 156
#define MC_GTMAX 160
#define MC_NEGMAX 164

DATA mathc<>+0(SB)/4, $0xc2d00000  // -104
DATA mathc<>+4(SB)/4, $0x42b20000  // 89
DATA mathc<>+8(SB)/4, $0x3fb8aa3b  // log2(e)
DATA mathc<>+12(SB)/4, $0x3f317218 // ln 2, high part
DATA mathc<>+16(SB)/4, $0xb102e308 // ln 2, low part
DATA mathc<>+20(SB)/4, $0x394f8172 // P5
DATA mathc<>+24(SB)/4, $0x3ab6ca30 // P4
DATA mathc<>+28(SB)/4, $0x3c08893f // P3
DATA mathc<>+32(SB)/4, $0x3d2aaa43 // P2
DATA mathc<>+36(SB)/4, $0x3e2aaaaa // P1
DATA mathc<>+40(SB)/4, $0x3f000000 // P0 = 0.5
DATA mathc<>+44(SB)/4, $0x3f800000 // 1
DATA mathc<>+48(SB)/4, $0x0000007f // exponent bias
DATA mathc<>+52(SB)/4, $0x7fffffff // |x| mask
DATA mathc<>+56(SB)/4, $0x80000000 // sign bit
DATA mathc<>+60(SB)/4, $0x3f200000 // 0.625, tanh's polynomial bound
DATA mathc<>+64(SB)/4, $0xbbbb55c4 // tanh Q4
DATA mathc<>+68(SB)/4, $0x3ca92b5a // Q3
DATA mathc<>+72(SB)/4, $0xbd5c2221 // Q2
DATA mathc<>+76(SB)/4, $0x3e0883b4 // Q1
DATA mathc<>+80(SB)/4, $0xbeaaaa9a // Q0
DATA mathc<>+84(SB)/4, $0x40000000 // 2
DATA mathc<>+88(SB)/4, $0xc1800000 // -16, GELU's clamp
DATA mathc<>+92(SB)/4, $0x41800000 // 16
DATA mathc<>+96(SB)/4, $0x3e800000 // 0.25
DATA mathc<>+100(SB)/4, $0x3ecc422a // 1/sqrt(2 pi)
DATA mathc<>+104(SB)/4, $0x3c90c9f7 // GELU F9
DATA mathc<>+108(SB)/4, $0xbd8d090e // F8
DATA mathc<>+112(SB)/4, $0x3d87b6f2 // F7
DATA mathc<>+116(SB)/4, $0x3c0a5ed3 // F6
DATA mathc<>+120(SB)/4, $0x3cf42c56 // F5
DATA mathc<>+124(SB)/4, $0x3d9e1a04 // F4
DATA mathc<>+128(SB)/4, $0x3d9a60a0 // F3
DATA mathc<>+132(SB)/4, $0x3dc21408 // F2
DATA mathc<>+136(SB)/4, $0x3dcbf406 // F1
DATA mathc<>+140(SB)/4, $0x3dcc45fc // F0
DATA mathc<>+144(SB)/4, $0x3fcc422a // 2 sqrt(2/pi), GELUTanh's K
DATA mathc<>+148(SB)/4, $0x3d922279 // K3 = K 0.044715
DATA mathc<>+152(SB)/4, $0x3e5b33b6 // K3d = 3 K3
DATA mathc<>+156(SB)/4, $0xc1a00000 // -20, GELUTanh's clamp
DATA mathc<>+160(SB)/4, $0x41a00000 // 20
DATA mathc<>+164(SB)/4, $0xff7fffff // -MaxFloat32
GLOBL mathc<>(SB), RODATA|NOPTR, $168

// EXPPARTS(x, n, t1, t2) splits e^x as expParts does: x becomes p and n
// the integral float n (k); t1 and t2 are clobbered. The clamps take x
// as the second source of VMAXPS/VMINPS, which is what they return when
// an operand is NaN, so NaN passes through.
#define EXPPARTS(x, n, t1, t2) \
	VBROADCASTSS mathc<>+MC_EXPMIN(SB), n; \
	VMAXPS       x, n, x;                  \
	VBROADCASTSS mathc<>+MC_EXPMAX(SB), n; \
	VMINPS       x, n, x;                  \
	VBROADCASTSS mathc<>+MC_LOG2E(SB), n;  \
	VMULPS       n, x, n;                  \
	VRNDNE(n, n);                          \
	VBROADCASTSS mathc<>+MC_LN2HI(SB), t1; \
	VFNMADD231PS t1, n, x;                 \
	VBROADCASTSS mathc<>+MC_LN2LO(SB), t1; \
	VFNMADD231PS t1, n, x;                 \
	VBROADCASTSS mathc<>+MC_P5(SB), t1;    \
	VBROADCASTSS mathc<>+MC_P4(SB), t2;    \
	VFMADD213PS  t2, x, t1;                \
	VBROADCASTSS mathc<>+MC_P3(SB), t2;    \
	VFMADD213PS  t2, x, t1;                \
	VBROADCASTSS mathc<>+MC_P2(SB), t2;    \
	VFMADD213PS  t2, x, t1;                \
	VBROADCASTSS mathc<>+MC_P1(SB), t2;    \
	VFMADD213PS  t2, x, t1;                \
	VBROADCASTSS mathc<>+MC_P0(SB), t2;    \
	VFMADD213PS  t2, x, t1;                \
	VMULPS       x, x, t2;                 \
	VFMADD213PS  x, t2, t1;                \
	VBROADCASTSS mathc<>+MC_ONE(SB), t2;   \
	VADDPS       t2, t1, x

// EXPSCALES(n, h, t) turns the n of EXPPARTS into ldexp2's two factors,
// h = 2^(k>>1) and n = 2^(k-k>>1); t is clobbered.
#define EXPSCALES(n, h, t) \
	VCVTPS2DQ    n, n;                     \
	VPSRAD       $1, n, h;                 \
	VPSUBD       h, n, n;                  \
	VPBROADCASTD mathc<>+MC_BIAS(SB), t;   \
	VPADDD       t, h, h;                  \
	VPSLLD       $23, h, h;                \
	VPADDD       t, n, n;                  \
	VPSLLD       $23, n, n

// EXP(x, t1, t2, t3) replaces the lanes of x by e^x; t1-t3 are
// clobbered. EXPSCALE, the scaling by 2^k, is width-specific.
#define EXP(x, t1, t2, t3) \
	EXPPARTS(x, t1, t2, t3); \
	EXPSCALE(x, t1, t2, t3)

// SIGMOID(x, y, t1, t2, t3) sets y = σ(x) as sigmoid32 does: t = e^-|x|,
// then (x < 0 ? t : 1)/(1+t). x is kept (y must be another register);
// t1-t3 are clobbered.
#define SIGMOID(x, y, t1, t2, t3) \
	VBROADCASTSS mathc<>+MC_SIGN(SB), t1; \
	VORV         t1, x, y;                \
	EXP(y, t1, t2, t3);                   \
	VBROADCASTSS mathc<>+MC_ONE(SB), t1;  \
	VADDPS       t1, y, t2;               \
	VXORV        t3, t3, t3;              \
	BLENDLT(x, t3, y, t1, t3);            \
	VDIVPS       t2, t1, y

// TANH(x, y, t1, t2, t3, s, a) sets y = tanh(x) as tanh32 does, both
// branches in every lane, a = |x|: a + a³Q(a²) where a < 0.625 (false
// for NaN), 1 - 2/(e^{2a}+1) elsewhere, then x's sign ORed in. y may be
// x; t1-t3, s and a are clobbered.
#define TANH(x, y, t1, t2, t3, s, a) \
	VBROADCASTSS mathc<>+MC_ABS(SB), s;        \
	VANDV        s, x, a;                      \
	VANDNV       x, s, s;                      \
	VADDPS       a, a, y;                      \
	EXP(y, t1, t2, t3);                        \
	VBROADCASTSS mathc<>+MC_ONE(SB), t1;       \
	VADDPS       t1, y, y;                     \
	VBROADCASTSS mathc<>+MC_TWO(SB), t2;       \
	VDIVPS       y, t2, t2;                    \
	VSUBPS       t2, t1, y;                    \
	VMULPS       a, a, t1;                     \
	VBROADCASTSS mathc<>+MC_Q4(SB), t2;        \
	VBROADCASTSS mathc<>+MC_Q3(SB), t3;        \
	VFMADD213PS  t3, t1, t2;                   \
	VBROADCASTSS mathc<>+MC_Q2(SB), t3;        \
	VFMADD213PS  t3, t1, t2;                   \
	VBROADCASTSS mathc<>+MC_Q1(SB), t3;        \
	VFMADD213PS  t3, t1, t2;                   \
	VBROADCASTSS mathc<>+MC_Q0(SB), t3;        \
	VFMADD213PS  t3, t1, t2;                   \
	VMULPS       a, t1, t3;                    \
	VFMADD213PS  a, t3, t2;                    \
	VBROADCASTSS mathc<>+MC_TANHSMALL(SB), t3; \
	BLENDLT(a, t3, t2, y, t3);                 \
	VORV         s, y, y
