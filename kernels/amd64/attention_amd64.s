//go:build amd64 && gc && !purego

#include "textflag.h"
#include "avx512_amd64.h"
#include "exp_amd64.h"
#include "softmax16_amd64.h"

// One attention head of 16 tokens and 16 features, every operand a 16x16
// block: a row is one zmm register. A product C = op(A)·B holds the 16
// rows of B in Z0..Z15 (B transposed in registers where the product reads
// it transposed) and the 16 rows of C in Z16..Z31, and broadcasts each
// element of A from memory into its FMA, p in increasing order: the
// arithmetic of SmallGemm16, so each product gives its bits.
//
// A block whose rows are R8 bytes apart is addressed from SI (row 0), R11
// (row 3) and R13 (row 10), plus R8 (ld) or R9 (3·ld) scaled by 1, 2, 4
// or 8, as SmallGemm16 does.

// ROWS(r) points SI at the block at r (rows R8 bytes apart), R11 at its
// row 3 and R13 at its row 10, and sets R9 = 3·R8.
#define ROWS(r) \
	MOVQ r, SI;                \
	LEAQ (R8)(R8*2), R9;       \
	LEAQ (SI)(R9*1), R11;      \
	LEAQ (R11)(R9*2), R13;     \
	ADDQ R8, R13

// ROWOP(op, off, z0, ..., z15) applies op to row i of the block at SI
// (ROWS), at byte offset off within the row, and register zi.
#define ROWOP(op, off, z0, z1, z2, z3, z4, z5, z6, z7, z8, z9, z10, z11, z12, z13, z14, z15) \
	op off(SI), z0;          \
	op off(SI)(R8*1), z1;    \
	op off(SI)(R8*2), z2;    \
	op off(R11), z3;         \
	op off(SI)(R8*4), z4;    \
	op off(R11)(R8*2), z5;   \
	op off(SI)(R9*2), z6;    \
	op off(R11)(R8*4), z7;   \
	op off(SI)(R8*8), z8;    \
	op off(R11)(R9*2), z9;   \
	op off(R13), z10;        \
	op off(R13)(R8*1), z11;  \
	op off(R13)(R8*2), z12;  \
	op off(R13)(R9*1), z13;  \
	op off(R13)(R8*4), z14;  \
	op off(R11)(R9*4), z15

// NEXTHEAD prefetches the 16 rows of the block 64 bytes to the right of
// the one at SI (ROWS): the same rows of the next head, which is what the
// next call reads when heads run in order.
#define NEXTHEAD \
	PREFETCHT0 64(SI);          \
	PREFETCHT0 64(SI)(R8*1);    \
	PREFETCHT0 64(SI)(R8*2);    \
	PREFETCHT0 64(R11);         \
	PREFETCHT0 64(SI)(R8*4);    \
	PREFETCHT0 64(R11)(R8*2);   \
	PREFETCHT0 64(SI)(R9*2);    \
	PREFETCHT0 64(R11)(R8*4);   \
	PREFETCHT0 64(SI)(R8*8);    \
	PREFETCHT0 64(R11)(R9*2);   \
	PREFETCHT0 64(R13);         \
	PREFETCHT0 64(R13)(R8*1);   \
	PREFETCHT0 64(R13)(R8*2);   \
	PREFETCHT0 64(R13)(R9*1);   \
	PREFETCHT0 64(R13)(R8*4);   \
	PREFETCHT0 64(R11)(R9*4)

// LOADB loads the 16 rows of the block at SI into Z0..Z15.
#define LOADB ROWOP(VMOVUPS, 0, Z0, Z1, Z2, Z3, Z4, Z5, Z6, Z7, Z8, Z9, Z10, Z11, Z12, Z13, Z14, Z15)

