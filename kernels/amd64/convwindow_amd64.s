//go:build amd64 && gc && !purego

#include "textflag.h"

// func ConvWindow5x5(ta, tb []int32, a []float32, lda int, b, c []float32, ldc int, init []float32)
//
// The 25 rows of the block live in Z0..Z24 (window element (i, j) in
// Z(5i+j)). Per term: one 16-wide load of b at tb[k] into Z25 and
// twenty-five FMAs, each broadcasting its element of a straight from
// memory (embedded broadcast), the window's rows at a + ta[k] + i·lda.
// Rows 0..4 are addressed as AX, AX+lda, AX+2·lda, AX+3·lda (R11 = 3·lda)
// and AX+4·lda, so no pointer moves inside a term. The accumulators start
// at the init vector, or zero; the window's rows are stored ldc·64 bytes
// apart (R12, R13 = 3·R12).

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

TEXT ·ConvWindow5x5(SB), NOSPLIT, $0-160
	MOVQ ta_base+0(FP), R8
	MOVQ ta_len+8(FP), CX
	MOVQ tb_base+24(FP), R9
	MOVQ a_base+48(FP), SI
	MOVQ lda+72(FP), R10
	MOVQ b_base+80(FP), DI
	MOVQ c_base+104(FP), DX
	SHLQ $2, R10
	LEAQ (R10)(R10*2), R11

	MOVQ ldc+128(FP), R12
	MOVQ init_base+136(FP), BX
	SHLQ $6, R12
	LEAQ (R12)(R12*2), R13
	TESTQ BX, BX
	JE    zero
	VMOVUPS (BX), Z0
	JMP   spread

zero:
	VPXORD Z0, Z0, Z0

spread:
	VMOVAPS Z0, Z1
	VMOVAPS Z0, Z2
	VMOVAPS Z0, Z3
	VMOVAPS Z0, Z4
	VMOVAPS Z0, Z5
	VMOVAPS Z0, Z6
	VMOVAPS Z0, Z7
	VMOVAPS Z0, Z8
	VMOVAPS Z0, Z9
	VMOVAPS Z0, Z10
	VMOVAPS Z0, Z11
	VMOVAPS Z0, Z12
	VMOVAPS Z0, Z13
	VMOVAPS Z0, Z14
	VMOVAPS Z0, Z15
	VMOVAPS Z0, Z16
	VMOVAPS Z0, Z17
	VMOVAPS Z0, Z18
	VMOVAPS Z0, Z19
	VMOVAPS Z0, Z20
	VMOVAPS Z0, Z21
	VMOVAPS Z0, Z22
	VMOVAPS Z0, Z23
	VMOVAPS Z0, Z24
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
	VMOVUPS Z5, 0(DX)(R12*1)
	VMOVUPS Z6, 64(DX)(R12*1)
	VMOVUPS Z7, 128(DX)(R12*1)
	VMOVUPS Z8, 192(DX)(R12*1)
	VMOVUPS Z9, 256(DX)(R12*1)
	VMOVUPS Z10, 0(DX)(R12*2)
	VMOVUPS Z11, 64(DX)(R12*2)
	VMOVUPS Z12, 128(DX)(R12*2)
	VMOVUPS Z13, 192(DX)(R12*2)
	VMOVUPS Z14, 256(DX)(R12*2)
	VMOVUPS Z15, 0(DX)(R13*1)
	VMOVUPS Z16, 64(DX)(R13*1)
	VMOVUPS Z17, 128(DX)(R13*1)
	VMOVUPS Z18, 192(DX)(R13*1)
	VMOVUPS Z19, 256(DX)(R13*1)
	LEAQ (DX)(R12*4), DX
	VMOVUPS Z20, 0(DX)
	VMOVUPS Z21, 64(DX)
	VMOVUPS Z22, 128(DX)
	VMOVUPS Z23, 192(DX)
	VMOVUPS Z24, 256(DX)
	VZEROUPPER
	RET
