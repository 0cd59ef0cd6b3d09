//go:build amd64 && gc && !purego

#include "textflag.h"

// One row of the tile is one zmm register. K1 masks the row's cols
// columns (loads and stores stay inside them); K2 masks the entries the
// softmax runs over: all of them, or the first i+1 of row i when causal
// (BX holds K2's bits and grows by one bit per row).

DATA softc<>+0(SB)/4, $0xc2d00000  // -104, exp's lower clamp
DATA softc<>+4(SB)/4, $0x42b20000  // 89, its upper clamp
DATA softc<>+8(SB)/4, $0x3fb8aa3b  // log2(e)
DATA softc<>+12(SB)/4, $0x3f317218 // ln 2, high part
DATA softc<>+16(SB)/4, $0xb102e308 // ln 2, low part
DATA softc<>+20(SB)/4, $0x394f8172 // P5
DATA softc<>+24(SB)/4, $0x3ab6ca30 // P4
DATA softc<>+28(SB)/4, $0x3c08893f // P3
DATA softc<>+32(SB)/4, $0x3d2aaa43 // P2
DATA softc<>+36(SB)/4, $0x3e2aaaaa // P1
DATA softc<>+40(SB)/4, $0x3f000000 // P0 = 0.5
DATA softc<>+44(SB)/4, $0x3f800000 // 1
DATA softc<>+48(SB)/4, $0x0000007f // exponent bias
DATA softc<>+52(SB)/4, $0xff800000 // -Inf
GLOBL softc<>(SB), RODATA|NOPTR, $56

// HREDUCE(op, src, t, dst) sets every lane of dst to the op (VMAXPS or
// VADDPS) of src's 16 lanes, combining lanes 8, 4, 2 and 1 apart in turn
// (t is a temporary; dst may be src).
#define HREDUCE(op, src, t, dst) \
	VSHUFF32X4 $0x4e, src, src, t; \
	op         t, src, dst;        \
	VSHUFF32X4 $0xb1, dst, dst, t; \
	op         t, dst, dst;        \
	VPERMILPS  $0x4e, dst, t;      \
	op         t, dst, dst;        \
	VPERMILPS  $0xb1, dst, t;      \
	op         t, dst, dst

// EXP16(x, t1, t2, t3) replaces x by e^x with the constants in
// Z16..Z28, using t1-t3 as temporaries. The steps are those of
// exp_amd64.h's EXP (and so of kernels' exp32): clamp (NaN passes),
// n = round(x·log2e), r = x - n·ln2 in two parts, p = 1 + r + r²·P(r),
// then p·2^(n>>1)·2^(n-n>>1).
#define EXP16(x, t1, t2, t3) \
	VMAXPS       x, Z16, x;   \
	VMINPS       x, Z17, x;   \
	VMULPS       Z18, x, t1;  \
	VRNDSCALEPS  $0, t1, t1;  \
	VFNMADD231PS Z19, t1, x;  \
	VFNMADD231PS Z20, t1, x;  \
	VMOVAPS      Z21, t2;     \
	VFMADD213PS  Z22, x, t2;  \
	VFMADD213PS  Z23, x, t2;  \
	VFMADD213PS  Z24, x, t2;  \
	VFMADD213PS  Z25, x, t2;  \
	VFMADD213PS  Z26, x, t2;  \
	VMULPS       x, x, t3;    \
	VFMADD213PS  x, t3, t2;   \
	VADDPS       Z27, t2, x;  \
	VCVTPS2DQ    t1, t1;      \
	VPSRAD       $1, t1, t2;  \
	VPSUBD       t2, t1, t1;  \
	VPADDD       Z28, t2, t2; \
	VPSLLD       $23, t2, t2; \
	VPADDD       Z28, t1, t1; \
	VPSLLD       $23, t1, t1; \
	VMULPS       t2, x, x;    \
	VMULPS       t1, x, x

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
	VBROADCASTSS softc<>+0(SB), Z16
	VBROADCASTSS softc<>+4(SB), Z17
	VBROADCASTSS softc<>+8(SB), Z18
	VBROADCASTSS softc<>+12(SB), Z19
	VBROADCASTSS softc<>+16(SB), Z20
	VBROADCASTSS softc<>+20(SB), Z21
	VBROADCASTSS softc<>+24(SB), Z22
	VBROADCASTSS softc<>+28(SB), Z23
	VBROADCASTSS softc<>+32(SB), Z24
	VBROADCASTSS softc<>+36(SB), Z25
	VBROADCASTSS softc<>+40(SB), Z26
	VBROADCASTSS softc<>+44(SB), Z27
	VPBROADCASTD softc<>+48(SB), Z28
	VBROADCASTSS softc<>+52(SB), Z29
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
