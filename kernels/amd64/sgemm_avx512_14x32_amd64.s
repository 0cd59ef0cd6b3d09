//go:build amd64 && gc && !purego

#include "textflag.h"
#include "sgemm_avx512_amd64.h"

// The 14 x 32 tile of C lives in Z4..Z31 (row i in Z(4+2i), Z(5+2i)). Per k
// step: two 16-wide loads of packed B (Z0, Z1), fourteen broadcasts of
// packed A (alternating Z2, Z3) and 28 independent FMAs: all 32 zmm
// registers are in use. Explicit broadcasts rather than embedded ones keep
// the loads at 16 per 28 FMAs, within two loads per cycle.

// KPAIR does rows r and r+1 of one k step, A at aoff(SI).
#define KPAIR(aoff, acc0, acc1, acc2, acc3) \
	KPAIRAT(aoff(SI), aoff+4(SI), acc0, acc1, acc2, acc3)

// KSTEP does one k step with A at aoff(SI) and B at boff(DX).
#define KSTEP(aoff, boff) \
	VMOVUPS boff(DX), Z0;    \
	VMOVUPS boff+64(DX), Z1; \
	KPAIR(aoff+0, Z4, Z5, Z6, Z7);  \
	KPAIR(aoff+8, Z8, Z9, Z10, Z11);  \
	KPAIR(aoff+16, Z12, Z13, Z14, Z15);  \
	KPAIR(aoff+24, Z16, Z17, Z18, Z19);  \
	KPAIR(aoff+32, Z20, Z21, Z22, Z23);  \
	KPAIR(aoff+40, Z24, Z25, Z26, Z27);  \
	KPAIR(aoff+48, Z28, Z29, Z30, Z31)

// ZERO_ACC clears the 28 accumulators Z4..Z31.
#define ZERO_ACC \
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
	VPXORD Z19, Z19, Z19; \
	VPXORD Z20, Z20, Z20; \
	VPXORD Z21, Z21, Z21; \
	VPXORD Z22, Z22, Z22; \
	VPXORD Z23, Z23, Z23; \
	VPXORD Z24, Z24, Z24; \
	VPXORD Z25, Z25, Z25; \
	VPXORD Z26, Z26, Z26; \
	VPXORD Z27, Z27, Z27; \
	VPXORD Z28, Z28, Z28; \
	VPXORD Z29, Z29, Z29; \
	VPXORD Z30, Z30, Z30; \
	VPXORD Z31, Z31, Z31

// PREFETCH_ROW asks for the 128 bytes of C at (R10); PREFETCH_NEXT_ROW
// first moves R10 on by ldc (R8).
#define PREFETCH_ROW \
	PREFETCHT0 (R10);    \
	PREFETCHT0 64(R10);  \
	PREFETCHT0 127(R10)

#define PREFETCH_NEXT_ROW \
	ADDQ R8, R10; \
	PREFETCH_ROW

// PREFETCH_C asks for the 14 rows of the C tile at DI, ldc bytes (R8)
// apart.
#define PREFETCH_C \
	MOVQ DI, R10; \
	PREFETCH_ROW; \
	PREFETCH_NEXT_ROW; \
	PREFETCH_NEXT_ROW; \
	PREFETCH_NEXT_ROW; \
	PREFETCH_NEXT_ROW; \
	PREFETCH_NEXT_ROW; \
	PREFETCH_NEXT_ROW; \
	PREFETCH_NEXT_ROW; \
	PREFETCH_NEXT_ROW; \
	PREFETCH_NEXT_ROW; \
	PREFETCH_NEXT_ROW; \
	PREFETCH_NEXT_ROW; \
	PREFETCH_NEXT_ROW; \
	PREFETCH_NEXT_ROW

// KGROUP does 4 k steps (A at SI, B at DX, both moved on) and prefetches
// one line at R11 into L2 (moving on).
#define KGROUP \
	KSTEP(0, 0);      \
	PREFETCHT1 (R11); \
	KSTEP(56, 128);   \
	KSTEP(112, 256);  \
	KSTEP(168, 384);  \
	ADDQ $224, SI;    \
	ADDQ $512, DX;    \
	ADDQ $64, R11

