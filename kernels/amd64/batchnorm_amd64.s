//go:build amd64 && gc && !purego

#include "textflag.h"

// Sixteen float32 lanes set, sixteen clear: the 16 floats at
// bnMask32<>+4*(16-k) mask the first k of sixteen elements, and the first
// 8 of them the first k of eight.
DATA bnMask32<>+0(SB)/8, $0xffffffffffffffff
DATA bnMask32<>+8(SB)/8, $0xffffffffffffffff
DATA bnMask32<>+16(SB)/8, $0xffffffffffffffff
DATA bnMask32<>+24(SB)/8, $0xffffffffffffffff
DATA bnMask32<>+32(SB)/8, $0xffffffffffffffff
DATA bnMask32<>+40(SB)/8, $0xffffffffffffffff
DATA bnMask32<>+48(SB)/8, $0xffffffffffffffff
DATA bnMask32<>+56(SB)/8, $0xffffffffffffffff
DATA bnMask32<>+64(SB)/8, $0
DATA bnMask32<>+72(SB)/8, $0
DATA bnMask32<>+80(SB)/8, $0
DATA bnMask32<>+88(SB)/8, $0
DATA bnMask32<>+96(SB)/8, $0
DATA bnMask32<>+104(SB)/8, $0
DATA bnMask32<>+112(SB)/8, $0
DATA bnMask32<>+120(SB)/8, $0
GLOBL bnMask32<>(SB), RODATA|NOPTR, $128

// Sixteen float64 lanes set, sixteen clear: the 16 at bnMask64<>+8*(16-k)
// mask the first k lanes of a float64 sum.
DATA bnMask64<>+0(SB)/8, $0xffffffffffffffff
DATA bnMask64<>+8(SB)/8, $0xffffffffffffffff
DATA bnMask64<>+16(SB)/8, $0xffffffffffffffff
DATA bnMask64<>+24(SB)/8, $0xffffffffffffffff
DATA bnMask64<>+32(SB)/8, $0xffffffffffffffff
DATA bnMask64<>+40(SB)/8, $0xffffffffffffffff
DATA bnMask64<>+48(SB)/8, $0xffffffffffffffff
DATA bnMask64<>+56(SB)/8, $0xffffffffffffffff
DATA bnMask64<>+64(SB)/8, $0xffffffffffffffff
DATA bnMask64<>+72(SB)/8, $0xffffffffffffffff
DATA bnMask64<>+80(SB)/8, $0xffffffffffffffff
DATA bnMask64<>+88(SB)/8, $0xffffffffffffffff
DATA bnMask64<>+96(SB)/8, $0xffffffffffffffff
DATA bnMask64<>+104(SB)/8, $0xffffffffffffffff
DATA bnMask64<>+112(SB)/8, $0xffffffffffffffff
DATA bnMask64<>+120(SB)/8, $0xffffffffffffffff
DATA bnMask64<>+128(SB)/8, $0
DATA bnMask64<>+136(SB)/8, $0
DATA bnMask64<>+144(SB)/8, $0
DATA bnMask64<>+152(SB)/8, $0
DATA bnMask64<>+160(SB)/8, $0
DATA bnMask64<>+168(SB)/8, $0
DATA bnMask64<>+176(SB)/8, $0
DATA bnMask64<>+184(SB)/8, $0
DATA bnMask64<>+192(SB)/8, $0
DATA bnMask64<>+200(SB)/8, $0
DATA bnMask64<>+208(SB)/8, $0
DATA bnMask64<>+216(SB)/8, $0
DATA bnMask64<>+224(SB)/8, $0
DATA bnMask64<>+232(SB)/8, $0
DATA bnMask64<>+240(SB)/8, $0
DATA bnMask64<>+248(SB)/8, $0
GLOBL bnMask64<>(SB), RODATA|NOPTR, $256

// The AVX2 batch normalisation passes keep the sixteen float64 lanes of a
// sum in four ymm registers (lanes 0-3, 4-7, 8-11, 12-15) and walk each
// run sixteen elements a step, four into each register; the last
// inner%16 elements of a run go four at a time under masks that load the
// others as 0, which adds +0 to a sum and leaves it unchanged (a lane sum
// that starts at +0 is never -0). The elementwise passes walk eight
// elements a step and the last inner%8 under a mask. Masked-off elements
// are not read, so they may lie outside the slice. Registers: SI, BX, DI
// the runs, R8 the stride in bytes, CX inner, DX the runs left, R11 the
// byte offset in the run.

