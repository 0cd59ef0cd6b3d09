//go:build amd64 && gc && !purego

#include "textflag.h"

// SmallGemm16 keeps one zmm accumulator per row of C and broadcasts each
// A element straight from memory into its FMA: a k step loads one row of
// B (masked to the columns in use, which also keeps the loads inside B)
// and does one FMA per row. Rows go in groups of 8 (eight independent FMA
// chains hide the FMA latency), then 4, then 1. The A addresses of a
// group come from SI (its row 0) and R11 (its row 3) plus rsa scaled by 1,
// 2, 4 or 8 (R8) or 6 (2*R9).
//
// Registers: R13 rows left, R12 row 0 of the group in A, SI and R11 A
// pointers moving along k (csa bytes, R10), DX B pointer moving along k
// (rsb bytes, AX), DI C row, BX ldc bytes, CX k counter, K1 column mask,
// Z1 alpha, Z0 the row of B, Z4..Z11 accumulators.

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
TEXT ·SmallGemm16(SB), NOSPLIT, $0-136
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
