//go:build amd64 && gc && !purego

#include "textflag.h"

// func ConvWindow5x5(ta, tb []int32, a []float32, lda int, b, c []float32)
//
// The 25 rows of the block live in Z0..Z24 (window element (i, j) in
// Z(5i+j)). Per term: one 16-wide load of b at tb[k] into Z25 and
// twenty-five FMAs, each broadcasting its element of a straight from
// memory (embedded broadcast), the window's rows at a + ta[k] + i·lda.
// Rows 0..4 are addressed as AX, AX+lda, AX+2·lda, AX+3·lda (R11 = 3·lda)
// and AX+4·lda, so no pointer moves inside a term.

// WROW does the five FMAs of window row 0 (at AX), into acc0..acc4.
#define WROW(acc0, acc1, acc2, acc3, acc4) \
	VFMADD231PS.BCST 0(AX), Z25, acc0;  \
	VFMADD231PS.BCST 4(AX), Z25, acc1;  \
	VFMADD231PS.BCST 8(AX), Z25, acc2;  \
	VFMADD231PS.BCST 12(AX), Z25, acc3; \
	VFMADD231PS.BCST 16(AX), Z25, acc4

// WROWX does the five FMAs of the window row at AX + idx·scale.
#define WROWX(idx, scale, acc0, acc1, acc2, acc3, acc4) \
	VFMADD231PS.BCST 0(AX)(idx*scale), Z25, acc0;  \
	VFMADD231PS.BCST 4(AX)(idx*scale), Z25, acc1;  \
	VFMADD231PS.BCST 8(AX)(idx*scale), Z25, acc2;  \
	VFMADD231PS.BCST 12(AX)(idx*scale), Z25, acc3; \
	VFMADD231PS.BCST 16(AX)(idx*scale), Z25, acc4

TEXT ·ConvWindow5x5(SB), NOSPLIT, $0-128
	MOVQ ta_base+0(FP), R8
	MOVQ ta_len+8(FP), CX
	MOVQ tb_base+24(FP), R9
	MOVQ a_base+48(FP), SI
	MOVQ lda+72(FP), R10
	MOVQ b_base+80(FP), DI
	MOVQ c_base+104(FP), DX
	SHLQ $2, R10
	LEAQ (R10)(R10*2), R11

	VPXORD Z0, Z0, Z0
	VPXORD Z1, Z1, Z1
	VPXORD Z2, Z2, Z2
	VPXORD Z3, Z3, Z3
	VPXORD Z4, Z4, Z4
	VPXORD Z5, Z5, Z5
	VPXORD Z6, Z6, Z6
	VPXORD Z7, Z7, Z7
	VPXORD Z8, Z8, Z8
	VPXORD Z9, Z9, Z9
	VPXORD Z10, Z10, Z10
	VPXORD Z11, Z11, Z11
	VPXORD Z12, Z12, Z12
	VPXORD Z13, Z13, Z13
	VPXORD Z14, Z14, Z14
	VPXORD Z15, Z15, Z15
	VPXORD Z16, Z16, Z16
	VPXORD Z17, Z17, Z17
	VPXORD Z18, Z18, Z18
	VPXORD Z19, Z19, Z19
	VPXORD Z20, Z20, Z20
	VPXORD Z21, Z21, Z21
	VPXORD Z22, Z22, Z22
	VPXORD Z23, Z23, Z23
	VPXORD Z24, Z24, Z24
	TESTQ CX, CX
	JE    store

loop:
	MOVLQSX (R8), AX
	MOVLQSX (R9), BX
	LEAQ    (SI)(AX*4), AX
	VMOVUPS (DI)(BX*4), Z25
	WROW(Z0, Z1, Z2, Z3, Z4)
	WROWX(R10, 1, Z5, Z6, Z7, Z8, Z9)
	WROWX(R10, 2, Z10, Z11, Z12, Z13, Z14)
	WROWX(R11, 1, Z15, Z16, Z17, Z18, Z19)
	WROWX(R10, 4, Z20, Z21, Z22, Z23, Z24)
	ADDQ $4, R8
	ADDQ $4, R9
	DECQ CX
	JNE  loop

store:
	VMOVUPS Z0, 0(DX)
	VMOVUPS Z1, 64(DX)
	VMOVUPS Z2, 128(DX)
	VMOVUPS Z3, 192(DX)
	VMOVUPS Z4, 256(DX)
	VMOVUPS Z5, 320(DX)
	VMOVUPS Z6, 384(DX)
	VMOVUPS Z7, 448(DX)
	VMOVUPS Z8, 512(DX)
	VMOVUPS Z9, 576(DX)
	VMOVUPS Z10, 640(DX)
	VMOVUPS Z11, 704(DX)
	VMOVUPS Z12, 768(DX)
	VMOVUPS Z13, 832(DX)
	VMOVUPS Z14, 896(DX)
	VMOVUPS Z15, 960(DX)
	VMOVUPS Z16, 1024(DX)
	VMOVUPS Z17, 1088(DX)
	VMOVUPS Z18, 1152(DX)
	VMOVUPS Z19, 1216(DX)
	VMOVUPS Z20, 1280(DX)
	VMOVUPS Z21, 1344(DX)
	VMOVUPS Z22, 1408(DX)
	VMOVUPS Z23, 1472(DX)
	VMOVUPS Z24, 1536(DX)
	VZEROUPPER
	RET
