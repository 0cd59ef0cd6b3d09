//go:build amd64 && gc && !purego

#include "textflag.h"
#include "avx2_amd64.h"
#include "exp_amd64.h"

// func expAVX(dst, x []float32)
//
// len(dst) must be a multiple of 8.
TEXT ·expAVX(SB), NOSPLIT, $0-48
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ x_base+24(FP), SI

loop:
	CMPQ    CX, $8
	JL      done
	VMOVUPS (SI), Y0
	EXP(Y0, Y1, Y2, Y3)
	VMOVUPS Y0, (DI)
	ADDQ    $32, SI
	ADDQ    $32, DI
	SUBQ    $8, CX
	JMP     loop

done:
	VZEROUPPER
	RET

// func expSumAVX(dst, x []float32, m float32, acc *[8]float32)
//
// dst = e^(x-m), and lane i%8 of acc accumulates dst[i]. len(dst) must
// be a multiple of 8.
TEXT ·expSumAVX(SB), NOSPLIT, $0-64
	MOVQ         dst_base+0(FP), DI
	MOVQ         dst_len+8(FP), CX
	MOVQ         x_base+24(FP), SI
	VBROADCASTSS m+48(FP), Y9
	MOVQ         acc+56(FP), DX
	VMOVUPS      (DX), Y8

loop:
	CMPQ    CX, $8
	JL      done
	VMOVUPS (SI), Y0
	VSUBPS  Y9, Y0, Y0
	EXP(Y0, Y1, Y2, Y3)
	VMOVUPS Y0, (DI)
	VADDPS  Y0, Y8, Y8
	ADDQ    $32, SI
	ADDQ    $32, DI
	SUBQ    $8, CX
	JMP     loop

done:
	VMOVUPS Y8, (DX)
	VZEROUPPER
	RET

// func sumExpAVX(x []float32, m float32, acc *[8]float32)
//
// Lane i%8 of acc accumulates e^(x[i]-m), as in expSumAVX without the
// stores. len(x) must be a multiple of 8.
TEXT ·sumExpAVX(SB), NOSPLIT, $0-40
	MOVQ         x_base+0(FP), SI
	MOVQ         x_len+8(FP), CX
	VBROADCASTSS m+24(FP), Y9
	MOVQ         acc+32(FP), DX
	VMOVUPS      (DX), Y8

loop:
	CMPQ    CX, $8
	JL      done
	VMOVUPS (SI), Y0
	VSUBPS  Y9, Y0, Y0
	EXP(Y0, Y1, Y2, Y3)
	VADDPS  Y0, Y8, Y8
	ADDQ    $32, SI
	SUBQ    $8, CX
	JMP     loop

done:
	VMOVUPS Y8, (DX)
	VZEROUPPER
	RET

// func sigmoidAVX(dst, x []float32)
//
// t = e^-|x|, then (x < 0 ? t : 1) / (1 + t). len(dst) must be a
// multiple of 8.
TEXT ·sigmoidAVX(SB), NOSPLIT, $0-48
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ x_base+24(FP), SI

loop:
	CMPQ         CX, $8
	JL           done
	VMOVUPS      (SI), Y5
	SIGMOID(Y5, Y0, Y1, Y2, Y3)
	VMOVUPS      Y0, (DI)
	ADDQ         $32, SI
	ADDQ         $32, DI
	SUBQ         $8, CX
	JMP          loop

done:
	VZEROUPPER
	RET

// func tanhAVX(dst, x []float32)
//
// Both branches for every lane, a = |x|: a + a³Q(a²) and 1 - 2/(e^{2a}+1),
// the first where a < 0.625 (false for NaN), then x's sign ORed in.
// len(dst) must be a multiple of 8.
TEXT ·tanhAVX(SB), NOSPLIT, $0-48
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ x_base+24(FP), SI

loop:
	CMPQ         CX, $8
	JL           done
	VMOVUPS      (SI), Y5
	TANH(Y5, Y0, Y1, Y2, Y3, Y6, Y7)
	VMOVUPS      Y0, (DI)
	ADDQ         $32, SI
	ADDQ         $32, DI
	SUBQ         $8, CX
	JMP          loop

done:
	VZEROUPPER
	RET

// func sigmoidBackAVX(dx, dy, y []float32)
//
// (dy*y)*(1-y). len(dx) must be a multiple of 8.
TEXT ·sigmoidBackAVX(SB), NOSPLIT, $0-72
	MOVQ         dx_base+0(FP), DI
	MOVQ         dx_len+8(FP), CX
	MOVQ         dy_base+24(FP), DX
	MOVQ         y_base+48(FP), SI
	VBROADCASTSS mathc<>+MC_ONE(SB), Y15

loop:
	CMPQ    CX, $8
	JL      done
	VMOVUPS (DX), Y0
	VMOVUPS (SI), Y1
	VMULPS  Y1, Y0, Y0
	VSUBPS  Y1, Y15, Y2
	VMULPS  Y2, Y0, Y0
	VMOVUPS Y0, (DI)
	ADDQ    $32, SI
	ADDQ    $32, DX
	ADDQ    $32, DI
	SUBQ    $8, CX
	JMP     loop

done:
	VZEROUPPER
	RET

// func tanhBackAVX(dx, dy, y []float32)
//
// dy*(1-y*y) with 1-y*y one fused operation. len(dx) must be a multiple
// of 8.
TEXT ·tanhBackAVX(SB), NOSPLIT, $0-72
	MOVQ         dx_base+0(FP), DI
	MOVQ         dx_len+8(FP), CX
	MOVQ         dy_base+24(FP), DX
	MOVQ         y_base+48(FP), SI
	VBROADCASTSS mathc<>+MC_ONE(SB), Y15

loop:
	CMPQ         CX, $8
	JL           done
	VMOVUPS      (SI), Y1
	VMOVAPS      Y15, Y2
	VFNMADD231PS Y1, Y1, Y2
	VMULPS       (DX), Y2, Y0
	VMOVUPS      Y0, (DI)
	ADDQ         $32, SI
	ADDQ         $32, DX
	ADDQ         $32, DI
	SUBQ         $8, CX
	JMP          loop

done:
	VZEROUPPER
	RET
