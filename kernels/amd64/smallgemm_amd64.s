//go:build amd64 && gc && !purego

#include "textflag.h"

// SmallGemm16 keeps one zmm accumulator per row of C and broadcasts each
// A element straight from memory into its FMA: a k step loads one row of
// B (masked to the columns in use, which also keeps the loads inside B)
// and does one FMA per row. Rows go in groups of 16 (sixteen independent
// FMA chains, twice what hides the FMA latency, and one B load per 16
// FMAs), then 8, 4 and 1. The A addresses of a group come from SI (its row
// 0), R11 (its row 3) and, in groups of 16, R13 (its row 10), plus rsa
// scaled by 1, 2, 4 or 8 (R8) or 3, 6 or 12 (R9).
//
// Registers: R13 rows left (kept in the frame during a group of 16), R12
// row 0 of the group in A, SI, R11 (and R13) A pointers moving along k
// (csa bytes, R10), DX B pointer moving along k (rsb bytes, AX), DI C row,
// BX ldc bytes, CX k counter, K1 column mask, Z1 alpha, Z0 the row of B,
// Z4..Z19 accumulators.

// GROUP_START points SI, R11 at the group's A rows, DX at B and CX at k.
#define GROUP_START \
	MOVQ R12, SI;              \
	LEAQ (R12)(R9*1), R11;     \
	MOVQ b_base+56(FP), DX;    \
	MOVQ k+8(FP), CX

// KSTEP_END moves A and B on by one k step and loops to label.
#define KSTEP_END(label) \
	ADDQ AX, DX;  \
	ADDQ R10, SI; \
	ADDQ R10, R11; \
	DECQ CX;      \
	JNZ  label

// STORE_ROW scales acc by alpha and writes its masked columns to the C
// row at DI, then moves DI to the next row.
#define STORE_ROW(acc) \
	VMULPS  Z1, acc, acc;     \
	VMOVUPS acc, K1, (DI);    \
	ADDQ    BX, DI

// func SmallGemm16(m, k int, a []float32, rsa, csa int, b []float32, rsb int, c []float32, ldc int, alpha float32, mask int)
TEXT ·SmallGemm16(SB), NOSPLIT, $8-136
	MOVQ m+0(FP), R13
	MOVQ a_base+16(FP), R12
	MOVQ rsa+40(FP), R8
	MOVQ csa+48(FP), R10
	MOVQ rsb+80(FP), AX
	MOVQ c_base+88(FP), DI
	MOVQ ldc+112(FP), BX
	VBROADCASTSS alpha+120(FP), Z1
	MOVQ mask+128(FP), DX
	KMOVW DX, K1
	SHLQ $2, R8                // rsa in bytes
	SHLQ $2, R10               // csa in bytes
	SHLQ $2, AX                // rsb in bytes
	SHLQ $2, BX                // ldc in bytes
	LEAQ (R8)(R8*2), R9        // 3*rsa

rows16:
	CMPQ R13, $16
	JLT  rows8
	MOVQ R13, left-8(SP)
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
	GROUP_START
	LEAQ (R11)(R9*2), R13      // row 9
	ADDQ R8, R13               // row 10