// MASKS16 points R14 at the float32 masks of the last CX%16 elements of a
// run (four at q*16(R14)) and R13 at their float64 masks (four at
// q*32(R13)); R10 is scratch.
#define MASKS16 \
	MOVQ CX, R10; \
	ANDQ $15, R10; \
	SHLQ $2, R10; \
	LEAQ bnMask32<>+64(SB), R14; \
	SUBQ R10, R14; \
	SHLQ $1, R10; \
	LEAQ bnMask64<>+128(SB), R13; \
	SUBQ R10, R13

// MASK8 sets Y15 to the mask of the last CX%8 elements of a run; R10 and
// R11 are scratch.
#define MASK8 \
	MOVQ    CX, R10; \
	ANDQ    $7, R10; \
	SHLQ    $2, R10; \
	LEAQ    bnMask32<>+64(SB), R11; \
	SUBQ    R10, R11; \
	VMOVUPS (R11), Y15

// TREE adds the lanes of A0-A3 into the low element of X0, the low half
// of A0, in kernels' order: (A0+A1) + (A2+A3), then (v0+v2) + (v1+v3).
// XT is scratch.
#define TREE(A0, A1, A2, A3, X0, XT) \
	VADDPD       A1, A0, A0; \
	VADDPD       A3, A2, A2; \
	VADDPD       A2, A0, A0; \
	VEXTRACTF128 $1, A0, XT; \
	VADDPD       XT, X0, X0; \
	VPERMILPD    $1, X0, XT; \
	VADDSD       XT, X0, X0

// SUM4(off, A, YT) adds the four x at off into A.
#define SUM4(off, A, YT) \
	VCVTPS2PD off(R9)(R11*1), YT; \
	VADDPD    YT, A, A

// SUMT(off, A, XT, YT) is SUM4 under the tail's mask.
#define SUMT(off, A, XT, YT) \
	VMOVUPS    off(R14), X9; \
	VMASKMOVPS off(R9)(R11*1), X9, XT; \
	VCVTPS2PD  XT, YT; \
	VADDPD     YT, A, A

// SQ4(off, A, YT) adds (x - mean)² (fused; mean in Y8) into A.
#define SQ4(off, A, YT) \
	VCVTPS2PD   off(R9)(R11*1), YT; \
	VSUBPD      Y8, YT, YT; \
	VFMADD231PD YT, YT, A

// SQT(off, A, XT, YT) is SQ4 under the tail's mask; x - mean is cleared
// outside it.
#define SQT(off, A, XT, YT) \
	VMOVUPS     off(R14), X9; \
	VMASKMOVPS  off(R9)(R11*1), X9, XT; \
	VCVTPS2PD   XT, YT; \
	VSUBPD      Y8, YT, YT; \
	VANDPD      off*2(R13), YT, YT; \
	VFMADD231PD YT, YT, A

// func BNStats(x []float32, n, inner, stride int) (mean, ssd float64)
TEXT ·BNStats(SB), NOSPLIT, $0-64
	MOVQ   x_base+0(FP), SI
	MOVQ   n+24(FP), DX
	MOVQ   inner+32(FP), CX
	MOVQ   stride+40(FP), R8
	SHLQ   $2, R8
	MASKS16
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
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
	SUM4(0, Y0, Y4)
	SUM4(16, Y1, Y5)
	SUM4(32, Y2, Y6)
	SUM4(48, Y3, Y7)
	ADDQ $64, R11
	DECQ R10
	JNZ  sum16

sumtail:
	TESTQ $15, CX
	JZ    sumnext
	SUMT(0, Y0, X4, Y4)
	SUMT(16, Y1, X5, Y5)
	SUMT(32, Y2, X6, Y6)
	SUMT(48, Y3, X7, Y7)

sumnext:
	ADDQ R8, R9
	DECQ R12
	JNZ  sumrun

sumdone:
	// mean = sum / (n·inner)
	TREE(Y0, Y1, Y2, Y3, X0, X4)
	MOVQ         DX, R10
	IMULQ        CX, R10
	VCVTSI2SDQ   R10, X1, X1
	VDIVSD       X1, X0, X0
	VMOVSD       X0, mean+48(FP)
	VBROADCASTSD X0, Y8

	// Σ(x - mean)².
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
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
	SQ4(0, Y0, Y4)
	SQ4(16, Y1, Y5)
	SQ4(32, Y2, Y6)
	SQ4(48, Y3, Y7)
	ADDQ $64, R11
	DECQ R10
	JNZ  sq16

