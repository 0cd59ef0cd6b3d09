//go:build amd64 && gc && !purego

#include "textflag.h"
#include "flush_amd64.h"

// FLUSH8 and FLUSH1 flush denormal moments to zero (flush_amd64.h) on 8
// lanes and on the scalar tail: Y7/X7 hold the abs mask, Y15/X15 the
// threshold.
#define FLUSH8(R, T) FLUSH(R, T, Y7, Y15)
#define FLUSH1(R, T) FLUSH(R, T, X7, X15)

// ADAM8 updates 8 elements at offset off of each slice. Y8..Y14 hold the
// broadcast constants, Y7 and Y15 those of FLUSH8.
#define ADAM8(off, G, M, V, S, T, U, P) \
	VMOVUPS off(DX), G; \
	VMULPS  off(R8), Y8, M; \
	VMULPS  G, Y9, T; \
	VADDPS  T, M, M; \
	VMULPS  off(R9), Y10, V; \
	VMULPS  G, Y11, T; \
	VMULPS  G, T, T; \
	VADDPS  T, V, V; \
	FLUSH8(M, T); \
	FLUSH8(V, T); \
	VMOVUPS M, off(R8); \
	VMOVUPS V, off(R9); \
	VSQRTPS V, S; \
	VMULPS  Y13, S, S; \
	VADDPS  Y12, S, S; \
	VMULPS  Y14, M, U; \
	VDIVPS  S, U, U; \
	VMOVUPS off(DI), P; \
	VSUBPS  U, P, P; \
	VMOVUPS P, off(DI)

// func Adam(p, g, m, v []float32, step, beta1, beta2, eps, vscale float32)
TEXT ·Adam(SB), NOSPLIT, $0-116
	MOVQ p_base+0(FP), DI
	MOVQ p_len+8(FP), CX
	MOVQ g_base+24(FP), DX
	MOVQ m_base+48(FP), R8
	MOVQ v_base+72(FP), R9

	// 1-beta is rounded to float32 once, as the Go reference computes it.
	MOVL         $0x3f800000, AX
	VMOVD        AX, X15
	VMOVSS       beta1+100(FP), X0
	VSUBSS       X0, X15, X1
	VBROADCASTSS X0, Y8
	VBROADCASTSS X1, Y9
	VMOVSS       beta2+104(FP), X0
	VSUBSS       X0, X15, X1
	VBROADCASTSS X0, Y10
	VBROADCASTSS X1, Y11
	VBROADCASTSS eps+108(FP), Y12
	VBROADCASTSS vscale+112(FP), Y13
	VBROADCASTSS step+96(FP), Y14
	FLUSH_CONSTS(X7, Y7, X15, Y15)

loop16:
	// Two blocks per iteration: register renaming overlaps their
	// sqrt/divide latencies, so they can share registers.
	CMPQ CX, $16
	JL   loop8
	ADAM8(0, Y0, Y1, Y2, Y3, Y4, Y5, Y6)
	ADAM8(32, Y0, Y1, Y2, Y3, Y4, Y5, Y6)
	ADDQ $64, DI
	ADDQ $64, DX
	ADDQ $64, R8
	ADDQ $64, R9
	SUBQ $16, CX
	JMP  loop16

loop8:
	CMPQ CX, $8
	JL   tail
	ADAM8(0, Y0, Y1, Y2, Y3, Y4, Y5, Y6)
	ADDQ $32, DI
	ADDQ $32, DX
	ADDQ $32, R8
	ADDQ $32, R9
	SUBQ $8, CX
	JMP  loop8

tail:
	TESTQ   CX, CX
	JE      done
	VMOVSS  (DX), X0
	VMOVSS  (R8), X1
	VMULSS  X1, X8, X1
	VMULSS  X0, X9, X4
	VADDSS  X4, X1, X1
	VMOVSS  (R9), X2
	VMULSS  X2, X10, X2
	VMULSS  X0, X11, X4
	VMULSS  X0, X4, X4
	VADDSS  X4, X2, X2
	FLUSH1(X1, X4)
	FLUSH1(X2, X4)
	VMOVSS  X1, (R8)
	VMOVSS  X2, (R9)
	VSQRTSS X2, X2, X3
	VMULSS  X13, X3, X3
	VADDSS  X12, X3, X3
	VMULSS  X14, X1, X5
	VDIVSS  X3, X5, X5
	VMOVSS  (DI), X6
	VSUBSS  X5, X6, X6
	VMOVSS  X6, (DI)
	ADDQ    $4, DI
	ADDQ    $4, DX
	ADDQ    $4, R8
	ADDQ    $4, R9
	DECQ    CX
	JMP     tail

done:
	VZEROUPPER
	RET