// STORE_ROWS(ROW) stores all 14 rows, ldc bytes (R8) apart, with ROW
// (STORE_ROW_BETA or STORE_ROW_NOBETA), leaving DI at the last row.
#define STORE_ROWS(ROW) \
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
	ADDQ R8, DI; \
	ROW(Z20, Z21); \
	ADDQ R8, DI; \
	ROW(Z22, Z23); \
	ADDQ R8, DI; \
	ROW(Z24, Z25); \
	ADDQ R8, DI; \
	ROW(Z26, Z27); \
	ADDQ R8, DI; \
	ROW(Z28, Z29); \
	ADDQ R8, DI; \
	ROW(Z30, Z31)

// STORE_C(ROW) is STORE_ROWS, then returns.
#define STORE_C(ROW) \
	STORE_ROWS(ROW); \
	VZEROUPPER;      \
	RET

// LATE is how many groups of 4 k steps before the end the C tile is asked
// for again: the prefetch at the start brings it into L1 early, but the
// A and B slivers streaming through L1 (92 KiB at kc = 512) evict it
// (what the second request gains: bench/TUNING.md, prefetch).
#define LATE 8

// func Sgemm14x32(k int, a, b, c []float32, ldc int, alpha, beta float32, next *float32)
//
// Every group of 4 k steps also asks for one 64-byte line at next (moving
// on), into L2: the caller points it at the part of the next B sliver that
// this call should bring in, so that the sliver is there when its turn
// comes instead of arriving from L3 one miss at a time.
TEXT ·Sgemm14x32(SB), NOSPLIT, $0-104
	MOVQ k+0(FP), CX
	MOVQ a_base+8(FP), SI
	MOVQ b_base+32(FP), DX
	MOVQ c_base+56(FP), DI
	MOVQ ldc+80(FP), R8
	MOVQ next+96(FP), R11
	SHLQ $2, R8                // ldc in bytes

	// Ask for the C rows now; they are needed only after the k loop.
	PREFETCH_C

	ZERO_ACC

	MOVQ  CX, BX
	SHRQ  $2, BX               // BX: groups of 4 k steps
	ANDQ  $3, CX               // CX: remaining steps
	XORQ  R12, R12             // R12: groups before the late C prefetch
	CMPQ  BX, $LATE
	JLE   cnow
	LEAQ  -LATE(BX), R12
	MOVQ  $LATE, BX

loopA:
	KGROUP
	DECQ R12
	JNZ  loopA

cnow:
	PREFETCH_C
	TESTQ BX, BX
	JZ    tail

loop4:
	KGROUP
	DECQ BX
	JNZ  loop4

tail:
	TESTQ CX, CX
	JZ    store

loop1:
	KSTEP(0, 0)
	ADDQ $56, SI
	ADDQ $128, DX
	DECQ CX
	JNZ  loop1

store:
	VBROADCASTSS alpha+88(FP), Z0
	VBROADCASTSS beta+92(FP), Z1

	// beta == 0 (+0 or -0): overwrite C without reading it, so that NaNs
	// there do not leak into the result.
	MOVL beta+92(FP), AX
	ANDL $0x7fffffff, AX
	JZ   nobeta

	STORE_C(STORE_ROW_BETA)

nobeta:
	STORE_C(STORE_ROW_NOBETA)

// SKSTEP is one k step of the strided kernels: B at DX (moved on by AX),
// the 14 A elements from the row bases SI, R11, R12, R13 (moved on by R10)
// and rsa in R8 and 3*rsa in R9 (see Sgemm14x32Strided).
#define SKSTEP \
	VMOVUPS (DX), Z0;                                            \
	VMOVUPS 64(DX), Z1;                                          \
	KPAIRAT((SI), (SI)(R8*1), Z4, Z5, Z6, Z7);                   \
	KPAIRAT((SI)(R8*2), (R11), Z8, Z9, Z10, Z11);                \
	KPAIRAT((SI)(R8*4), (R11)(R8*2), Z12, Z13, Z14, Z15);        \
	KPAIRAT((R12), (R11)(R8*4), Z16, Z17, Z18, Z19);             \
	KPAIRAT((SI)(R8*8), (R13), Z20, Z21, Z22, Z23);              \
	KPAIRAT((R12)(R8*4), (R11)(R8*8), Z24, Z25, Z26, Z27);       \
	KPAIRAT((R12)(R9*2), (R13)(R8*4), Z28, Z29, Z30, Z31);       \
	ADDQ AX, DX;                                                 \
	ADDQ R10, SI;                                                \
	ADDQ R10, R11;                                               \
	ADDQ R10, R12;                                               \
	ADDQ R10, R13

