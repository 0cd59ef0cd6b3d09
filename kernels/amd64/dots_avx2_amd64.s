//go:build amd64 && gc && !purego

#include "textflag.h"

// func Dots3x4(a []float32, lda int, b []float32, o0, o1, o2, o3, n int, c []float32)
//
// Product (r, t) accumulates in Y(4r+t). Rows of a at R8..R10, runs of b
// at SI, DI, BX, DX, all indexed by the byte offset AX. Per 8 elements:
// three rows of a in Y12..Y14, then each run of b in Y15 feeds three
// FMAs; the sixteen ymm registers are all in use.

// RUN3 does the three FMAs of the run in Y15 into c0..c2.
#define RUN3(c0, c1, c2) \
	VFMADD231PS Y12, Y15, c0; \
	VFMADD231PS Y13, Y15, c1; \
	VFMADD231PS Y14, Y15, c2

// HSUM4 sums the eight lanes of each of y0..y3 into the four lanes of x0
// (the low half of y0), in order. x1 is the low half of y1.
#define HSUM4(y0, y1, y2, y3, x0, x1) \
	VHADDPS      y1, y0, y0; \
	VHADDPS      y3, y2, y2; \
	VHADDPS      y2, y0, y0; \
	VEXTRACTF128 $1, y0, x1; \
	VADDPS       x1, x0, x0

TEXT ·Dots3x4(SB), NOSPLIT, $0-120
	MOVQ a_base+0(FP), R8
	MOVQ lda+24(FP), AX
	SHLQ $2, AX
	LEAQ (R8)(AX*1), R9
	LEAQ (R9)(AX*1), R10
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

	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
	VXORPS Y4, Y4, Y4
	VXORPS Y5, Y5, Y5
	VXORPS Y6, Y6, Y6
	VXORPS Y7, Y7, Y7
	VXORPS Y8, Y8, Y8
	VXORPS Y9, Y9, Y9
	VXORPS Y10, Y10, Y10
	VXORPS Y11, Y11, Y11

	MOVQ CX, R11
	SHRQ $3, R11
	JEQ  reduce

loop:
	VMOVUPS (R8)(AX*1), Y12
	VMOVUPS (R9)(AX*1), Y13
	VMOVUPS (R10)(AX*1), Y14
	VMOVUPS (SI)(AX*1), Y15
	RUN3(Y0, Y4, Y8)
	VMOVUPS (DI)(AX*1), Y15
	RUN3(Y1, Y5, Y9)
	VMOVUPS (BX)(AX*1), Y15
	RUN3(Y2, Y6, Y10)
	VMOVUPS (DX)(AX*1), Y15
	RUN3(Y3, Y7, Y11)
	ADDQ $32, AX
	DECQ R11
	JNE  loop

reduce:
	// Row r's four sums in X(4r).
	HSUM4(Y0, Y1, Y2, Y3, X0, X1)
	HSUM4(Y4, Y5, Y6, Y7, X4, X5)
	HSUM4(Y8, Y9, Y10, Y11, X8, X9)
	ANDQ $7, CX
	JEQ  store

tail:
	// The last n mod 8 elements, one at a time: each row's element
	// broadcast, times the four runs' elements gathered into X15.
	VBROADCASTSS (R8)(AX*1), X12
	VBROADCASTSS (R9)(AX*1), X13
	VBROADCASTSS (R10)(AX*1), X14
	VMOVSS       (SI)(AX*1), X15
	VINSERTPS    $0x10, (DI)(AX*1), X15, X15
	VINSERTPS    $0x20, (BX)(AX*1), X15, X15
	VINSERTPS    $0x30, (DX)(AX*1), X15, X15
	VFMADD231PS  X12, X15, X0
	VFMADD231PS  X13, X15, X4
	VFMADD231PS  X14, X15, X8
	ADDQ         $4, AX
	DECQ         CX
	JNE          tail

store:
	MOVQ    c_base+96(FP), R8
	VMOVUPS X0, 0(R8)
	VMOVUPS X4, 16(R8)
	VMOVUPS X8, 32(R8)
	VZEROUPPER
	RET
