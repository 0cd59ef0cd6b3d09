//go:build amd64 && gc && !purego

#include "textflag.h"
#include "exp_amd64.h"

// The GELU kernels compute both branches (x < 0 and x >= 0) in every lane
// and blend them on x < 0 (false for NaN), as package kernels' gelu32,
// geluBack32 and geluTanhArg choose per element.

// GELUTAIL computes, for the eight x in Y5, what geluTail returns: Y6 =
// xc (x clamped to ±16, NaN passed through), Y10 = R, Y11 = corr, Y0 =
// p, and the factors of 2^k as Y2 = 2^(k>>1), Y1 = 2^(k-k>>1). It
// clobbers Y3, Y7-Y9, Y12.
#define GELUTAIL \
	VBROADCASTSS mathc<>+MC_GELUMIN(SB), Y1; \
	VMAXPS       Y5, Y1, Y6; \
	VBROADCASTSS mathc<>+MC_GELUMAX(SB), Y1; \
	VMINPS       Y6, Y1, Y6; \
	VBROADCASTSS mathc<>+MC_ABS(SB), Y7; \
	VANDPS       Y7, Y6, Y7; \
	VMULPS       Y7, Y7, Y8; \
	VMOVAPS      Y8, Y9; \
	VFMSUB231PS  Y7, Y7, Y9; \
	VBROADCASTSS mathc<>+MC_ONE(SB), Y10; \
	VBROADCASTSS mathc<>+MC_QUARTER(SB), Y11; \
	VFMADD231PS  Y11, Y7, Y10; \
	VBROADCASTSS mathc<>+MC_ONE(SB), Y11; \
	VDIVPS       Y10, Y11, Y10; \
	VBROADCASTSS mathc<>+MC_F9(SB), Y11; \
	VBROADCASTSS mathc<>+MC_F8(SB), Y12; \
	VFMADD213PS  Y12, Y10, Y11; \
	VBROADCASTSS mathc<>+MC_F7(SB), Y12; \
	VFMADD213PS  Y12, Y10, Y11; \
	VBROADCASTSS mathc<>+MC_F6(SB), Y12; \
	VFMADD213PS  Y12, Y10, Y11; \
	VBROADCASTSS mathc<>+MC_F5(SB), Y12; \
	VFMADD213PS  Y12, Y10, Y11; \
	VBROADCASTSS mathc<>+MC_F4(SB), Y12; \
	VFMADD213PS  Y12, Y10, Y11; \
	VBROADCASTSS mathc<>+MC_F3(SB), Y12; \
	VFMADD213PS  Y12, Y10, Y11; \
	VBROADCASTSS mathc<>+MC_F2(SB), Y12; \
	VFMADD213PS  Y12, Y10, Y11; \
	VBROADCASTSS mathc<>+MC_F1(SB), Y12; \
	VFMADD213PS  Y12, Y10, Y11; \
	VBROADCASTSS mathc<>+MC_F0(SB), Y12; \
	VFMADD213PS  Y12, Y10, Y11; \
	VMULPS       Y11, Y10, Y10; \
	VBROADCASTSS mathc<>+MC_ONE(SB), Y11; \
	VBROADCASTSS mathc<>+MC_P0(SB), Y12; \
	VFNMADD231PS Y12, Y9, Y11; \
	VMULPS       Y12, Y8, Y0; \
	VBROADCASTSS mathc<>+MC_SIGN(SB), Y12; \
	VXORPS       Y12, Y0, Y0; \
	EXPPARTS; \
	EXPSCALES

// func geluAVX(dst, x []float32)
//
// x < 0: ((p·((R·corr)·xc))·s1)·s2; else x·(1 - ((p·(R·corr))·s1)·s2).
// len(dst) must be a multiple of 8.
TEXT ·geluAVX(SB), NOSPLIT, $0-48
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ x_base+24(FP), SI

loop:
	CMPQ         CX, $8
	JL           done
	VMOVUPS      (SI), Y5
	GELUTAIL
	VMULPS       Y11, Y10, Y12
	VMULPS       Y6, Y12, Y13
	VMULPS       Y13, Y0, Y13
	VMULPS       Y2, Y13, Y13
	VMULPS       Y1, Y13, Y13
	VMULPS       Y12, Y0, Y14
	VMULPS       Y2, Y14, Y14
	VMULPS       Y1, Y14, Y14
	VBROADCASTSS mathc<>+MC_ONE(SB), Y15
	VSUBPS       Y14, Y15, Y14
	VMULPS       Y14, Y5, Y14
	VXORPS       Y15, Y15, Y15
	VCMPPS       $0x11, Y15, Y5, Y15
	VBLENDVPS    Y15, Y13, Y14, Y14
	VMOVUPS      Y14, (DI)
	ADDQ         $32, SI
	ADDQ         $32, DI
	SUBQ         $8, CX
	JMP          loop

done:
	VZEROUPPER
	RET