// STOREC stores Z16..Z31 into the 16 rows of the block at SI.
#define STOREC \
	VMOVUPS Z16, (SI);         \
	VMOVUPS Z17, (SI)(R8*1);   \
	VMOVUPS Z18, (SI)(R8*2);   \
	VMOVUPS Z19, (R11);        \
	VMOVUPS Z20, (SI)(R8*4);   \
	VMOVUPS Z21, (R11)(R8*2);  \
	VMOVUPS Z22, (SI)(R9*2);   \
	VMOVUPS Z23, (R11)(R8*4);  \
	VMOVUPS Z24, (SI)(R8*8);   \
	VMOVUPS Z25, (R11)(R9*2);  \
	VMOVUPS Z26, (R13);        \
	VMOVUPS Z27, (R13)(R8*1);  \
	VMOVUPS Z28, (R13)(R8*2);  \
	VMOVUPS Z29, (R13)(R9*1);  \
	VMOVUPS Z30, (R13)(R8*4);  \
	VMOVUPS Z31, (R11)(R9*4)

// ZEROC clears the accumulators Z16..Z31.
#define ZEROC \
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

// SCALEC multiplies Z16..Z31 by z.
#define SCALEC(z) \
	VMULPS z, Z16, Z16; \
	VMULPS z, Z17, Z17; \
	VMULPS z, Z18, Z18; \
	VMULPS z, Z19, Z19; \
	VMULPS z, Z20, Z20; \
	VMULPS z, Z21, Z21; \
	VMULPS z, Z22, Z22; \
	VMULPS z, Z23, Z23; \
	VMULPS z, Z24, Z24; \
	VMULPS z, Z25, Z25; \
	VMULPS z, Z26, Z26; \
	VMULPS z, Z27, Z27; \
	VMULPS z, Z28, Z28; \
	VMULPS z, Z29, Z29; \
	VMULPS z, Z30, Z30; \
	VMULPS z, Z31, Z31

// FMA_A(addr, b, c) sets c += A's element at addr (broadcast) · b.
#define FMA_A(addr, b, c) VFMADD231PS.BCST addr, b, c

// GEMM_N is C = A·B for A at SI with rows R8 bytes apart (ROWS) and B in
// Z0..Z15.
#define GEMM_N \
	ZEROC;            \
	GEMM_NSTEP(Z0, 0);   \
	GEMM_NSTEP(Z1, 4);   \
	GEMM_NSTEP(Z2, 8);   \
	GEMM_NSTEP(Z3, 12);  \
	GEMM_NSTEP(Z4, 16);  \
	GEMM_NSTEP(Z5, 20);  \
	GEMM_NSTEP(Z6, 24);  \
	GEMM_NSTEP(Z7, 28);  \
	GEMM_NSTEP(Z8, 32);  \
	GEMM_NSTEP(Z9, 36);  \
	GEMM_NSTEP(Z10, 40); \
	GEMM_NSTEP(Z11, 44); \
	GEMM_NSTEP(Z12, 48); \
	GEMM_NSTEP(Z13, 52); \
	GEMM_NSTEP(Z14, 56); \
	GEMM_NSTEP(Z15, 60)

// GEMM_NSTEP(b, off): the 16 FMAs of step p (off = 4p) of GEMM_N.
#define GEMM_NSTEP(b, off) \
	FMA_A(off(SI), b, Z16);         \
	FMA_A(off(SI)(R8*1), b, Z17);   \
	FMA_A(off(SI)(R8*2), b, Z18);   \
	FMA_A(off(R11), b, Z19);        \
	FMA_A(off(SI)(R8*4), b, Z20);   \
	FMA_A(off(R11)(R8*2), b, Z21);  \
	FMA_A(off(SI)(R9*2), b, Z22);   \
	FMA_A(off(R11)(R8*4), b, Z23);  \
	FMA_A(off(SI)(R8*8), b, Z24);   \
	FMA_A(off(R11)(R9*2), b, Z25);  \
	FMA_A(off(R13), b, Z26);        \
	FMA_A(off(R13)(R8*1), b, Z27);  \
	FMA_A(off(R13)(R8*2), b, Z28);  \
	FMA_A(off(R13)(R9*1), b, Z29);  \
	FMA_A(off(R13)(R8*4), b, Z30);  \
	FMA_A(off(R11)(R9*4), b, Z31)

