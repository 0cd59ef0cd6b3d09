//go:build amd64 && gc && !purego

#include "textflag.h"

// The AVX-512 batch normalisation passes walk each run sixteen elements a
// step: the float64 lane sums are Z0 (lanes 0-7) and Z1 (lanes 8-15), or
// Z2 and Z3 for a second sum, and the last inner%16 elements of a run are
// loaded under masks that clear the others, which then add +0 to a sum
// and leave it unchanged (a lane sum that starts at +0 is never -0).
// Masked-off elements are not read, so they may lie outside the slice.
// Registers: SI, BX, DI the runs, R8 the stride in bytes, CX inner, DX
// the runs left, R11 the byte offset in the run.

// BNMASKS sets K1 to the mask of the last CX%16 elements of a run and K2
// and K3 to its low and high eight lanes; R10 and R11 are scratch.
#define BNMASKS \
	MOVQ  CX, R11; \
	ANDQ  $15, R11; \
	XORQ  R10, R10; \
	BTSQ  R11, R10; \
	DECQ  R10; \
	KMOVW R10, K1; \
	KMOVW R10, K2; \
	SHRQ  $8, R10; \
	KMOVW R10, K3

// TREE512 adds the lanes of ZA (0-7) and ZB (8-15) into the low element
// of XA in kernels' order: (a0+a1) + (a2+a3) over the four-lane quarters,
// then (v0+v2) + (v1+v3). Y6 and Y7 are scratch.
#define TREE512(ZA, YA, XA, ZB, YB) \
	VEXTRACTF64X4 $1, ZA, Y6; \
	VADDPD        Y6, YA, YA; \
	VEXTRACTF64X4 $1, ZB, Y7; \
	VADDPD        Y7, YB, YB; \
	VADDPD        YB, YA, YA; \
	VEXTRACTF128  $1, YA, X6; \
	VADDPD        X6, XA, XA; \
	VPERMILPD     $1, XA, X6; \
	VADDSD        X6, XA, XA

// func BNStats512(x []float32, n, inner, stride int) (mean, ssd float64)
TEXT ·BNStats512(SB), NOSPLIT, $0-64
	MOVQ   x_base+0(FP), SI
	MOVQ   n+24(FP), DX
	MOVQ   inner+32(FP), CX
	MOVQ   stride+40(FP), R8
	SHLQ   $2, R8
	BNMASKS
	VPXORD Z0, Z0, Z0
	VPXORD Z1, Z1, Z1
	MOVQ   SI, R9
	MOVQ   DX, R12
	TESTQ  R12, R12
	JLE    sumdone

sumrun:
	XORQ R11, R11
	MOVQ CX, R10
	SHRQ $4, R10
	JZ   sumtail

sum16:
	VCVTPS2PD (R9)(R11*1), Z4
	VCVTPS2PD 32(R9)(R11*1), Z5
	VADDPD    Z4, Z0, Z0
	VADDPD    Z5, Z1, Z1
	ADDQ      $64, R11
	DECQ      R10
	JNZ       sum16

sumtail:
	TESTQ       $15, CX
	JZ          sumnext
	VCVTPS2PD.Z (R9)(R11*1), K2, Z4
	VCVTPS2PD.Z 32(R9)(R11*1), K3, Z5
	VADDPD      Z4, Z0, Z0
	VADDPD      Z5, Z1, Z1

sumnext:
	ADDQ R8, R9
	DECQ R12
	JNZ  sumrun

sumdone:
	// mean = sum / (n·inner)
	TREE512(Z0, Y0, X0, Z1, Y1)
	MOVQ         DX, R10
	IMULQ        CX, R10
	VCVTSI2SDQ   R10, X1, X1
	VDIVSD       X1, X0, X0
	VMOVSD       X0, mean+48(FP)
	VBROADCASTSD X0, Z8

	// Σ(x - mean)², the tail's d cleared outside it.
	VPXORD Z2, Z2, Z2
	VPXORD Z3, Z3, Z3
	MOVQ   SI, R9
	MOVQ   DX, R12
	TESTQ  R12, R12
	JLE    sqdone

sqrun:
	XORQ R11, R11
	MOVQ CX, R10
	SHRQ $4, R10
	JZ   sqtail

