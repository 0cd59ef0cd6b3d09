//go:build amd64 && gc && !purego

#include "textflag.h"
#include "layernorm_amd64.h"

// The AVX-512 LayerNorm row kernels walk a row sixteen elements a step in
// one zmm register, whose lanes are the lane sums A (lanes 0-7) and B
// (8-15) of the AVX2 kernels, and the last cols%16 elements under the
// mask K1. Masked-off lanes load as 0 and add +0 to a sum, which leaves
// it unchanged (a lane sum that starts at +0 is never -0), so the sums,
// and with them the results, are those of the AVX2 kernels. AVX512F
// only: the upper half of a sum comes out with VEXTRACTF64X4.

// LNKTAIL sets K1 to the mask of the last cols%16 elements of a row of
// CX elements; R10 and R11 are scratch.
#define LNKTAIL \
	MOVQ  CX, R11; \
	ANDQ  $15, R11; \
	XORQ  R10, R10; \
	BTSQ  R11, R10; \
	DECQ  R10; \
	KMOVW R10, K1

// HALVES(Z, Y, YT) adds the two halves of Z into its low half Y (A+B).
#define HALVES(Z, Y, YT) \
	VEXTRACTF64X4 $1, Z, YT; \
	VADDPS        YT, Y, Y

// func LNRows512(dst, x, w, b, mean, rstd []float32, eps float32) int
//
// Blocks of sixteen rows; the frame: the slots of the first sums at
// 0(SP), of the second sums at 512(SP), the sixteen m1, then means, at
// 1024(SP) and the rstds at 1088(SP).
TEXT ·LNRows512(SB), 0, $1152-160
	LNCONSTS
	LNKTAIL
	XORQ         R12, R12

	// A block of k = min(16, rows left) rows: R8 = 32k, R9 = 32r for its
	// row r, R14 the byte offset of row r from SI.
block:
	MOVQ mean_len+104(FP), R8
	SUBQ R12, R8
	JLE  done
	CMPQ R8, $16
	JLE  sized
	MOVQ $16, R8

sized:
	SHLQ $5, R8

	// The sums of the rows.
	XORQ R9, R9
	XORQ R14, R14

sumrow:
	VPXORD Z0, Z0, Z0
	MOVQ   R14, R11
	MOVQ   CX, R10
	SHRQ   $4, R10
	JZ     sumt

sum16:
	VADDPS (SI)(R11*1), Z0, Z0
	ADDQ   $64, R11
	DECQ   R10
	JNZ    sum16

sumt:
	TESTQ  $15, CX
	JZ     sumdone
	VADDPS (SI)(R11*1), Z0, K1, Z0

sumdone:
	HALVES(Z0, Y0, Y1)
	VMOVUPS Y0, (SP)(R9*1)
	LEAQ    (R14)(CX*4), R14
	ADDQ    $32, R9
	CMPQ    R9, R8
	JLT     sumrow

	LNM1

	// The centred sums about m1: d = x - m1 (cleared outside the tail)
	// into S, d² (fused) into Q.
	XORQ R9, R9
	XORQ R14, R14

cenrow:
	MOVQ         R9, R11
	SHRQ         $3, R11
	VBROADCASTSS 1024(SP)(R11*1), Z8
	VPXORD       Z0, Z0, Z0
	VPXORD       Z2, Z2, Z2
	MOVQ         R14, R11
	MOVQ         CX, R10
	SHRQ         $4, R10
	JZ           cent

cen16:
	VMOVUPS     (SI)(R11*1), Z4
	VSUBPS      Z8, Z4, Z4
	VADDPS      Z4, Z0, Z0
	VFMADD231PS Z4, Z4, Z2
	ADDQ        $64, R11
	DECQ        R10
	JNZ         cen16

cent:
	TESTQ       $15, CX
	JZ          cendone
	VMOVUPS.Z   (SI)(R11*1), K1, Z4
	VSUBPS.Z    Z8, Z4, K1, Z4
	VADDPS      Z4, Z0, Z0
	VFMADD231PS Z4, Z4, Z2