// GEMM_TSTEP(b) is step p of C = Aᵀ·B for A a contiguous 16x16 tile at
// SI: Aᵀ's column p is A's row p, the 16 floats at SI, which then moves on
// to row p+1.
#define GEMM_TSTEP(b) \
	FMA_A(0(SI), b, Z16);   \
	FMA_A(4(SI), b, Z17);   \
	FMA_A(8(SI), b, Z18);   \
	FMA_A(12(SI), b, Z19);  \
	FMA_A(16(SI), b, Z20);  \
	FMA_A(20(SI), b, Z21);  \
	FMA_A(24(SI), b, Z22);  \
	FMA_A(28(SI), b, Z23);  \
	FMA_A(32(SI), b, Z24);  \
	FMA_A(36(SI), b, Z25);  \
	FMA_A(40(SI), b, Z26);  \
	FMA_A(44(SI), b, Z27);  \
	FMA_A(48(SI), b, Z28);  \
	FMA_A(52(SI), b, Z29);  \
	FMA_A(56(SI), b, Z30);  \
	FMA_A(60(SI), b, Z31);  \
	ADDQ  $64, SI

// GEMM_T is C = Aᵀ·B for A the contiguous 16x16 tile at SI and B in
// Z0..Z15.
#define GEMM_T \
	ZEROC;            \
	GEMM_TSTEP(Z0);   \
	GEMM_TSTEP(Z1);   \
	GEMM_TSTEP(Z2);   \
	GEMM_TSTEP(Z3);   \
	GEMM_TSTEP(Z4);   \
	GEMM_TSTEP(Z5);   \
	GEMM_TSTEP(Z6);   \
	GEMM_TSTEP(Z7);   \
	GEMM_TSTEP(Z8);   \
	GEMM_TSTEP(Z9);   \
	GEMM_TSTEP(Z10);  \
	GEMM_TSTEP(Z11);  \
	GEMM_TSTEP(Z12);  \
	GEMM_TSTEP(Z13);  \
	GEMM_TSTEP(Z14);  \
	GEMM_TSTEP(Z15)

// UNPACK(lo, hi, a, b, c, d) sets c = lo(a, b) and d = hi(a, b): the
// interleaves of TRANSPOSE's first two stages.
#define UNPACK(lo, hi, a, b, c, d) \
	lo b, a, c; \
	hi b, a, d

// SHUF(imm1, imm2, a, b, c, d) sets c = VSHUFF32X4(imm1) and d =
// VSHUFF32X4(imm2) of a (lanes 0, 1) and b (lanes 2, 3).
#define SHUF(imm1, imm2, a, b, c, d) \
	VSHUFF32X4 imm1, b, a, c; \
	VSHUFF32X4 imm2, b, a, d