sqtail:
	TESTQ $15, CX
	JZ    sqnext
	SQT(0, Y0, X4, Y4)
	SQT(16, Y1, X5, Y5)
	SQT(32, Y2, X6, Y6)
	SQT(48, Y3, X7, Y7)

sqnext:
	ADDQ R8, R9
	DECQ R12
	JNZ  sqrun

sqdone:
	TREE(Y0, Y1, Y2, Y3, X0, X4)
	VMOVSD X0, ssd+56(FP)
	VZEROUPPER
	RET

// NORM8 turns the eight x in Y4 (elements 0-3) and Y5 (4-7), as float64,
// into xhat = float32((x - mean)·inv) in Y4 and y = xhat·w + b in Y5:
// mean, inv, w, b in Y8-Y11.
#define NORM8 \
	VSUBPD      Y8, Y4, Y4; \
	VSUBPD      Y8, Y5, Y5; \
	VMULPD      Y9, Y4, Y4; \
	VMULPD      Y9, Y5, Y5; \
	VCVTPD2PSY  Y4, X4; \
	VCVTPD2PSY  Y5, X5; \
	VINSERTF128 $1, X5, Y4, Y4; \
	VMULPS      Y10, Y4, Y5; \
	VADDPS      Y11, Y5, Y5

// func BNForward(y, xhat, x []float32, n, inner, stride int, mean, inv float64, w, b float32)
TEXT ·BNForward(SB), NOSPLIT, $0-120
	MOVQ         y_base+0(FP), DI
	MOVQ         xhat_base+24(FP), BX
	MOVQ         x_base+48(FP), SI
	MOVQ         n+72(FP), DX
	MOVQ         inner+80(FP), CX
	MOVQ         stride+88(FP), R8
	SHLQ         $2, R8
	VBROADCASTSD mean+96(FP), Y8
	VBROADCASTSD inv+104(FP), Y9
	VBROADCASTSS w+112(FP), Y10
	VBROADCASTSS b+116(FP), Y11
	MASK8
	TESTQ        DX, DX
	JLE          fdone

frun:
	XORQ R11, R11
	MOVQ CX, R10
	SHRQ $3, R10
	JZ   ftail

f8:
	VCVTPS2PD (SI)(R11*1), Y4
	VCVTPS2PD 16(SI)(R11*1), Y5
	NORM8
	VMOVUPS   Y4, (BX)(R11*1)
	VMOVUPS   Y5, (DI)(R11*1)
	ADDQ      $32, R11
	DECQ      R10
	JNZ       f8

ftail:
	TESTQ        $7, CX
	JZ           fnext
	VMASKMOVPS   (SI)(R11*1), Y15, Y6
	VCVTPS2PD    X6, Y4
	VEXTRACTF128 $1, Y6, X6
	VCVTPS2PD    X6, Y5
	NORM8
	VMASKMOVPS   Y4, Y15, (BX)(R11*1)
	VMASKMOVPS   Y5, Y15, (DI)(R11*1)

fnext:
	ADDQ R8, SI
	ADDQ R8, BX
	ADDQ R8, DI
	DECQ DX
	JNZ  frun

fdone:
	VZEROUPPER
	RET

// BS4(off, A, Q) adds the four dy at off into A and dy·xhat (fused,
// exact) into Q.
#define BS4(off, A, Q) \
	VCVTPS2PD   off(SI)(R11*1), Y8; \
	VCVTPS2PD   off(BX)(R11*1), Y9; \
	VADDPD      Y8, A, A; \
	VFMADD231PD Y9, Y8, Q

// BST(off, A, Q) is BS4 under the tail's mask.
#define BST(off, A, Q) \
	VMOVUPS     off(R14), X10; \
	VMASKMOVPS  off(SI)(R11*1), X10, X8; \
	VMASKMOVPS  off(BX)(R11*1), X10, X9; \
	VCVTPS2PD   X8, Y8; \
	VCVTPS2PD   X9, Y9; \
	VADDPD      Y8, A, A; \
	VFMADD231PD Y9, Y8, Q