cendone:
	HALVES(Z0, Y0, Y1)
	HALVES(Z2, Y2, Y3)
	VMOVUPS Y0, (SP)(R9*1)
	VMOVUPS Y2, 512(SP)(R9*1)
	LEAQ    (R14)(CX*4), R14
	ADDQ    $32, R9
	CMPQ    R9, R8
	JLT     cenrow

	LNSTOP

	// The statistics, four rows at a time, kept at 1024(SP) and
	// 1088(SP) and stored for the j rows (mask K2).
	LNSTATS
	XORQ         R13, R13
	BTSQ         R10, R13
	DECQ         R13
	KMOVW        R13, K2
	MOVQ         mean_base+96(FP), R11
	VMOVUPS      1024(SP), Z4
	VMOVUPS      Z4, K2, (R11)(R12*4)
	MOVQ         rstd_base+120(FP), R11
	VMOVUPS      1088(SP), Z5
	VMOVUPS      Z5, K2, (R11)(R12*4)
	MOVQ         R10, R13
	SHLQ         $5, R13

	// dst = fma((x - mean)·rstd, w, b) for the j rows, SI and DI moving
	// on to the next block.
	XORQ R9, R9

normrow:
	CMPQ         R9, R13
	JGE          normdone
	MOVQ         R9, R11
	SHRQ         $3, R11
	VBROADCASTSS 1024(SP)(R11*1), Z8
	VBROADCASTSS 1088(SP)(R11*1), Z9
	XORQ         R11, R11
	MOVQ         CX, R10
	SHRQ         $4, R10
	JZ           normt

norm16:
	VMOVUPS     (SI)(R11*1), Z4
	VSUBPS      Z8, Z4, Z4
	VMULPS      Z9, Z4, Z4
	VMOVUPS     (BX)(R11*1), Z5
	VFMADD231PS (AX)(R11*1), Z4, Z5
	VMOVUPS     Z5, (DI)(R11*1)
	ADDQ        $64, R11
	DECQ        R10
	JNZ         norm16

normt:
	TESTQ       $15, CX
	JZ          normnext
	VMOVUPS.Z   (SI)(R11*1), K1, Z4
	VSUBPS      Z8, Z4, Z4
	VMULPS      Z9, Z4, Z4
	VMOVUPS.Z   (BX)(R11*1), K1, Z5
	VMOVUPS.Z   (AX)(R11*1), K1, Z6
	VFMADD231PS Z6, Z4, Z5
	VMOVUPS     Z5, K1, (DI)(R11*1)

normnext:
	LEAQ (SI)(CX*4), SI
	LEAQ (DI)(CX*4), DI
	ADDQ $32, R9
	JMP  normrow

normdone:
	MOVQ R13, R10
	SHRQ $5, R10
	ADDQ R10, R12
	CMPQ R13, R8
	JEQ  block

done:
	MOVQ R12, ret+152(FP)
	VZEROUPPER
	RET

// BACK16(G, GX), with x̂ = (x-m)·r (m, r in Z8, Z9) and g = dy·w, adds g
// into G and g·x̂ (fused) into GX, dy into db and dy·x̂ (fused) into dw:
// R8 dw, R9 db, DX dy, SI x, AX w.
#define BACK16(G, GX) \
	VMOVUPS     (SI)(R11*1), Z4; \
	VSUBPS      Z8, Z4, Z4; \
	VMULPS      Z9, Z4, Z4; \
	VMOVUPS     (DX)(R11*1), Z5; \
	VMULPS      (AX)(R11*1), Z5, Z6; \
	VADDPS      Z6, G, G; \
	VFMADD231PS Z4, Z6, GX; \
	VADDPS      (R9)(R11*1), Z5, Z7; \
	VMOVUPS     Z7, (R9)(R11*1); \
	VFMADD213PS (R8)(R11*1), Z4, Z5; \
	VMOVUPS     Z5, (R8)(R11*1)