// TRANSPOSE transposes the 16x16 block in Z0..Z15 (row i in Zi) through
// Z16..Z31: 32-bit then 64-bit interleaves give, in register 4m+c, column
// 4L+c of rows 4m..4m+3 in 128-bit lane L; two rounds of 128-bit lane
// shuffles then gather lane m of those into row 4L+c of the result.
#define TRANSPOSE \
	UNPACK(VUNPCKLPS, VUNPCKHPS, Z0, Z1, Z16, Z17);   \
	UNPACK(VUNPCKLPS, VUNPCKHPS, Z2, Z3, Z18, Z19);   \
	UNPACK(VUNPCKLPS, VUNPCKHPS, Z4, Z5, Z20, Z21);   \
	UNPACK(VUNPCKLPS, VUNPCKHPS, Z6, Z7, Z22, Z23);   \
	UNPACK(VUNPCKLPS, VUNPCKHPS, Z8, Z9, Z24, Z25);   \
	UNPACK(VUNPCKLPS, VUNPCKHPS, Z10, Z11, Z26, Z27); \
	UNPACK(VUNPCKLPS, VUNPCKHPS, Z12, Z13, Z28, Z29); \
	UNPACK(VUNPCKLPS, VUNPCKHPS, Z14, Z15, Z30, Z31); \
	UNPACK(VUNPCKLPD, VUNPCKHPD, Z16, Z18, Z0, Z1);   \
	UNPACK(VUNPCKLPD, VUNPCKHPD, Z17, Z19, Z2, Z3);   \
	UNPACK(VUNPCKLPD, VUNPCKHPD, Z20, Z22, Z4, Z5);   \
	UNPACK(VUNPCKLPD, VUNPCKHPD, Z21, Z23, Z6, Z7);   \
	UNPACK(VUNPCKLPD, VUNPCKHPD, Z24, Z26, Z8, Z9);   \
	UNPACK(VUNPCKLPD, VUNPCKHPD, Z25, Z27, Z10, Z11); \
	UNPACK(VUNPCKLPD, VUNPCKHPD, Z28, Z30, Z12, Z13); \
	UNPACK(VUNPCKLPD, VUNPCKHPD, Z29, Z31, Z14, Z15); \
	SHUF($0x44, $0xee, Z0, Z4, Z16, Z17);             \
	SHUF($0x44, $0xee, Z8, Z12, Z18, Z19);            \
	SHUF($0x44, $0xee, Z1, Z5, Z20, Z21);             \
	SHUF($0x44, $0xee, Z9, Z13, Z22, Z23);            \
	SHUF($0x44, $0xee, Z2, Z6, Z24, Z25);             \
	SHUF($0x44, $0xee, Z10, Z14, Z26, Z27);           \
	SHUF($0x44, $0xee, Z3, Z7, Z28, Z29);             \
	SHUF($0x44, $0xee, Z11, Z15, Z30, Z31);           \
	SHUF($0x88, $0xdd, Z16, Z18, Z0, Z4);             \
	SHUF($0x88, $0xdd, Z17, Z19, Z8, Z12);            \
	SHUF($0x88, $0xdd, Z20, Z22, Z1, Z5);             \
	SHUF($0x88, $0xdd, Z21, Z23, Z9, Z13);            \
	SHUF($0x88, $0xdd, Z24, Z26, Z2, Z6);             \
	SHUF($0x88, $0xdd, Z25, Z27, Z10, Z14);           \
	SHUF($0x88, $0xdd, Z28, Z30, Z3, Z7);             \
	SHUF($0x88, $0xdd, Z29, Z31, Z11, Z15)

// TREE(op, d, a0..a15) sets d0..d7 = op of a_j and a_(j+8), then
// folds them 4, 2 and 1 apart into d0: in every lane the order in which
// HREDUCE combines a row's 16 lanes, so a column of registers reduces
// exactly as a row would.
#define TREE(op, d0, d1, d2, d3, d4, d5, d6, d7, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15) \
	op a8, a0, d0;   \
	op a9, a1, d1;   \
	op a10, a2, d2;  \
	op a11, a3, d3;  \
	op a12, a4, d4;  \
	op a13, a5, d5;  \
	op a14, a6, d6;  \
	op a15, a7, d7;  \
	op d4, d0, d0;   \
	op d5, d1, d1;   \
	op d6, d2, d2;   \
	op d7, d3, d3;   \
	op d2, d0, d0;   \
	op d3, d1, d1;   \
	op d1, d0, d0

// DSROW(dp, off) turns the row dp of dP into the row of dS, p ⊙ (dp -
// Σ dp·p) with p the row at byte offset off of the tile at DX
// (SoftmaxTileBackward16's steps), and stores it at off in the tile at DI.
#define DSROW(dp, off) \
	VMOVUPS  off(DX), Z0;         \
	VMULPS   dp, Z0, Z1;          \
	HREDUCE(VADDPS, Z1, Z2, Z3);  \
	VSUBPS   Z3, dp, dp;          \
	VMULPS   dp, Z0, dp;          \
	VMOVUPS  dp, off(DI)