// SROWBASES sets R9 = 3*rsa and the row bases R11, R12, R13 (rows 3, 6,
// 9) from SI (row 0) and R8 (rsa in bytes).
#define SROWBASES \
	LEAQ (R8)(R8*2), R9;   \
	LEAQ (SI)(R9*1), R11;  \
	LEAQ (R11)(R9*1), R12; \
	LEAQ (R12)(R9*1), R13

// func Sgemm14x32Strided(k int, a []float32, rsa, csa int, b []float32, rsb int, c []float32, ldc int, alpha, beta float32)
//
// Element (i, p) of A is a[i*rsa+p*csa] and element (p, j) of B is
// b[p*rsb+j]: A and B are read in place, unpacked. The 14 row addresses of
// A come from four base registers (rows 0, 3, 6 and 9) plus rsa scaled by
// 1, 2, 4 or 8 (R8) or 6 (2*R9), so a k step costs five pointer additions.
TEXT ·Sgemm14x32Strided(SB), NOSPLIT, $0-120
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
	SROWBASES

	ZERO_ACC

sloop:
	SKSTEP
	DECQ CX
	JNZ  sloop

	MOVQ ldc+104(FP), R8
	SHLQ $2, R8
	VBROADCASTSS alpha+112(FP), Z0
	VBROADCASTSS beta+116(FP), Z1
	MOVL beta+116(FP), AX
	ANDL $0x7fffffff, AX
	JZ   snobeta

	STORE_C(STORE_ROW_BETA)

snobeta:
	STORE_C(STORE_ROW_NOBETA)

// func Sgemm14x32Panel(k, tiles int, a []float32, rsa, csa, ats int, b []float32, rsb int, c []float32, ldc int, alpha, beta float32, bias []float32)
//
// Sgemm14x32Strided on tiles tiles stacked down C, tile t's A at a+t*ats,
// its C 14*t rows down, all on the same B: one call instead of one per
// tile. A non-empty bias (32 floats) is added to every row as it is
// stored. BX, R14 and R15 hold the current tile's A and C and the tiles
// left; the strided kernel's registers are set up again for each tile.
TEXT ·Sgemm14x32Panel(SB), NOSPLIT, $0-160
	MOVQ a_base+16(FP), BX
	MOVQ c_base+96(FP), R14
	MOVQ tiles+8(FP), R15
	MOVQ csa+48(FP), R10
	SHLQ $2, R10               // csa in bytes

ptile:
	MOVQ k+0(FP), CX
	MOVQ BX, SI
	MOVQ rsa+40(FP), R8
	SHLQ $2, R8                // rsa in bytes
	MOVQ b_base+64(FP), DX
	MOVQ rsb+88(FP), AX
	SHLQ $2, AX                // rsb in bytes
	SROWBASES

	ZERO_ACC

ploop:
	SKSTEP
	DECQ CX
	JNZ  ploop

	MOVQ R14, DI
	MOVQ ldc+120(FP), R8
	SHLQ $2, R8                // ldc in bytes
	VBROADCASTSS alpha+128(FP), Z0
	VBROADCASTSS beta+132(FP), Z1
	MOVQ bias_len+144(FP), AX
	TESTQ AX, AX
	JNZ  pbias
	MOVL beta+132(FP), AX
	ANDL $0x7fffffff, AX
	JZ   pnobeta

	STORE_ROWS(STORE_ROW_BETA)
	JMP  pnext

pnobeta:
	STORE_ROWS(STORE_ROW_NOBETA)
	JMP  pnext

pbias:
	MOVQ    bias_base+136(FP), AX
	VMOVUPS (AX), Z2
	VMOVUPS 64(AX), Z3
	MOVL    beta+132(FP), AX
	ANDL    $0x7fffffff, AX
	JZ      pnobetabias

	STORE_ROWS(STORE_ROW_BETA_BIAS)
	JMP  pnext

pnobetabias:
	STORE_ROWS(STORE_ROW_NOBETA_BIAS)

pnext:
	IMULQ $14, R8
	ADDQ  R8, R14              // C 14 rows down
	MOVQ  ats+56(FP), AX
	SHLQ  $2, AX
	ADDQ  AX, BX               // the next tile's A
	DECQ  R15
	JNZ   ptile
	VZEROUPPER
	RET
