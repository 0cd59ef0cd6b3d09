//go:build arm64 && gc && !purego

#include "textflag.h"
#include "neon_arm64.h"
#include "math_arm64.h"

// The GELU kernels compute both branches (x < 0 and x >= 0) in every lane
// and select on x < 0 (false for NaN), as package kernels' gelu32,
// geluBack32 and geluTanhArg choose per element. Whole groups of four
// lanes; the wrappers in gelu_arm64.go pad the last one.

// GELUTAIL computes, for the four x in V5, what geluTail returns: V6 =
// xc (x clamped to ±16, NaN passed through), V10 = R, V11 = corr, V0 =
// p, and the factors of 2^k as V2 = 2^(k>>1), V3 = 2^(k-k>>1). It
// clobbers V1, V7-V9, V12.
#define GELUTAIL \
	DUP4(1, 21, 2); \
	FMAX4(6, 5, 1); \
	DUP4(1, 21, 3); \
	FMIN4(6, 6, 1); \
	FABS4(7, 6); \
	FMUL4(8, 7, 7); \
	FNEG4(9, 8); \
	FMLA4(9, 7, 7); \
	DUP4(10, 18, 3); \
	FMLAE4(10, 7, 24, 2); \
	DUP4(11, 18, 3); \
	FDIV4(10, 11, 10); \
	DUP4(11, 22, 1); \
	FMLAE4(11, 10, 22, 0); \
	DUP4(12, 22, 2); \
	FMLA4(12, 11, 10); \
	DUP4(11, 22, 3); \
	FMLA4(11, 12, 10); \
	DUP4(12, 23, 0); \
	FMLA4(12, 11, 10); \
	DUP4(11, 23, 1); \
	FMLA4(11, 12, 10); \
	DUP4(12, 23, 2); \
	FMLA4(12, 11, 10); \
	DUP4(11, 23, 3); \
	FMLA4(11, 12, 10); \
	DUP4(12, 24, 0); \
	FMLA4(12, 11, 10); \
	DUP4(11, 24, 1); \
	FMLA4(11, 12, 10); \
	FMUL4(10, 10, 11); \
	DUP4(11, 18, 3); \
	FMLSE4(11, 9, 18, 2); \
	FMULE4(0, 8, 18, 2); \
	FNEG4(0, 0); \
	EXPPARTS(0, 1, 2, 3); \
	EXPSCALES(1, 2, 3)

// GELUVALUE sets V14 = GELU(x) from GELUTAIL's results: x < 0:
// ((p·((R·corr)·xc))·s1)·s2, else x·(1 - ((p·(R·corr))·s1)·s2). V15 is
// left holding the lanes where x < 0; it clobbers V12, V13.
#define GELUVALUE \
	FMUL4(12, 10, 11); \
	FMUL4(13, 12, 6);  \
	FMUL4(13, 0, 13);  \
	FMUL4(13, 13, 2);  \
	FMUL4(13, 13, 3);  \
	FMUL4(14, 0, 12);  \
	FMUL4(14, 14, 2);  \
	FMUL4(14, 14, 3);  \
	DUP4(15, 18, 3);   \
	FSUB4(14, 15, 14); \
	FMUL4(14, 5, 14);  \
	FCMLTZ4(15, 5);    \
	BIT16(14, 13, 15)

// GELUSLOPE(out) sets V<out> = GELU'(x) from GELUTAIL's results: ex =
// ((p·corr)·s1)·s2, q = ex·R, phi = x < 0 ? q : 1-q, then
// fma(xc, ex·(1/√(2π)), phi). It clobbers V12, V13, V15.
#define GELUSLOPE(out) \
	FMUL4(12, 0, 11);      \
	FMUL4(12, 12, 2);      \
	FMUL4(12, 12, 3);      \
	FMUL4(13, 12, 10);     \
	DUP4(out, 18, 3);      \
	FSUB4(out, out, 13);   \
	FCMLTZ4(15, 5);        \
	BIT16(out, 13, 15);    \
	FMULE4(12, 12, 24, 3); \
	FMLA4(out, 6, 12)

// func geluNEON(dst, x []float32)
//
// x < 0: ((p·((R·corr)·xc))·s1)·s2; else x·(1 - ((p·(R·corr))·s1)·s2).
// len(dst) must be a multiple of 4.
TEXT ·geluNEON(SB), NOSPLIT, $0-48
	MOVD dst_base+0(FP), R0
	MOVD dst_len+8(FP), R3
	MOVD x_base+24(FP), R1
	LOADCONSTS

loop:
	CBZ    R3, done
	VLD1.P 16(R1), [V5.S4]
	GELUTAIL
	GELUVALUE
	VST1.P [V14.S4], 16(R0)
	SUB    $4, R3
	B      loop

done:
	RET

// func geluBackNEON(dx, dy, x []float32)
//
// ex = ((p·corr)·s1)·s2, q = ex·R, phi = x < 0 ? q : 1-q, then
// dy·fma(xc, ex·(1/√(2π)), phi). len(dx) must be a multiple of 4.
TEXT ·geluBackNEON(SB), NOSPLIT, $0-72
	MOVD dx_base+0(FP), R0
	MOVD dx_len+8(FP), R3
	MOVD dy_base+24(FP), R1
	MOVD x_base+48(FP), R2
	LOADCONSTS