// func AttentionForward16(out []float32, ldo int, probs, q, k, v []float32, ld int, scale float32)
//
// The scores are computed transposed, Sᵀ = scale·K·Qᵀ, so that register j
// holds column j of S: the softmax's maximum and sum over a row are then
// elementwise over registers, in HREDUCE's order, and one division serves
// all 16 rows. P is transposed back and stored, then O = P·V.
TEXT ·AttentionForward16(SB), NOSPLIT, $0-140
	// Sᵀ = scale·K·Qᵀ: column j of S in Z(16+j).
	MOVQ ld+128(FP), R8
	SHLQ $2, R8
	ROWS(q_base+56(FP))
	LOADB
	NEXTHEAD
	TRANSPOSE
	ROWS(k_base+80(FP))
	NEXTHEAD
	GEMM_N
	VBROADCASTSS scale+136(FP), Z0
	SCALEC(Z0)

	// The row maxima m (Z0), then the columns of S - m in Z0..Z15.
	TREE(VMAXPS, Z0, Z1, Z2, Z3, Z4, Z5, Z6, Z7, Z16, Z17, Z18, Z19, Z20, Z21, Z22, Z23, Z24, Z25, Z26, Z27, Z28, Z29, Z30, Z31)
	VSUBPS Z0, Z17, Z1
	VSUBPS Z0, Z18, Z2
	VSUBPS Z0, Z19, Z3
	VSUBPS Z0, Z20, Z4
	VSUBPS Z0, Z21, Z5
	VSUBPS Z0, Z22, Z6
	VSUBPS Z0, Z23, Z7
	VSUBPS Z0, Z24, Z8
	VSUBPS Z0, Z25, Z9
	VSUBPS Z0, Z26, Z10
	VSUBPS Z0, Z27, Z11
	VSUBPS Z0, Z28, Z12
	VSUBPS Z0, Z29, Z13
	VSUBPS Z0, Z30, Z14
	VSUBPS Z0, Z31, Z15
	VSUBPS Z0, Z16, Z0

	// e = exp(S - m), the row sums, and P = e·(1/sum), column by column.
	SOFTC_LOAD
	EXP16(Z0, Z29, Z30, Z31)
	EXP16(Z1, Z29, Z30, Z31)
	EXP16(Z2, Z29, Z30, Z31)
	EXP16(Z3, Z29, Z30, Z31)
	EXP16(Z4, Z29, Z30, Z31)
	EXP16(Z5, Z29, Z30, Z31)
	EXP16(Z6, Z29, Z30, Z31)
	EXP16(Z7, Z29, Z30, Z31)
	EXP16(Z8, Z29, Z30, Z31)
	EXP16(Z9, Z29, Z30, Z31)
	EXP16(Z10, Z29, Z30, Z31)
	EXP16(Z11, Z29, Z30, Z31)
	EXP16(Z12, Z29, Z30, Z31)
	EXP16(Z13, Z29, Z30, Z31)
	EXP16(Z14, Z29, Z30, Z31)
	EXP16(Z15, Z29, Z30, Z31)
	TREE(VADDPS, Z16, Z17, Z18, Z19, Z20, Z21, Z22, Z23, Z0, Z1, Z2, Z3, Z4, Z5, Z6, Z7, Z8, Z9, Z10, Z11, Z12, Z13, Z14, Z15)
	VDIVPS Z16, Z27, Z16
	VMULPS Z16, Z0, Z0
	VMULPS Z16, Z1, Z1
	VMULPS Z16, Z2, Z2
	VMULPS Z16, Z3, Z3
	VMULPS Z16, Z4, Z4
	VMULPS Z16, Z5, Z5
	VMULPS Z16, Z6, Z6
	VMULPS Z16, Z7, Z7
	VMULPS Z16, Z8, Z8
	VMULPS Z16, Z9, Z9
	VMULPS Z16, Z10, Z10
	VMULPS Z16, Z11, Z11
	VMULPS Z16, Z12, Z12
	VMULPS Z16, Z13, Z13
	VMULPS Z16, Z14, Z14
	VMULPS Z16, Z15, Z15

	// P, row by row, into probs.
	TRANSPOSE
	MOVQ probs_base+32(FP), DI
	VMOVUPS Z0, 0(DI)
	VMOVUPS Z1, 64(DI)
	VMOVUPS Z2, 128(DI)
	VMOVUPS Z3, 192(DI)
	VMOVUPS Z4, 256(DI)
	VMOVUPS Z5, 320(DI)
	VMOVUPS Z6, 384(DI)
	VMOVUPS Z7, 448(DI)
	VMOVUPS Z8, 512(DI)
	VMOVUPS Z9, 576(DI)
	VMOVUPS Z10, 640(DI)
	VMOVUPS Z11, 704(DI)
	VMOVUPS Z12, 768(DI)
	VMOVUPS Z13, 832(DI)
	VMOVUPS Z14, 896(DI)
	VMOVUPS Z15, 960(DI)

	// O = P·V into out.
	MOVQ ld+128(FP), R8
	SHLQ $2, R8
	ROWS(v_base+104(FP))
	LOADB
	NEXTHEAD
	MOVQ $64, R8
	ROWS(DI)
	GEMM_N
	MOVQ ldo+24(FP), R8
	SHLQ $2, R8
	ROWS(out_base+0(FP))
	STOREC
	VZEROUPPER
	RET

