//go:build amd64 && gc && !purego

#include "textflag.h"

// Each kernel runs twelve independent FMA chains, acc[i] += x*y, n times.
// Twelve chains in flight cover the FMA latency times the FMA ports of
// current cores (4 cycles x 2 ports needs 8). Every chain starts from its
// own acc[i], broadcast to all lanes, so no two chains compute the same
// values, and lane 0 of each chain is stored back to acc[i] so that the
// work is observable.

// CHAINS12 applies one FMA to each of the twelve chains R0..R11:
// Ri = X*Y + Ri.
#define CHAINS12(X, Y, R0, R1, R2, R3, R4, R5, R6, R7, R8, R9, R10, R11) \
	VFMADD231PS Y, X, R0; \
	VFMADD231PS Y, X, R1; \
	VFMADD231PS Y, X, R2; \
	VFMADD231PS Y, X, R3; \
	VFMADD231PS Y, X, R4; \
	VFMADD231PS Y, X, R5; \
	VFMADD231PS Y, X, R6; \
	VFMADD231PS Y, X, R7; \
	VFMADD231PS Y, X, R8; \
	VFMADD231PS Y, X, R9; \
	VFMADD231PS Y, X, R10; \
	VFMADD231PS Y, X, R11

// func fmaZMM(n int, x, y float32, acc *[12]float32)
TEXT ·fmaZMM(SB), NOSPLIT, $0-24
	MOVQ         n+0(FP), CX
	MOVQ         acc+16(FP), SI
	VBROADCASTSS x+8(FP), Z12
	VBROADCASTSS y+12(FP), Z13
	VBROADCASTSS 0(SI), Z0
	VBROADCASTSS 4(SI), Z1
	VBROADCASTSS 8(SI), Z2
	VBROADCASTSS 12(SI), Z3
	VBROADCASTSS 16(SI), Z4
	VBROADCASTSS 20(SI), Z5
	VBROADCASTSS 24(SI), Z6
	VBROADCASTSS 28(SI), Z7
	VBROADCASTSS 32(SI), Z8
	VBROADCASTSS 36(SI), Z9
	VBROADCASTSS 40(SI), Z10
	VBROADCASTSS 44(SI), Z11
	TESTQ        CX, CX
	JLE          zdone

zloop:
	CHAINS12(Z12, Z13, Z0, Z1, Z2, Z3, Z4, Z5, Z6, Z7, Z8, Z9, Z10, Z11)
	DECQ CX
	JNZ  zloop

zdone:
	VMOVSS X0, 0(SI)
	VMOVSS X1, 4(SI)
	VMOVSS X2, 8(SI)
	VMOVSS X3, 12(SI)
	VMOVSS X4, 16(SI)
	VMOVSS X5, 20(SI)
	VMOVSS X6, 24(SI)
	VMOVSS X7, 28(SI)
	VMOVSS X8, 32(SI)
	VMOVSS X9, 36(SI)
	VMOVSS X10, 40(SI)
	VMOVSS X11, 44(SI)
	VZEROUPPER
	RET

// func fmaYMM(n int, x, y float32, acc *[12]float32)
TEXT ·fmaYMM(SB), NOSPLIT, $0-24
	MOVQ         n+0(FP), CX
	MOVQ         acc+16(FP), SI
	VBROADCASTSS x+8(FP), Y12
	VBROADCASTSS y+12(FP), Y13
	VBROADCASTSS 0(SI), Y0
	VBROADCASTSS 4(SI), Y1
	VBROADCASTSS 8(SI), Y2
	VBROADCASTSS 12(SI), Y3
	VBROADCASTSS 16(SI), Y4
	VBROADCASTSS 20(SI), Y5
	VBROADCASTSS 24(SI), Y6
	VBROADCASTSS 28(SI), Y7
	VBROADCASTSS 32(SI), Y8
	VBROADCASTSS 36(SI), Y9
	VBROADCASTSS 40(SI), Y10
	VBROADCASTSS 44(SI), Y11
	TESTQ        CX, CX
	JLE          ydone

yloop:
	CHAINS12(Y12, Y13, Y0, Y1, Y2, Y3, Y4, Y5, Y6, Y7, Y8, Y9, Y10, Y11)
	DECQ CX
	JNZ  yloop

ydone:
	VMOVSS X0, 0(SI)
	VMOVSS X1, 4(SI)
	VMOVSS X2, 8(SI)
	VMOVSS X3, 12(SI)
	VMOVSS X4, 16(SI)
	VMOVSS X5, 20(SI)
	VMOVSS X6, 24(SI)
	VMOVSS X7, 28(SI)
	VMOVSS X8, 32(SI)
	VMOVSS X9, 36(SI)
	VMOVSS X10, 40(SI)
	VMOVSS X11, 44(SI)
	VZEROUPPER
	RET
