//go:build amd64 && gc && !purego

#include "textflag.h"

// One row of the tile is one zmm register. K1 masks the row's cols
// columns (loads and stores stay inside them); K2 masks the entries the
// softmax runs over: all of them, or the first i+1 of row i when causal
// (BX holds K2's bits and grows by one bit per row).

#include "avx512_amd64.h"
#include "exp_amd64.h"
#include "softmax16_amd64.h"

// MASKS_INIT loads K1 with cols (CX) bits and K2 with the row's entries: BX
// bits, which start at 1 (causal) or cols bits; R9 is 1 when causal.
#define MASKS_INIT \
	MOVL  $1, AX;     \
	SHLL  CX, AX;     \
	DECL  AX;         \
	KMOVW AX, K1;     \
	MOVL  AX, BX;     \
	TESTQ R9, R9;     \
	JZ    2(PC);      \
	MOVL  $1, BX

// NEXT_ROW_MASK, when causal, adds the next entry to K2's bits in BX,
// within the cols bits of AX.
#define NEXT_ROW_MASK \
	TESTQ R9, R9;     \
	JZ    4(PC);      \
	SHLL  $1, BX;     \
	ORL   $1, BX;     \
	ANDL  AX, BX

// func SoftmaxTile16(x []float32, rows, cols, ld, causal int)
TEXT ·SoftmaxTile16(SB), NOSPLIT, $0-56
	MOVQ x_base+0(FP), DI
	MOVQ rows+24(FP), DX
	MOVQ cols+32(FP), CX
	MOVQ ld+40(FP), R8
	MOVQ causal+48(FP), R9
	SHLQ $2, R8
	TESTQ DX, DX
	JZ    sdone
	SOFTC_LOAD
	MASKS_INIT

// Rows go in pairs, whose independent chains (reduction, exp, reduction,
// division) overlap; K3 is the second row's entries, Z8..Z14 its values.
spair:
	CMPQ    DX, $2
	JLT     srow
	KMOVW   BX, K2
	NEXT_ROW_MASK
	KMOVW   BX, K3
	NEXT_ROW_MASK
	VMOVAPS Z29, Z4
	VMOVAPS Z29, Z8
	VMOVUPS (DI), K2, Z4
	VMOVUPS (DI)(R8*1), K3, Z8
	HREDUCE(VMAXPS, Z4, Z5, Z6)
	HREDUCE(VMAXPS, Z8, Z9, Z10)
	VSUBPS  Z6, Z4, Z0
	VSUBPS  Z10, Z8, Z12
	EXP16(Z0, Z1, Z2, Z3)
	EXP16(Z12, Z13, Z14, Z15)
	HREDUCE(VADDPS, Z0, Z5, Z6)
	HREDUCE(VADDPS, Z12, Z9, Z10)
	VDIVPS  Z6, Z27, Z6
	VDIVPS  Z10, Z27, Z10
	VMULPS.Z Z6, Z0, K2, Z0
	VMULPS.Z Z10, Z12, K3, Z12
	VMOVUPS Z0, K1, (DI)
	VMOVUPS Z12, K1, (DI)(R8*1)
	LEAQ    (DI)(R8*2), DI
	SUBQ    $2, DX
	JMP     spair

srow:
	TESTQ   DX, DX
	JZ      sdone
	KMOVW   BX, K2
	VMOVAPS Z29, Z4
	VMOVUPS (DI), K2, Z4      // the row's entries, -Inf elsewhere
	HREDUCE(VMAXPS, Z4, Z5, Z6)
	VSUBPS  Z6, Z4, Z0
	EXP16(Z0, Z1, Z2, Z3)
	HREDUCE(VADDPS, Z0, Z5, Z6)
	VDIVPS  Z6, Z27, Z6       // 1/sum
	VMULPS.Z Z6, Z0, K2, Z0
	VMOVUPS Z0, K1, (DI)

sdone:
	VZEROUPPER
	RET

// func SoftmaxTileBackward16(dp, p []float32, rows, cols, ld, causal int)
TEXT ·SoftmaxTileBackward16(SB), NOSPLIT, $0-80
	MOVQ dp_base+0(FP), DI
	MOVQ p_base+24(FP), SI
	MOVQ rows+48(FP), DX
	MOVQ cols+56(FP), CX
	MOVQ ld+64(FP), R8
	MOVQ causal+72(FP), R9
	SHLQ $2, R8
	TESTQ DX, DX
	JZ    bdone
	MASKS_INIT

brow:
	KMOVW     BX, K2
	VMOVUPS.Z (SI), K2, Z1    // p
	VMOVUPS.Z (DI), K2, Z2    // dp
	VMULPS    Z2, Z1, Z3
	HREDUCE(VADDPS, Z3, Z4, Z5)
	VSUBPS    Z5, Z2, Z2
	VMULPS.Z  Z2, Z1, K2, Z2
	VMOVUPS   Z2, K1, (DI)
	ADDQ      R8, DI
	ADDQ      R8, SI
	NEXT_ROW_MASK
	DECQ      DX
	JNZ       brow

bdone:
	VZEROUPPER
	RET