// func AttentionBackward16(dq, dk, dv, dprobs, dout []float32, ldo int, q, k, v, probs []float32, ld int, scale float32)
TEXT ·AttentionBackward16(SB), NOSPLIT, $0-236
	// dP = G·Vᵀ, turned row by row into dS in dprobs.
	MOVQ ld+224(FP), R8
	SHLQ $2, R8
	ROWS(v_base+176(FP))
	LOADB
	NEXTHEAD
	TRANSPOSE
	MOVQ ldo+120(FP), R8
	SHLQ $2, R8
	ROWS(dout_base+96(FP))
	NEXTHEAD
	GEMM_N
	MOVQ probs_base+200(FP), DX
	MOVQ dprobs_base+72(FP), DI
	DSROW(Z16, 0)
	DSROW(Z17, 64)
	DSROW(Z18, 128)
	DSROW(Z19, 192)
	DSROW(Z20, 256)
	DSROW(Z21, 320)
	DSROW(Z22, 384)
	DSROW(Z23, 448)
	DSROW(Z24, 512)
	DSROW(Z25, 576)
	DSROW(Z26, 640)
	DSROW(Z27, 704)
	DSROW(Z28, 768)
	DSROW(Z29, 832)
	DSROW(Z30, 896)
	DSROW(Z31, 960)

	// dV = Pᵀ·G (G's rows are still ROWS's).
	LOADB
	MOVQ DX, SI
	GEMM_T
	MOVQ ld+224(FP), R8
	SHLQ $2, R8
	ROWS(dv_base+48(FP))
	STOREC

	// dQ = scale·dS·K.
	ROWS(k_base+152(FP))
	LOADB
	NEXTHEAD
	MOVQ $64, R8
	ROWS(DI)
	GEMM_N
	VBROADCASTSS scale+232(FP), Z0
	SCALEC(Z0)
	MOVQ ld+224(FP), R8
	SHLQ $2, R8
	ROWS(dq_base+0(FP))
	STOREC

	// dK = scale·dSᵀ·Q.
	ROWS(q_base+128(FP))
	LOADB
	NEXTHEAD
	MOVQ DI, SI
	GEMM_T
	VBROADCASTSS scale+232(FP), Z0
	SCALEC(Z0)
	ROWS(dk_base+24(FP))
	STOREC
	VZEROUPPER
	RET