// func BNBackSums(dy, xhat []float32, n, inner, stride int) (sumDy, sumDyH float64)
TEXT ·BNBackSums(SB), NOSPLIT, $0-88
	MOVQ   dy_base+0(FP), SI
	MOVQ   xhat_base+24(FP), BX
	MOVQ   n+48(FP), DX
	MOVQ   inner+56(FP), CX
	MOVQ   stride+64(FP), R8
	SHLQ   $2, R8
	MASKS16
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
	VXORPD Y4, Y4, Y4
	VXORPD Y5, Y5, Y5
	VXORPD Y6, Y6, Y6
	VXORPD Y7, Y7, Y7
	TESTQ  DX, DX
	JLE    bdone

brun:
	XORQ R11, R11
	MOVQ CX, R10
	SHRQ $4, R10
	JZ   btail

b16:
	BS4(0, Y0, Y4)
	BS4(16, Y1, Y5)
	BS4(32, Y2, Y6)
	BS4(48, Y3, Y7)
	ADDQ $64, R11
	DECQ R10
	JNZ  b16

btail:
	TESTQ $15, CX
	JZ    bnext
	BST(0, Y0, Y4)
	BST(16, Y1, Y5)
	BST(32, Y2, Y6)
	BST(48, Y3, Y7)

bnext:
	ADDQ R8, SI
	ADDQ R8, BX
	DECQ DX
	JNZ  brun

bdone:
	TREE(Y0, Y1, Y2, Y3, X0, X8)
	VMOVSD X0, sumDy+72(FP)
	TREE(Y4, Y5, Y6, Y7, X4, X8)
	VMOVSD X4, sumDyH+80(FP)
	VZEROUPPER
	RET

// DX8 writes into Y4 dx = k·((dy - meanDy) - xhat·meanDyH) from dy in Y4
// and xhat·meanDyH in Y5: k, meanDy in Y8, Y9.
#define DX8 \
	VSUBPS Y9, Y4, Y4; \
	VSUBPS Y5, Y4, Y4; \
	VMULPS Y8, Y4, Y4

// func BNDx(dx, dy, xhat []float32, n, inner, stride int, k, meanDy, meanDyH float32, train bool)
TEXT ·BNDx(SB), NOSPLIT, $0-109
	MOVQ         dx_base+0(FP), DI
	MOVQ         dy_base+24(FP), SI
	MOVQ         xhat_base+48(FP), BX
	MOVQ         n+72(FP), DX
	MOVQ         inner+80(FP), CX
	MOVQ         stride+88(FP), R8
	SHLQ         $2, R8
	VBROADCASTSS k+96(FP), Y8
	VBROADCASTSS meanDy+100(FP), Y9
	VBROADCASTSS meanDyH+104(FP), Y10
	MASK8
	TESTQ        DX, DX
	JLE          ddone
	CMPB         train+108(FP), $0
	JEQ          srun

drun:
	XORQ R11, R11
	MOVQ CX, R10
	SHRQ $3, R10
	JZ   dtail

d8:
	VMOVUPS (SI)(R11*1), Y4
	VMULPS  (BX)(R11*1), Y10, Y5
	DX8
	VMOVUPS Y4, (DI)(R11*1)
	ADDQ    $32, R11
	DECQ    R10
	JNZ     d8

dtail:
	TESTQ      $7, CX
	JZ         dnext
	VMASKMOVPS (SI)(R11*1), Y15, Y4
	VMASKMOVPS (BX)(R11*1), Y15, Y5
	VMULPS     Y10, Y5, Y5
	DX8
	VMASKMOVPS Y4, Y15, (DI)(R11*1)

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
	SHRQ $3, R10
	JZ   stail

s8:
	VMULPS  (SI)(R11*1), Y8, Y4
	VMOVUPS Y4, (DI)(R11*1)
	ADDQ    $32, R11
	DECQ    R10
	JNZ     s8

stail:
	TESTQ      $7, CX
	JZ         snext
	VMASKMOVPS (SI)(R11*1), Y15, Y4
	VMULPS     Y8, Y4, Y4
	VMASKMOVPS Y4, Y15, (DI)(R11*1)

snext:
	ADDQ R8, SI
	ADDQ R8, DI
	DECQ DX
	JNZ  srun

ddone:
	VZEROUPPER
	RET
