//go:build amd64 && gc && !purego

#include "textflag.h"
#include "flush_amd64.h"

// RMSFLUSH8 and RMSFLUSH1 flush a denormal sq to zero (flush_amd64.h):
// Y12/X12 hold the abs mask, Y13/X13 the threshold.
#define RMSFLUSH8(R, T) FLUSH(R, T, Y12, Y13)
#define RMSFLUSH1(R, T) FLUSH(R, T, X12, X13)

// RMS8 updates 8 elements at offset off of each slice. Y8..Y11 hold alpha,
// 1-alpha, eps and lr.
#define RMS8(off, G, S, T, U, P) \
	VMOVUPS off(DX), G; \
	VMULPS  off(R8), Y8, S; \
	VMULPS  G, Y9, T; \
	VMULPS  G, T, T; \
	VADDPS  T, S, S; \
	RMSFLUSH8(S, T); \
	VMOVUPS S, off(R8); \
	VSQRTPS S, S; \
	VADDPS  Y10, S, S; \
	VMULPS  G, Y11, U; \
	VDIVPS  S, U, U; \
	VMOVUPS off(DI), P; \
	VSUBPS  U, P, P; \
	VMOVUPS P, off(DI)

// func RMSProp(p, g, sq []float32, lr, alpha, eps float32)
TEXT ·RMSProp(SB), NOSPLIT, $0-84
	MOVQ p_base+0(FP), DI
	MOVQ p_len+8(FP), CX
	MOVQ g_base+24(FP), DX
	MOVQ sq_base+48(FP), R8

	// 1-alpha is rounded to float32 once, as the Go reference computes it.
	MOVL         $0x3f800000, AX
	VMOVD        AX, X15
	VMOVSS       alpha+76(FP), X0
	VSUBSS       X0, X15, X1
	VBROADCASTSS X0, Y8
	VBROADCASTSS X1, Y9
	VBROADCASTSS eps+80(FP), Y10
	VBROADCASTSS lr+72(FP), Y11
	FLUSH_CONSTS(X12, Y12, X13, Y13)

loop16:
	// Two independent blocks per iteration overlap their sqrt/divide
	// latencies.
	CMPQ CX, $16
	JL   loop8
	RMS8(0, Y0, Y1, Y2, Y3, Y4)
	RMS8(32, Y5, Y6, Y7, Y14, Y15)
	ADDQ $64, DI
	ADDQ $64, DX
	ADDQ $64, R8
	SUBQ $16, CX
	JMP  loop16

loop8:
	CMPQ CX, $8
	JL   tail
	RMS8(0, Y0, Y1, Y2, Y3, Y4)
	ADDQ $32, DI
	ADDQ $32, DX
	ADDQ $32, R8
	SUBQ $8, CX
	JMP  loop8

tail:
	TESTQ   CX, CX
	JE      done
	VMOVSS  (DX), X0
	VMOVSS  (R8), X1
	VMULSS  X1, X8, X1
	VMULSS  X0, X9, X2
	VMULSS  X0, X2, X2
	VADDSS  X2, X1, X1
	RMSFLUSH1(X1, X2)
	VMOVSS  X1, (R8)
	VSQRTSS X1, X1, X1
	VADDSS  X10, X1, X1
	VMULSS  X0, X11, X3
	VDIVSS  X1, X3, X3
	VMOVSS  (DI), X4
	VSUBSS  X3, X4, X4
	VMOVSS  X4, (DI)
	ADDQ    $4, DI
	ADDQ    $4, DX
	ADDQ    $4, R8
	DECQ    CX
	JMP     tail

done:
	VZEROUPPER
	RET