sq16:
	VCVTPS2PD   (R9)(R11*1), Z4
	VCVTPS2PD   32(R9)(R11*1), Z5
	VSUBPD      Z8, Z4, Z4
	VSUBPD      Z8, Z5, Z5
	VFMADD231PD Z4, Z4, Z2
	VFMADD231PD Z5, Z5, Z3
	ADDQ        $64, R11
	DECQ        R10
	JNZ         sq16

sqtail:
	TESTQ       $15, CX
	JZ          sqnext
	VCVTPS2PD.Z (R9)(R11*1), K2, Z4
	VCVTPS2PD.Z 32(R9)(R11*1), K3, Z5
	VSUBPD.Z    Z8, Z4, K2, Z4
	VSUBPD.Z    Z8, Z5, K3, Z5
	VFMADD231PD Z4, Z4, Z2
	VFMADD231PD Z5, Z5, Z3

sqnext:
	ADDQ R8, R9
	DECQ R12
	JNZ  sqrun

sqdone:
	TREE512(Z2, Y2, X2, Z3, Y3)
	VMOVSD X2, ssd+56(FP)
	VZEROUPPER
	RET

// NORM16 turns the sixteen x in Z4 (elements 0-7) and Z5 (8-15), as
// float64, into xhat = float32((x - mean)·inv) in Z4 and y = xhat·w + b
// in Z5: mean, inv, w, b in Z8-Z11.
#define NORM16 \
	VSUBPD       Z8, Z4, Z4; \
	VSUBPD       Z8, Z5, Z5; \
	VMULPD       Z9, Z4, Z4; \
	VMULPD       Z9, Z5, Z5; \
	VCVTPD2PS    Z4, Y4; \
	VCVTPD2PS    Z5, Y5; \
	VINSERTF64X4 $1, Y5, Z4, Z4; \
	VMULPS       Z10, Z4, Z5; \
	VADDPS       Z11, Z5, Z5

// func BNForward512(y, xhat, x []float32, n, inner, stride int, mean, inv float64, w, b float32)
TEXT ·BNForward512(SB), NOSPLIT, $0-120
	MOVQ         y_base+0(FP), DI
	MOVQ         xhat_base+24(FP), BX
	MOVQ         x_base+48(FP), SI
	MOVQ         n+72(FP), DX
	MOVQ         inner+80(FP), CX
	MOVQ         stride+88(FP), R8
	SHLQ         $2, R8
	VBROADCASTSD mean+96(FP), Z8
	VBROADCASTSD inv+104(FP), Z9
	VBROADCASTSS w+112(FP), Z10
	VBROADCASTSS b+116(FP), Z11
	BNMASKS
	TESTQ        DX, DX
	JLE          fdone

frun:
	XORQ R11, R11
	MOVQ CX, R10
	SHRQ $4, R10
	JZ   ftail

f16:
	VCVTPS2PD (SI)(R11*1), Z4
	VCVTPS2PD 32(SI)(R11*1), Z5
	NORM16
	VMOVUPS   Z4, (BX)(R11*1)
	VMOVUPS   Z5, (DI)(R11*1)
	ADDQ      $64, R11
	DECQ      R10
	JNZ       f16

ftail:
	TESTQ       $15, CX
	JZ          fnext
	VCVTPS2PD.Z (SI)(R11*1), K2, Z4
	VCVTPS2PD.Z 32(SI)(R11*1), K3, Z5
	NORM16
	VMOVUPS     Z4, K1, (BX)(R11*1)
	VMOVUPS     Z5, K1, (DI)(R11*1)

fnext:
	ADDQ R8, SI
	ADDQ R8, BX
	ADDQ R8, DI
	DECQ DX
	JNZ  frun

fdone:
	VZEROUPPER
	RET

// func BNBackSums512(dy, xhat []float32, n, inner, stride int) (sumDy, sumDyH float64)
TEXT ·BNBackSums512(SB), NOSPLIT, $0-88
	MOVQ   dy_base+0(FP), SI
	MOVQ   xhat_base+24(FP), BX
	MOVQ   n+48(FP), DX
	MOVQ   inner+56(FP), CX
	MOVQ   stride+64(FP), R8
	SHLQ   $2, R8
	BNMASKS
	VPXORD Z0, Z0, Z0
	VPXORD Z1, Z1, Z1
	VPXORD Z2, Z2, Z2
	VPXORD Z3, Z3, Z3
	TESTQ  DX, DX
	JLE    bdone

brun:
	XORQ R11, R11
	MOVQ CX, R10
	SHRQ $4, R10
	JZ   btail