// BACKT16(G, GX) is BACK16 for the tail under K1; x̂ and g are cleared
// outside it, so that they add +0 there whatever m and r are.
#define BACKT16(G, GX) \
	VMOVUPS.Z     (SI)(R11*1), K1, Z4; \
	VSUBPS.Z      Z8, Z4, K1, Z4; \
	VMULPS.Z      Z9, Z4, K1, Z4; \
	VMOVUPS.Z     (DX)(R11*1), K1, Z5; \
	VMULPS.Z      (AX)(R11*1), Z5, K1, Z6; \
	VADDPS        Z6, G, G; \
	VFMADD231PS   Z4, Z6, GX; \
	VADDPS.Z      (R9)(R11*1), Z5, K1, Z7; \
	VMOVUPS       Z7, K1, (R9)(R11*1); \
	VFMADD213PS.Z (R8)(R11*1), Z4, K1, Z5; \
	VMOVUPS       Z5, K1, (R8)(R11*1)

// DXFROM16 writes into Z6 dx = fma(-x̂, gxm, g-gm)·r (gm, gxm in Z10,
// Z11) from x, dy and w loaded into Z4, Z5 and Z6.
#define DXFROM16 \
	VSUBPS       Z8, Z4, Z4; \
	VMULPS       Z9, Z4, Z4; \
	VMULPS       Z5, Z6, Z6; \
	VSUBPS       Z10, Z6, Z6; \
	VFNMADD231PS Z11, Z4, Z6; \
	VMULPS       Z9, Z6, Z6

// func LNBackRows512(dx, dw, db, dy, x, w, mean, rstd []float32)
TEXT ·LNBackRows512(SB), NOSPLIT, $0-192
	MOVQ       dx_base+0(FP), DI
	MOVQ       dw_base+24(FP), R8
	MOVQ       db_base+48(FP), R9
	MOVQ       dy_base+72(FP), DX
	MOVQ       x_base+96(FP), SI
	MOVQ       w_base+120(FP), AX
	MOVQ       w_len+128(FP), CX
	MOVQ       mean_base+144(FP), BX
	MOVQ       rstd_base+168(FP), R13
	VCVTSI2SDQ CX, X13, X13
	LNKTAIL
	XORQ       R12, R12

brow:
	CMPQ         R12, mean_len+152(FP)
	JGE          bdone
	VBROADCASTSS (BX)(R12*4), Z8
	VBROADCASTSS (R13)(R12*4), Z9

	// The sums of g and g·x̂; db and dw.
	VPXORD Z0, Z0, Z0
	VPXORD Z2, Z2, Z2
	XORQ   R11, R11
	MOVQ   CX, R10
	SHRQ   $4, R10
	JZ     backt

back16:
	BACK16(Z0, Z2)
	ADDQ $64, R11
	DECQ R10
	JNZ  back16

backt:
	TESTQ $15, CX
	JZ    backdone
	BACKT16(Z0, Z2)

backdone:
	// gm, gxm = float32(float64(sum)/n).
	VEXTRACTF64X4 $1, Z0, Y1
	LANES16(Y0, Y1, X0, X1)
	VEXTRACTF64X4 $1, Z2, Y3
	LANES16(Y2, Y3, X2, X3)
	VCVTSS2SD     X0, X0, X0
	VDIVSD        X13, X0, X0
	VCVTSD2SS     X0, X0, X10
	VBROADCASTSS  X10, Z10
	VCVTSS2SD     X2, X2, X2
	VDIVSD        X13, X2, X2
	VCVTSD2SS     X2, X2, X11
	VBROADCASTSS  X11, Z11

	// dx.
	XORQ R11, R11
	MOVQ CX, R10
	SHRQ $4, R10
	JZ   dxt

dx16:
	VMOVUPS (SI)(R11*1), Z4
	VMOVUPS (DX)(R11*1), Z5
	VMOVUPS (AX)(R11*1), Z6
	DXFROM16
	VMOVUPS Z6, (DI)(R11*1)
	ADDQ    $64, R11
	DECQ    R10
	JNZ     dx16

dxt:
	TESTQ     $15, CX
	JZ        bnext
	VMOVUPS.Z (SI)(R11*1), K1, Z4
	VMOVUPS.Z (DX)(R11*1), K1, Z5
	VMOVUPS.Z (AX)(R11*1), K1, Z6
	DXFROM16
	VMOVUPS   Z6, K1, (DI)(R11*1)

bnext:
	LEAQ (SI)(CX*4), SI
	LEAQ (DI)(CX*4), DI
	LEAQ (DX)(CX*4), DX
	INCQ R12
	JMP  brow

bdone:
	VZEROUPPER
	RET
