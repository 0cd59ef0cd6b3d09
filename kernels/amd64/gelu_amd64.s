//go:build amd64 && gc && !purego

#include "textflag.h"
#include "avx2_amd64.h"
#include "exp_amd64.h"
#include "gelu_amd64.h"

// The GELU kernels on eight lanes; the steps are gelu_amd64.h's.

// func geluAVX(dst, x []float32)
//
// len(dst) must be a multiple of 8.
TEXT ·geluAVX(SB), NOSPLIT, $0-48
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ x_base+24(FP), SI

loop:
	CMPQ    CX, $8
	JL      done
	VMOVUPS (SI), Y5
	GELUV
	VMOVUPS Y14, (DI)
	ADDQ    $32, SI
	ADDQ    $32, DI
	SUBQ    $8, CX
	JMP     loop

done:
	VZEROUPPER
	RET

// func geluBackAVX(dx, dy, x []float32)
//
// dx = dy·GELU'(x). len(dx) must be a multiple of 8.
TEXT ·geluBackAVX(SB), NOSPLIT, $0-72
	MOVQ dx_base+0(FP), DI
	MOVQ dx_len+8(FP), CX
	MOVQ dy_base+24(FP), DX
	MOVQ x_base+48(FP), SI

loop:
	CMPQ    CX, $8
	JL      done
	VMOVUPS (SI), Y5
	GELUBACKV
	VMULPS  (DX), Y14, Y14
	VMOVUPS Y14, (DI)
	ADDQ    $32, SI
	ADDQ    $32, DX
	ADDQ    $32, DI
	SUBQ    $8, CX
	JMP     loop

done:
	VZEROUPPER
	RET

// func geluGradAVX(dst, grad, x []float32)
//
// dst = GELU(x), grad = GELU'(x). len(dst) must be a multiple of 8.
TEXT ·geluGradAVX(SB), NOSPLIT, $0-72
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ grad_base+24(FP), DX
	MOVQ x_base+48(FP), SI

loop:
	CMPQ    CX, $8
	JL      done
	VMOVUPS (SI), Y5
	GELUGRADV
	VMOVUPS Y14, (DI)
	VMOVUPS Y4, (DX)
	ADDQ    $32, SI
	ADDQ    $32, DX
	ADDQ    $32, DI
	SUBQ    $8, CX
	JMP     loop

done:
	VZEROUPPER
	RET

// func geluTanhAVX(dst, x []float32)
//
// len(dst) must be a multiple of 8.
TEXT ·geluTanhAVX(SB), NOSPLIT, $0-48
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ x_base+24(FP), SI

loop:
	CMPQ    CX, $8
	JL      done
	VMOVUPS (SI), Y5
	GELUTANHV
	VMOVUPS Y1, (DI)
	ADDQ    $32, SI
	ADDQ    $32, DI
	SUBQ    $8, CX
	JMP     loop

done:
	VZEROUPPER
	RET

// func geluTanhBackAVX(dx, dy, x []float32)
//
// dx = dy·GELUTanh'(x). len(dx) must be a multiple of 8.
TEXT ·geluTanhBackAVX(SB), NOSPLIT, $0-72
	MOVQ dx_base+0(FP), DI
	MOVQ dx_len+8(FP), CX
	MOVQ dy_base+24(FP), DX
	MOVQ x_base+48(FP), SI

loop:
	CMPQ    CX, $8
	JL      done
	VMOVUPS (SI), Y5
	GELUTANHBACKV
	VMULPS  (DX), Y10, Y10
	VMOVUPS Y10, (DI)
	ADDQ    $32, SI
	ADDQ    $32, DX
	ADDQ    $32, DI
	SUBQ    $8, CX
	JMP     loop

done:
	VZEROUPPER
	RET

// func geluTanhGradAVX(dst, grad, x []float32)
//
// dst = GELUTanh(x), grad = GELUTanh'(x). len(dst) must be a multiple
// of 8.
TEXT ·geluTanhGradAVX(SB), NOSPLIT, $0-72
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ grad_base+24(FP), DX
	MOVQ x_base+48(FP), SI

loop:
	CMPQ    CX, $8
	JL      done
	VMOVUPS (SI), Y5
	GELUTANHGRADV
	VMOVUPS Y1, (DI)
	VMOVUPS Y10, (DX)
	ADDQ    $32, SI
	ADDQ    $32, DX
	ADDQ    $32, DI
	SUBQ    $8, CX
	JMP     loop

done:
	VZEROUPPER
	RET