b16:
	VCVTPS2PD   (SI)(R11*1), Z4
	VCVTPS2PD   32(SI)(R11*1), Z5
	VCVTPS2PD   (BX)(R11*1), Z6
	VCVTPS2PD   32(BX)(R11*1), Z7
	VADDPD      Z4, Z0, Z0
	VADDPD      Z5, Z1, Z1
	VFMADD231PD Z6, Z4, Z2
	VFMADD231PD Z7, Z5, Z3
	ADDQ        $64, R11
	DECQ        R10
	JNZ         b16

btail:
	TESTQ       $15, CX
	JZ          bnext
	VCVTPS2PD.Z (SI)(R11*1), K2, Z4
	VCVTPS2PD.Z 32(SI)(R11*1), K3, Z5
	VCVTPS2PD.Z (BX)(R11*1), K2, Z6
	VCVTPS2PD.Z 32(BX)(R11*1), K3, Z7
	VADDPD      Z4, Z0, Z0
	VADDPD      Z5, Z1, Z1
	VFMADD231PD Z6, Z4, Z2
	VFMADD231PD Z7, Z5, Z3

bnext:
	ADDQ R8, SI
	ADDQ R8, BX
	DECQ DX
	JNZ  brun

bdone:
	TREE512(Z0, Y0, X0, Z1, Y1)
	VMOVSD X0, sumDy+72(FP)
	TREE512(Z2, Y2, X2, Z3, Y3)
	VMOVSD X2, sumDyH+80(FP)
	VZEROUPPER
	RET

// DX16 writes into Z4 dx = k·((dy - meanDy) - xhat·meanDyH) from dy in
// Z4 and xhat·meanDyH in Z5: k, meanDy in Z8, Z9.
#define DX16 \
	VSUBPS Z9, Z4, Z4; \
	VSUBPS Z5, Z4, Z4; \
	VMULPS Z8, Z4, Z4

// func BNDx512(dx, dy, xhat []float32, n, inner, stride int, k, meanDy, meanDyH float32, train bool)
TEXT ·BNDx512(SB), NOSPLIT, $0-109
	MOVQ         dx_base+0(FP), DI
	MOVQ         dy_base+24(FP), SI
	MOVQ         xhat_base+48(FP), BX
	MOVQ         n+72(FP), DX
	MOVQ         inner+80(FP), CX
	MOVQ         stride+88(FP), R8
	SHLQ         $2, R8
	VBROADCASTSS k+96(FP), Z8
	VBROADCASTSS meanDy+100(FP), Z9
	VBROADCASTSS meanDyH+104(FP), Z10
	BNMASKS
	TESTQ        DX, DX
	JLE          ddone
	CMPB         train+108(FP), $0
	JEQ          srun

drun:
	XORQ R11, R11
	MOVQ CX, R10
	SHRQ $4, R10
	JZ   dtail

d16:
	VMOVUPS (SI)(R11*1), Z4
	VMULPS  (BX)(R11*1), Z10, Z5
	DX16
	VMOVUPS Z4, (DI)(R11*1)
	ADDQ    $64, R11
	DECQ    R10
	JNZ     d16

dtail:
	TESTQ     $15, CX
	JZ        dnext
	VMOVUPS.Z (SI)(R11*1), K1, Z4
	VMULPS.Z  (BX)(R11*1), Z10, K1, Z5
	DX16
	VMOVUPS   Z4, K1, (DI)(R11*1)

dnext:
	ADDQ R8, SI
	ADDQ R8, BX
	ADDQ R8, DI
	DECQ DX
	JNZ  drun
	JMP  ddone

	// Evaluation: dx = k·dy.
srun:
	XORQ R11, R11
	MOVQ CX, R10
	SHRQ $4, R10
	JZ   stail

s16:
	VMULPS  (SI)(R11*1), Z8, Z4
	VMOVUPS Z4, (DI)(R11*1)
	ADDQ    $64, R11
	DECQ    R10
	JNZ     s16

stail:
	TESTQ    $15, CX
	JZ       snext
	VMULPS.Z (SI)(R11*1), Z8, K1, Z4
	VMOVUPS  Z4, K1, (DI)(R11*1)

snext:
	ADDQ R8, SI
	ADDQ R8, DI
	DECQ DX
	JNZ  srun

ddone:
	VZEROUPPER
	RET
