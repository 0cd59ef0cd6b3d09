//go:build amd64 && gc && !purego

#include "textflag.h"

// MAXPASS leaves in X0 the largest non-NaN element of the CX floats at SI,
// or -Inf. The accumulators start at -Inf and take VMAXPS(x, acc), which
// returns acc unless x > acc, so a NaN element never enters them. Clobbers
// SI, CX, X0-X5.
#define MAXPASS \
	MOVL         $0xff800000, AX; \
	VMOVD        AX, X0; \
	VBROADCASTSS X0, Y0; \
	VMOVAPS      Y0, Y1; \
	VMOVAPS      Y0, Y2; \
	VMOVAPS      Y0, Y3; \
max32:; \
	CMPQ         CX, $32; \
	JL           max8; \
	VMOVUPS      (SI), Y4; \
	VMAXPS       Y0, Y4, Y0; \
	VMOVUPS      32(SI), Y5; \
	VMAXPS       Y1, Y5, Y1; \
	VMOVUPS      64(SI), Y4; \
	VMAXPS       Y2, Y4, Y2; \
	VMOVUPS      96(SI), Y5; \
	VMAXPS       Y3, Y5, Y3; \
	ADDQ         $128, SI; \
	SUBQ         $32, CX; \
	JMP          max32; \
max8:; \
	CMPQ         CX, $8; \
	JL           maxreduce; \
	VMOVUPS      (SI), Y4; \
	VMAXPS       Y0, Y4, Y0; \
	ADDQ         $32, SI; \
	SUBQ         $8, CX; \
	JMP          max8; \
maxreduce:; \
	VMAXPS       Y1, Y0, Y0; \
	VMAXPS       Y3, Y2, Y2; \
	VMAXPS       Y2, Y0, Y0; \
	VEXTRACTF128 $1, Y0, X1; \
	VMAXPS       X1, X0, X0; \
	VMOVHLPS     X0, X0, X1; \
	VMAXPS       X1, X0, X0; \
	VMOVSHDUP    X0, X1; \
	VMAXSS       X1, X0, X0; \
maxtail:; \
	TESTQ        CX, CX; \
	JE           maxdone; \
	VMOVSS       (SI), X4; \
	VMAXSS       X0, X4, X0; \
	ADDQ         $4, SI; \
	DECQ         CX; \
	JMP          maxtail; \
maxdone:

// func MaxNoNaN(x []float32) float32
TEXT ·MaxNoNaN(SB), NOSPLIT, $0-28
	MOVQ   x_base+0(FP), SI
	MOVQ   x_len+8(FP), CX
	MAXPASS
	VMOVSS X0, ret+24(FP)
	VZEROUPPER
	RET

// func ArgMax(x []float32) int
//
// Two passes: the maximum m, then the first index i with x[i] == m. The
// second pass usually stops early; -0 == +0 and NaN != m make the answer
// the Go reference's.
TEXT ·ArgMax(SB), NOSPLIT, $0-32
	MOVQ x_base+0(FP), SI
	MOVQ x_len+8(FP), CX
	MAXPASS
	MOVQ         x_base+0(FP), SI
	MOVQ         x_len+8(FP), CX
	XORQ         DX, DX
	VBROADCASTSS X0, Y5

find8:
	CMPQ      CX, $8
	JL        find1
	VCMPPS    $0, (SI), Y5, Y6 // EQ_OQ
	VMOVMSKPS Y6, BX
	TESTL     BX, BX
	JNE       found8
	ADDQ      $32, SI
	ADDQ      $8, DX
	SUBQ      $8, CX
	JMP       find8

found8:
	BSFL BX, BX
	ADDQ BX, DX
	JMP  done

find1:
	TESTQ  CX, CX
	JE     none
	VCMPSS $0, (SI), X5, X6
	VMOVD  X6, BX
	TESTL  BX, BX
	JNE    done
	ADDQ   $4, SI
	INCQ   DX
	DECQ   CX
	JMP    find1

none:
	// Only reached when every element is NaN (or x is empty).
	XORQ DX, DX

done:
	MOVQ DX, ret+24(FP)
	VZEROUPPER
	RET