loop16:
	VMOVUPS.Z (DX), K1, Z0
	VFMADD231PS.BCST (SI), Z0, Z4
	VFMADD231PS.BCST (SI)(R8*1), Z0, Z5
	VFMADD231PS.BCST (SI)(R8*2), Z0, Z6
	VFMADD231PS.BCST (R11), Z0, Z7
	VFMADD231PS.BCST (SI)(R8*4), Z0, Z8
	VFMADD231PS.BCST (R11)(R8*2), Z0, Z9
	VFMADD231PS.BCST (SI)(R9*2), Z0, Z10
	VFMADD231PS.BCST (R11)(R8*4), Z0, Z11
	VFMADD231PS.BCST (SI)(R8*8), Z0, Z12
	VFMADD231PS.BCST (R11)(R9*2), Z0, Z13
	VFMADD231PS.BCST (R13), Z0, Z14
	VFMADD231PS.BCST (R13)(R8*1), Z0, Z15
	VFMADD231PS.BCST (R13)(R8*2), Z0, Z16
	VFMADD231PS.BCST (R13)(R9*1), Z0, Z17
	VFMADD231PS.BCST (R13)(R8*4), Z0, Z18
	VFMADD231PS.BCST (R11)(R9*4), Z0, Z19
	ADDQ R10, R13
	KSTEP_END(loop16)

	STORE_ROW(Z4)
	STORE_ROW(Z5)
	STORE_ROW(Z6)
	STORE_ROW(Z7)
	STORE_ROW(Z8)
	STORE_ROW(Z9)
	STORE_ROW(Z10)
	STORE_ROW(Z11)
	STORE_ROW(Z12)
	STORE_ROW(Z13)
	STORE_ROW(Z14)
	STORE_ROW(Z15)
	STORE_ROW(Z16)
	STORE_ROW(Z17)
	STORE_ROW(Z18)
	STORE_ROW(Z19)
	MOVQ left-8(SP), R13
	LEAQ (R12)(R8*8), R12
	LEAQ (R12)(R8*8), R12
	SUBQ $16, R13
	JMP  rows16

rows8:
	CMPQ R13, $8
	JLT  rows4
	VPXORD Z4, Z4, Z4
	VPXORD Z5, Z5, Z5
	VPXORD Z6, Z6, Z6
	VPXORD Z7, Z7, Z7
	VPXORD Z8, Z8, Z8
	VPXORD Z9, Z9, Z9
	VPXORD Z10, Z10, Z10
	VPXORD Z11, Z11, Z11
	GROUP_START

loop8:
	VMOVUPS.Z (DX), K1, Z0
	VFMADD231PS.BCST (SI), Z0, Z4
	VFMADD231PS.BCST (SI)(R8*1), Z0, Z5
	VFMADD231PS.BCST (SI)(R8*2), Z0, Z6
	VFMADD231PS.BCST (R11), Z0, Z7
	VFMADD231PS.BCST (SI)(R8*4), Z0, Z8
	VFMADD231PS.BCST (R11)(R8*2), Z0, Z9
	VFMADD231PS.BCST (SI)(R9*2), Z0, Z10
	VFMADD231PS.BCST (R11)(R8*4), Z0, Z11
	KSTEP_END(loop8)

	STORE_ROW(Z4)
	STORE_ROW(Z5)
	STORE_ROW(Z6)
	STORE_ROW(Z7)
	STORE_ROW(Z8)
	STORE_ROW(Z9)
	STORE_ROW(Z10)
	STORE_ROW(Z11)
	LEAQ (R12)(R8*8), R12
	SUBQ $8, R13
	JMP  rows8

rows4:
	CMPQ R13, $4
	JLT  rows1
	VPXORD Z4, Z4, Z4
	VPXORD Z5, Z5, Z5
	VPXORD Z6, Z6, Z6
	VPXORD Z7, Z7, Z7
	GROUP_START

loop4:
	VMOVUPS.Z (DX), K1, Z0
	VFMADD231PS.BCST (SI), Z0, Z4
	VFMADD231PS.BCST (SI)(R8*1), Z0, Z5
	VFMADD231PS.BCST (SI)(R8*2), Z0, Z6
	VFMADD231PS.BCST (R11), Z0, Z7
	KSTEP_END(loop4)

	STORE_ROW(Z4)
	STORE_ROW(Z5)
	STORE_ROW(Z6)
	STORE_ROW(Z7)
	LEAQ (R12)(R8*4), R12
	SUBQ $4, R13

rows1:
	TESTQ R13, R13
	JZ    done
	VPXORD Z4, Z4, Z4
	GROUP_START

loop1:
	VMOVUPS.Z (DX), K1, Z0
	VFMADD231PS.BCST (SI), Z0, Z4
	KSTEP_END(loop1)

	STORE_ROW(Z4)
	ADDQ R8, R12
	DECQ R13
	JMP  rows1

done:
	VZEROUPPER
	RET
