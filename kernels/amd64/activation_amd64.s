//go:build amd64 && gc && !purego

#include "textflag.h"

// func ReLU(dst, x []float32)
//
// VMAXPS returns its second source unless the first is greater, so with x
// first and zero second it gives x > 0 ? x : 0, which maps NaN and -0 to
// +0 exactly as the Go reference does.
TEXT ·ReLU(SB), NOSPLIT, $0-48
	MOVQ   dst_base+0(FP), DI
	MOVQ   dst_len+8(FP), CX
	MOVQ   x_base+24(FP), SI
	VXORPS Y15, Y15, Y15

loop32:
	CMPQ    CX, $32
	JL      loop8
	VMOVUPS (SI), Y0
	VMOVUPS 32(SI), Y1
	VMOVUPS 64(SI), Y2
	VMOVUPS 96(SI), Y3
	VMAXPS  Y15, Y0, Y0
	VMAXPS  Y15, Y1, Y1
	VMAXPS  Y15, Y2, Y2
	VMAXPS  Y15, Y3, Y3
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
	VMAXPS  Y15, Y0, Y0
	VMOVUPS Y0, (DI)
	ADDQ    $32, SI
	ADDQ    $32, DI
	SUBQ    $8, CX
	JMP     loop8

tail:
	TESTQ  CX, CX
	JE     done
	VMOVSS (SI), X0
	VMAXSS X15, X0, X0
	VMOVSS X0, (DI)
	ADDQ   $4, SI
	ADDQ   $4, DI
	DECQ   CX
	JMP    tail

done:
	VZEROUPPER
	RET

// func ReLUBack(dx, dy, x []float32)
//
// The mask is 0 < x with the ordered, quiet predicate LT_OQ (0x11): false
// for NaN. ANDing dy with it passes dy or gives +0.
TEXT ·ReLUBack(SB), NOSPLIT, $0-72
	MOVQ   dx_base+0(FP), DI
	MOVQ   dx_len+8(FP), CX
	MOVQ   dy_base+24(FP), DX
	MOVQ   x_base+48(FP), SI
	VXORPS Y15, Y15, Y15

loop32:
	CMPQ    CX, $32
	JL      loop8
	VCMPPS  $0x11, (SI), Y15, Y0
	VCMPPS  $0x11, 32(SI), Y15, Y1
	VCMPPS  $0x11, 64(SI), Y15, Y2
	VCMPPS  $0x11, 96(SI), Y15, Y3
	VANDPS  (DX), Y0, Y0
	VANDPS  32(DX), Y1, Y1
	VANDPS  64(DX), Y2, Y2
	VANDPS  96(DX), Y3, Y3
	VMOVUPS Y0, (DI)
	VMOVUPS Y1, 32(DI)
	VMOVUPS Y2, 64(DI)
	VMOVUPS Y3, 96(DI)
	ADDQ    $128, SI
	ADDQ    $128, DX
	ADDQ    $128, DI
	SUBQ    $32, CX
	JMP     loop32

loop8:
	CMPQ    CX, $8
	JL      tail
	VCMPPS  $0x11, (SI), Y15, Y0
	VANDPS  (DX), Y0, Y0
	VMOVUPS Y0, (DI)
	ADDQ    $32, SI
	ADDQ    $32, DX
	ADDQ    $32, DI
	SUBQ    $8, CX
	JMP     loop8

tail:
	// Scalar loads only: a 16-byte memory operand could read past the end.
	TESTQ  CX, CX
	JE     done
	VCMPSS $0x11, (SI), X15, X0
	VMOVSS (DX), X1
	VANDPS X1, X0, X0
	VMOVSS X0, (DI)
	ADDQ   $4, SI
	ADDQ   $4, DX
	ADDQ   $4, DI
	DECQ   CX
	JMP    tail

done:
	VZEROUPPER
	RET
