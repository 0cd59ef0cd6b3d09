//go:build amd64 && gc && !purego

#include "textflag.h"

// func Dots6x4(a []float32, lda int, b []float32, o0, o1, o2, o3, n int, c []float32)
//
// Product (r, t) accumulates in Z(4r+t). Rows of a at R8..R13, runs of b
// at SI, DI, BX, DX, all indexed by the byte offset AX, so that a step
// moves one pointer. Per 16 elements: six rows of a in Z24..Z29, then
// each run of b in Z30 or Z31 (alternating, so that a load need not wait
// for the FMAs of the previous run) feeds six FMAs.

// RUN does the six FMAs of run t (vector bv) into Z(t), Z(4+t), ...
#define RUN(bv, c0, c1, c2, c3, c4, c5) \
	VFMADD231PS Z24, bv, c0; \
	VFMADD231PS Z25, bv, c1; \
	VFMADD231PS Z26, bv, c2; \
	VFMADD231PS Z27, bv, c3; \
	VFMADD231PS Z28, bv, c4; \
	VFMADD231PS Z29, bv, c5

// STEP multiplies the vectors loaded in Z24..Z29 with the four runs.
#define STEP \
	VMOVUPS (SI)(AX*1), Z30;             \
	RUN(Z30, Z0, Z4, Z8, Z12, Z16, Z20); \
	VMOVUPS (DI)(AX*1), Z31;             \
	RUN(Z31, Z1, Z5, Z9, Z13, Z17, Z21); \
	VMOVUPS (BX)(AX*1), Z30;             \
	RUN(Z30, Z2, Z6, Z10, Z14, Z18, Z22); \
	VMOVUPS (DX)(AX*1), Z31;             \
	RUN(Z31, Z3, Z7, Z11, Z15, Z19, Z23)

// STEPZ is STEP with the runs loaded under the mask K1, zeros elsewhere.
#define STEPZ \
	VMOVUPS.Z (SI)(AX*1), K1, Z30;       \
	RUN(Z30, Z0, Z4, Z8, Z12, Z16, Z20); \
	VMOVUPS.Z (DI)(AX*1), K1, Z31;       \
	RUN(Z31, Z1, Z5, Z9, Z13, Z17, Z21); \
	VMOVUPS.Z (BX)(AX*1), K1, Z30;       \
	RUN(Z30, Z2, Z6, Z10, Z14, Z18, Z22); \
	VMOVUPS.Z (DX)(AX*1), K1, Z31;       \
	RUN(Z31, Z3, Z7, Z11, Z15, Z19, Z23)

// FOLD adds the upper half of zmm z (its lower half is ys) into yd.
#define FOLD(z, ys, yd) \
	VEXTRACTF64X4 $1, z, Y24; \
	VADDPS        Y24, ys, yd

// HSUM4 sums the eight lanes of each of y0..y3 into the four lanes of x0
// (the low half of y0), in order, and stores them at off(R8). x1 is the
// low half of y1.
#define HSUM4(y0, y1, y2, y3, x0, x1, off) \
	VHADDPS      y1, y0, y0; \
	VHADDPS      y3, y2, y2; \
	VHADDPS      y2, y0, y0; \
	VEXTRACTF128 $1, y0, x1; \
	VADDPS       x1, x0, x0; \
	VMOVUPS      x0, off(R8)

TEXT ·Dots6x4(SB), NOSPLIT, $0-120
	MOVQ a_base+0(FP), R8
	MOVQ lda+24(FP), AX
	SHLQ $2, AX
	LEAQ (R8)(AX*1), R9
	LEAQ (R9)(AX*1), R10
	LEAQ (R10)(AX*1), R11
	LEAQ (R11)(AX*1), R12
	LEAQ (R12)(AX*1), R13
	MOVQ b_base+32(FP), DX
	MOVQ o0+56(FP), SI
	LEAQ (DX)(SI*4), SI
	MOVQ o1+64(FP), DI
	LEAQ (DX)(DI*4), DI
	MOVQ o2+72(FP), BX
	LEAQ (DX)(BX*4), BX
	MOVQ o3+80(FP), AX
	LEAQ (DX)(AX*4), DX
	MOVQ n+88(FP), CX
	XORQ AX, AX

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

	MOVQ CX, R14
	SHRQ $4, R14
	JEQ  tail

loop:
	VMOVUPS (R8)(AX*1), Z24
	VMOVUPS (R9)(AX*1), Z25
	VMOVUPS (R10)(AX*1), Z26
	VMOVUPS (R11)(AX*1), Z27
	VMOVUPS (R12)(AX*1), Z28
	VMOVUPS (R13)(AX*1), Z29
	STEP
	ADDQ $64, AX
	DECQ R14
	JNE  loop

tail:
	// The last n mod 16 elements: loads masked to them read zeros in the
	// other lanes (and no memory there), which add nothing.
	ANDQ  $15, CX
	JEQ   reduce
	MOVL  $1, R14
	SHLL  CX, R14
	DECL  R14
	KMOVW R14, K1
	VMOVUPS.Z (R8)(AX*1), K1, Z24
	VMOVUPS.Z (R9)(AX*1), K1, Z25
	VMOVUPS.Z (R10)(AX*1), K1, Z26
	VMOVUPS.Z (R11)(AX*1), K1, Z27
	VMOVUPS.Z (R12)(AX*1), K1, Z28
	VMOVUPS.Z (R13)(AX*1), K1, Z29
	STEPZ

reduce:
	// Each product's 16 lanes: the upper eight folded onto the lower in
	// a low register (VHADDPS has no EVEX form), then three horizontal
	// adds and one fold put a row's four sums in one xmm.
	MOVQ c_base+96(FP), R8
	FOLD(Z0, Y0, Y0)
	FOLD(Z1, Y1, Y1)
	FOLD(Z2, Y2, Y2)
	FOLD(Z3, Y3, Y3)
	HSUM4(Y0, Y1, Y2, Y3, X0, X1, 0)
	FOLD(Z4, Y4, Y4)
	FOLD(Z5, Y5, Y5)
	FOLD(Z6, Y6, Y6)
	FOLD(Z7, Y7, Y7)
	HSUM4(Y4, Y5, Y6, Y7, X4, X5, 16)
	FOLD(Z8, Y8, Y8)
	FOLD(Z9, Y9, Y9)
	FOLD(Z10, Y10, Y10)
	FOLD(Z11, Y11, Y11)
	HSUM4(Y8, Y9, Y10, Y11, X8, X9, 32)
	FOLD(Z12, Y12, Y12)
	FOLD(Z13, Y13, Y13)
	FOLD(Z14, Y14, Y14)
	FOLD(Z15, Y15, Y15)
	HSUM4(Y12, Y13, Y14, Y15, X12, X13, 48)
	FOLD(Z16, Y16, Y0)
	FOLD(Z17, Y17, Y1)
	FOLD(Z18, Y18, Y2)
	FOLD(Z19, Y19, Y3)
	HSUM4(Y0, Y1, Y2, Y3, X0, X1, 64)
	FOLD(Z20, Y20, Y4)
	FOLD(Z21, Y21, Y5)
	FOLD(Z22, Y22, Y6)
	FOLD(Z23, Y23, Y7)
	HSUM4(Y4, Y5, Y6, Y7, X4, X5, 80)
	VZEROUPPER
	RET