loop:
	CBZ    R3, done
	VLD1.P 16(R2), [V5.S4]
	VLD1.P 16(R1), [V4.S4]
	GELUTAIL
	GELUSLOPE(14)
	FMUL4(14, 4, 14)
	VST1.P [V14.S4], 16(R0)
	SUB    $4, R3
	B      loop

done:
	RET

// func geluGradNEON(dst, grad, x []float32)
//
// dst = GELU(x) and grad = GELU'(x) from one GELUTAIL, by the steps of
// geluNEON and geluBackNEON (without dy). len(dst) must be a multiple
// of 4.
TEXT ·geluGradNEON(SB), NOSPLIT, $0-72
	MOVD dst_base+0(FP), R0
	MOVD dst_len+8(FP), R3
	MOVD grad_base+24(FP), R1
	MOVD x_base+48(FP), R2
	LOADCONSTS

loop:
	CBZ    R3, done
	VLD1.P 16(R2), [V5.S4]
	GELUTAIL
	GELUVALUE
	GELUSLOPE(4)
	VST1.P [V14.S4], 16(R0)
	VST1.P [V4.S4], 16(R1)
	SUB    $4, R3
	B      loop

done:
	RET

// GELUTANHARG computes, for the four x in V5, what geluTanhArg returns:
// V6 = xc (x clamped to ±20), V7 = z = xc², V10 = σ(v), V9 = 1+t and V0
// = t = e^-|v|, v = xc·fma(z, K3, K). It clobbers V1-V3, V8.
#define GELUTANHARG \
	DUP4(1, 25, 3); \
	FMAX4(6, 5, 1); \
	DUP4(1, 26, 0); \
	FMIN4(6, 6, 1); \
	FMUL4(7, 6, 6); \
	DUP4(8, 25, 0); \
	FMLAE4(8, 7, 25, 1); \
	FMUL4(8, 8, 6); \
	DUP4(1, 19, 2); \
	ORR16(0, 8, 1); \
	EXP(0, 1, 2, 3); \
	DUP4(1, 18, 3); \
	FADD4(9, 1, 0); \
	FCMLTZ4(2, 8); \
	BIT16(1, 0, 2); \
	FDIV4(10, 1, 9)

// func geluTanhNEON(dst, x []float32)
//
// max(x, -MaxFloat32)·σ(v). len(dst) must be a multiple of 4.
TEXT ·geluTanhNEON(SB), NOSPLIT, $0-48
	MOVD dst_base+0(FP), R0
	MOVD dst_len+8(FP), R3
	MOVD x_base+24(FP), R1
	LOADCONSTS

loop:
	CBZ    R3, done
	VLD1.P 16(R1), [V5.S4]
	GELUTANHARG
	DUP4(1, 26, 1)
	FMAX4(11, 5, 1)
	FMUL4(11, 11, 10)
	VST1.P [V11.S4], 16(R0)
	SUB    $4, R3
	B      loop

done:
	RET

// func geluTanhBackNEON(dx, dy, x []float32)
//
// g = (t/(1+t))/(1+t), then dy·fma(g·xc, fma(z, K3d, K), σ(v)).
// len(dx) must be a multiple of 4.
TEXT ·geluTanhBackNEON(SB), NOSPLIT, $0-72
	MOVD dx_base+0(FP), R0
	MOVD dx_len+8(FP), R3
	MOVD dy_base+24(FP), R1
	MOVD x_base+48(FP), R2
	LOADCONSTS

loop:
	CBZ    R3, done
	VLD1.P 16(R2), [V5.S4]
	VLD1.P 16(R1), [V4.S4]
	GELUTANHARG
	FDIV4(11, 0, 9)
	FDIV4(11, 11, 9)
	DUP4(12, 25, 0)
	FMLAE4(12, 7, 25, 2)
	FMUL4(11, 11, 6)
	FMLA4(10, 11, 12)
	FMUL4(10, 4, 10)
	VST1.P [V10.S4], 16(R0)
	SUB    $4, R3
	B      loop

done:
	RET

// func geluTanhGradNEON(dst, grad, x []float32)
//
// dst = GELUTanh(x) and grad = GELUTanh'(x) from one GELUTANHARG, by the
// steps of geluTanhNEON and geluTanhBackNEON (without dy). len(dst) must
// be a multiple of 4.
TEXT ·geluTanhGradNEON(SB), NOSPLIT, $0-72
	MOVD dst_base+0(FP), R0
	MOVD dst_len+8(FP), R3
	MOVD grad_base+24(FP), R1
	MOVD x_base+48(FP), R2
	LOADCONSTS

loop:
	CBZ    R3, done
	VLD1.P 16(R2), [V5.S4]
	GELUTANHARG
	DUP4(1, 26, 1)
	FMAX4(4, 5, 1)
	FMUL4(4, 4, 10)
	FDIV4(11, 0, 9)
	FDIV4(11, 11, 9)
	DUP4(12, 25, 0)
	FMLAE4(12, 7, 25, 2)
	FMUL4(11, 11, 6)
	FMLA4(10, 11, 12)
	VST1.P [V4.S4], 16(R0)
	VST1.P [V10.S4], 16(R1)
	SUB    $4, R3
	B      loop

done:
	RET
