//go:build amd64 && gc && !purego

#include "textflag.h"
#include "sgemm_avx512_amd64.h"

// The 8 x 32 tile of C lives in Z4..Z19 (row i in Z(4+2i), Z(5+2i)). Per k
// step: two 16-wide loads of B (Z0, Z1), eight broadcasts of A (alternating
// Z2, Z3) and 16 independent FMAs, as in the 14 x 32 kernel with its last
// six rows left out.

// ZERO_ACC8 clears the 16 accumulators Z4..Z19.
#define ZERO_ACC8 \
	VPXORD Z4, Z4, Z4; \
	VPXORD Z5, Z5, Z5; \
	VPXORD Z6, Z6, Z6; \
	VPXORD Z7, Z7, Z7; \
	VPXORD Z8, Z8, Z8; \
	VPXORD Z9, Z9, Z9; \
	VPXORD Z10, Z10, Z10; \
	VPXORD Z11, Z11, Z11; \
	VPXORD Z12, Z12, Z12; \
	VPXORD Z13, Z13, Z13; \
	VPXORD Z14, Z14, Z14; \
	VPXORD Z15, Z15, Z15; \
	VPXORD Z16, Z16, Z16; \
	VPXORD Z17, Z17, Z17; \
	VPXORD Z18, Z18, Z18; \
	VPXORD Z19, Z19, Z19

// STORE_C8(ROW) stores all 8 rows, ldc bytes (R8) apart, with ROW
// (STORE_ROW_BETA or STORE_ROW_NOBETA), and returns.
#define STORE_C8(ROW) \
	ROW(Z4, Z5); \
	ADDQ R8, DI; \
	ROW(Z6, Z7); \
	ADDQ R8, DI; \
	ROW(Z8, Z9); \
	ADDQ R8, DI; \
	ROW(Z10, Z11); \
	ADDQ R8, DI; \
	ROW(Z12, Z13); \
	ADDQ R8, DI; \
	ROW(Z14, Z15); \
	ADDQ R8, DI; \
	ROW(Z16, Z17); \
	ADDQ R8, DI; \
	ROW(Z18, Z19); \
	VZEROUPPER; \
	RET

// func Sgemm8x32Strided(k int, a []float32, rsa, csa int, b []float32, rsb int, c []float32, ldc int, alpha, beta float32, bias []float32)
//
// Element (i, p) of A is a[i*rsa+p*csa] and element (p, j) of B is
// b[p*rsb+j]. The 8 row addresses of A come from two base registers (rows
// 0 and 3) plus rsa scaled by 1, 2 or 4 (R8) or 3 (R9), so a k step costs
// three pointer additions.
TEXT ·Sgemm8x32Strided(SB), NOSPLIT, $0-144
	MOVQ k+0(FP), CX
	MOVQ a_base+8(FP), SI
	MOVQ rsa+32(FP), R8
	MOVQ csa+40(FP), R10
	MOVQ b_base+48(FP), DX
	MOVQ rsb+72(FP), AX
	MOVQ c_base+80(FP), DI
	SHLQ $2, R8                // rsa in bytes
	SHLQ $2, R10               // csa in bytes
	SHLQ $2, AX                // rsb in bytes
	LEAQ (R8)(R8*2), R9        // 3*rsa
	LEAQ (SI)(R9*1), R11       // row 3

	ZERO_ACC8

sloop:
	VMOVUPS (DX), Z0
	VMOVUPS 64(DX), Z1
	KPAIRAT((SI), (SI)(R8*1), Z4, Z5, Z6, Z7)
	KPAIRAT((SI)(R8*2), (R11), Z8, Z9, Z10, Z11)
	KPAIRAT((SI)(R8*4), (R11)(R8*2), Z12, Z13, Z14, Z15)
	KPAIRAT((R11)(R9*1), (R11)(R8*4), Z16, Z17, Z18, Z19)
	ADDQ AX, DX
	ADDQ R10, SI
	ADDQ R10, R11
	DECQ CX
	JNZ  sloop

	MOVQ ldc+104(FP), R8
	SHLQ $2, R8
	VBROADCASTSS alpha+112(FP), Z0
	VBROADCASTSS beta+116(FP), Z1
	MOVQ bias_len+128(FP), AX
	TESTQ AX, AX
	JNZ  sbias

	// beta == 0 (+0 or -0): overwrite C without reading it, so that NaNs
	// there do not leak into the result.
	MOVL beta+116(FP), AX
	ANDL $0x7fffffff, AX
	JZ   snobeta

	STORE_C8(STORE_ROW_BETA)

snobeta:
	STORE_C8(STORE_ROW_NOBETA)

sbias:
	MOVQ    bias_base+120(FP), AX
	VMOVUPS (AX), Z2
	VMOVUPS 64(AX), Z3
	MOVL    beta+116(FP), AX
	ANDL    $0x7fffffff, AX
	JZ      snobetabias

	STORE_C8(STORE_ROW_BETA_BIAS)

snobetabias:
	STORE_C8(STORE_ROW_NOBETA_BIAS)
