//go:build amd64 && gc && !purego

#include "textflag.h"

// func LogShift(dst, x []float32, m, ls float32)
//
// 32 elements per iteration, then 8, then single elements through the
// scalar forms of the same two subtractions.
TEXT ·LogShift(SB), NOSPLIT, $0-56
	MOVQ         dst_base+0(FP), DI
	MOVQ         dst_len+8(FP), CX
	MOVQ         x_base+24(FP), SI
	VBROADCASTSS m+48(FP), Y8
	VBROADCASTSS ls+52(FP), Y9

loop32:
	CMPQ    CX, $32
	JL      loop8
	VMOVUPS (SI), Y0
	VMOVUPS 32(SI), Y1
	VMOVUPS 64(SI), Y2
	VMOVUPS 96(SI), Y3
	VSUBPS  Y8, Y0, Y0
	VSUBPS  Y8, Y1, Y1
	VSUBPS  Y8, Y2, Y2
	VSUBPS  Y8, Y3, Y3
	VSUBPS  Y9, Y0, Y0
	VSUBPS  Y9, Y1, Y1
	VSUBPS  Y9, Y2, Y2
	VSUBPS  Y9, Y3, Y3
	VMOVUPS Y0, (DI)
	VMOVUPS Y1, 32(DI)
	VMOVUPS Y2, 64(DI)
	VMOVUPS Y3, 96(DI)
	ADDQ    $128, SI
	ADDQ    $128, DI
	SUBQ    $32, CX
	JMP     loop32

loop8:
	CMPQ    CX, $8
	JL      tail
	VMOVUPS (SI), Y0
	VSUBPS  Y8, Y0, Y0
	VSUBPS  Y9, Y0, Y0
	VMOVUPS Y0, (DI)
	ADDQ    $32, SI
	ADDQ    $32, DI
	SUBQ    $8, CX
	JMP     loop8

tail:
	TESTQ  CX, CX
	JZ     done
	VMOVSS (SI), X0
	VSUBSS X8, X0, X0
	VSUBSS X9, X0, X0
	VMOVSS X0, (DI)
	ADDQ   $4, SI
	ADDQ   $4, DI
	DECQ   CX
	JMP    tail

done:
	VZEROUPPER
	RET