// func geluBackAVX(dx, dy, x []float32)
//
// ex = ((p·corr)·s1)·s2, q = ex·R, phi = x < 0 ? q : 1-q, then
// dy·fma(xc, ex·(1/√(2π)), phi). len(dx) must be a multiple of 8.
TEXT ·geluBackAVX(SB), NOSPLIT, $0-72
	MOVQ dx_base+0(FP), DI
	MOVQ dx_len+8(FP), CX
	MOVQ dy_base+24(FP), DX
	MOVQ x_base+48(FP), SI

loop:
	CMPQ         CX, $8
	JL           done
	VMOVUPS      (SI), Y5
	GELUTAIL
	VMULPS       Y11, Y0, Y12
	VMULPS       Y2, Y12, Y12
	VMULPS       Y1, Y12, Y12
	VMULPS       Y10, Y12, Y13
	VBROADCASTSS mathc<>+MC_ONE(SB), Y14
	VSUBPS       Y13, Y14, Y14
	VXORPS       Y15, Y15, Y15
	VCMPPS       $0x11, Y15, Y5, Y15
	VBLENDVPS    Y15, Y13, Y14, Y14
	VBROADCASTSS mathc<>+MC_INVSQRT2PI(SB), Y15
	VMULPS       Y15, Y12, Y12
	VFMADD231PS  Y12, Y6, Y14
	VMULPS       (DX), Y14, Y14
	VMOVUPS      Y14, (DI)
	ADDQ         $32, SI
	ADDQ         $32, DX
	ADDQ         $32, DI
	SUBQ         $8, CX
	JMP          loop

done:
	VZEROUPPER
	RET

// GELUTANHARG computes, for the eight x in Y5, what geluTanhArg returns:
// Y6 = xc (x clamped to ±20), Y7 = z = xc², Y10 = σ(v), Y9 = 1+t and
// Y0 = t = e^-|v|, v = xc·fma(z, K3, K). It clobbers Y1-Y3, Y8.
#define GELUTANHARG \
	VBROADCASTSS mathc<>+MC_GTMIN(SB), Y1; \
	VMAXPS       Y5, Y1, Y6; \
	VBROADCASTSS mathc<>+MC_GTMAX(SB), Y1; \
	VMINPS       Y6, Y1, Y6; \
	VMULPS       Y6, Y6, Y7; \
	VBROADCASTSS mathc<>+MC_K(SB), Y8; \
	VBROADCASTSS mathc<>+MC_K3(SB), Y1; \
	VFMADD231PS  Y1, Y7, Y8; \
	VMULPS       Y6, Y8, Y8; \
	VBROADCASTSS mathc<>+MC_SIGN(SB), Y1; \
	VORPS        Y1, Y8, Y0; \
	EXP; \
	VBROADCASTSS mathc<>+MC_ONE(SB), Y1; \
	VADDPS       Y1, Y0, Y9; \
	VXORPS       Y2, Y2, Y2; \
	VCMPPS       $0x11, Y2, Y8, Y2; \
	VBLENDVPS    Y2, Y0, Y1, Y1; \
	VDIVPS       Y9, Y1, Y10

// func geluTanhAVX(dst, x []float32)
//
// max(x, -MaxFloat32)·σ(v). len(dst) must be a multiple of 8.
TEXT ·geluTanhAVX(SB), NOSPLIT, $0-48
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ x_base+24(FP), SI

loop:
	CMPQ         CX, $8
	JL           done
	VMOVUPS      (SI), Y5
	GELUTANHARG
	VBROADCASTSS mathc<>+MC_NEGMAX(SB), Y1
	VMAXPS       Y5, Y1, Y1
	VMULPS       Y10, Y1, Y1
	VMOVUPS      Y1, (DI)
	ADDQ         $32, SI
	ADDQ         $32, DI
	SUBQ         $8, CX
	JMP          loop

done:
	VZEROUPPER
	RET

// func geluTanhBackAVX(dx, dy, x []float32)
//
// g = (t/(1+t))/(1+t), then dy·fma(g·xc, fma(z, K3d, K), σ(v)).
// len(dx) must be a multiple of 8.
TEXT ·geluTanhBackAVX(SB), NOSPLIT, $0-72
	MOVQ dx_base+0(FP), DI
	MOVQ dx_len+8(FP), CX
	MOVQ dy_base+24(FP), DX
	MOVQ x_base+48(FP), SI

loop:
	CMPQ         CX, $8
	JL           done
	VMOVUPS      (SI), Y5
	GELUTANHARG
	VDIVPS       Y9, Y0, Y11
	VDIVPS       Y9, Y11, Y11
	VBROADCASTSS mathc<>+MC_K(SB), Y12
	VBROADCASTSS mathc<>+MC_K3D(SB), Y1
	VFMADD231PS  Y1, Y7, Y12
	VMULPS       Y6, Y11, Y11
	VFMADD231PS  Y12, Y11, Y10
	VMULPS       (DX), Y10, Y10
	VMOVUPS      Y10, (DI)
	ADDQ         $32, SI
	ADDQ         $32, DX
	ADDQ         $32, DI
	SUBQ         $8, CX
	JMP          loop

done:
	VZEROUPPER
	RET
