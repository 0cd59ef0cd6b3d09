//go:build amd64 && gc && !purego

#include "textflag.h"
#include "avx512_amd64.h"
#include "exp_amd64.h"
#include "gelu_amd64.h"
#include "gelu512_amd64.h"

// Sixteen lanes a step, the last partial group under the mask K1 (CX lanes);
// the steps are those of the eight-lane kernels in gelu_amd64.s. The exact
// GELU kernels take two groups a step with gelu512_amd64.h's interleaved
// chains (the same operations per lane): the last pair of groups, 1..31
// lanes, runs under the masks K1 and K4.

// func GELU512(dst, x []float32)
//
// GELU(x), as geluAVX.
TEXT ·GELU512(SB), NOSPLIT, $0-48
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ x_base+24(FP), SI
	GELU2CONSTS
	KALL2(AX)

loop:
	CMPQ  CX, $32
	JGE   step
	TESTQ CX, CX
	JEQ   done
	KTAIL2(AX)

step:
	LOAD2((SI), C0X, C1X)
	GELU2V
	STORE2(C0Q, C1Q, (DI))
	ADDQ $128, SI
	ADDQ $128, DI
	SUBQ $32, CX
	JG   loop

done:
	VZEROUPPER
	RET

// func GELUBack512(dx, dy, x []float32)
//
// dy·GELU'(x), as geluBackAVX.
TEXT ·GELUBack512(SB), NOSPLIT, $0-72
	MOVQ dx_base+0(FP), DI
	MOVQ dx_len+8(FP), CX
	MOVQ dy_base+24(FP), DX
	MOVQ x_base+48(FP), SI
	GELU2CONSTS
	KALL2(AX)

loop:
	CMPQ  CX, $32
	JGE   step
	TESTQ CX, CX
	JEQ   done
	KTAIL2(AX)

step:
	LOAD2((SI), C0X, C1X)
	GELU2BACKV
	LOAD2((DX), C0T, C1T)
	VMULPS C0T, C0E, C0E
	VMULPS C1T, C1E, C1E
	STORE2(C0E, C1E, (DI))
	ADDQ $128, SI
	ADDQ $128, DX
	ADDQ $128, DI
	SUBQ $32, CX
	JG   loop

done:
	VZEROUPPER
	RET

// func GELUGrad512(dst, grad, x []float32)
//
// GELU(x) and GELU'(x), as geluGradAVX.
TEXT ·GELUGrad512(SB), NOSPLIT, $0-72
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ grad_base+24(FP), DX
	MOVQ x_base+48(FP), SI
	GELU2CONSTS
	KALL2(AX)

loop:
	CMPQ  CX, $32
	JGE   step
	TESTQ CX, CX
	JEQ   done
	KTAIL2(AX)

step:
	LOAD2((SI), C0X, C1X)
	GELU2GRADV
	STORE2(C0Q, C1Q, (DI))
	STORE2(C0E, C1E, (DX))
	ADDQ $128, SI
	ADDQ $128, DX
	ADDQ $128, DI
	SUBQ $32, CX
	JG   loop

done:
	VZEROUPPER
	RET

// func GELUTanh512(dst, x []float32)
//
// GELUTanh(x), as geluTanhAVX.
TEXT ·GELUTanh512(SB), NOSPLIT, $0-48
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ x_base+24(FP), SI
	KALL(AX)

loop:
	CMPQ  CX, $16
	JGE   step
	TESTQ CX, CX
	JEQ   done
	KTAIL(AX)

step:
	LOADV((SI), Z5)
	GELUTANHV
	STOREV(Z1, (DI))
	ADDQ $64, SI
	ADDQ $64, DI
	SUBQ $16, CX
	JG   loop

done:
	VZEROUPPER
	RET

// func GELUTanhBack512(dx, dy, x []float32)
//
// dy·GELUTanh'(x), as geluTanhBackAVX.
TEXT ·GELUTanhBack512(SB), NOSPLIT, $0-72
	MOVQ dx_base+0(FP), DI
	MOVQ dx_len+8(FP), CX
	MOVQ dy_base+24(FP), DX
	MOVQ x_base+48(FP), SI
	KALL(AX)

loop:
	CMPQ  CX, $16
	JGE   step
	TESTQ CX, CX
	JEQ   done
	KTAIL(AX)

step:
	LOADV((SI), Z5)
	GELUTANHBACKV
	LOADV((DX), Z4)
	VMULPS Z4, Z10, Z10
	STOREV(Z10, (DI))
	ADDQ $64, SI
	ADDQ $64, DX
	ADDQ $64, DI
	SUBQ $16, CX
	JG   loop

done:
	VZEROUPPER
	RET

// func GELUTanhGrad512(dst, grad, x []float32)
//
// GELUTanh(x) and GELUTanh'(x), as geluTanhGradAVX.
TEXT ·GELUTanhGrad512(SB), NOSPLIT, $0-72
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ grad_base+24(FP), DX
	MOVQ x_base+48(FP), SI
	KALL(AX)

loop:
	CMPQ  CX, $16
	JGE   step
	TESTQ CX, CX
	JEQ   done
	KTAIL(AX)

step:
	LOADV((SI), Z5)
	GELUTANHGRADV
	STOREV(Z1, (DI))
	STOREV(Z10, (DX))
	ADDQ $64, SI
	ADDQ $64, DX
	ADDQ $64, DI
	SUBQ $16, CX
	JG   loop

done:
	VZEROUPPER
	RET
