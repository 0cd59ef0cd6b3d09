//go:build amd64 && gc && !purego

#include "textflag.h"
#include "avx512_amd64.h"
#include "exp_amd64.h"

// Sixteen lanes a step, the last partial group under the mask K1 (CX lanes);
// the steps are those of the eight-lane kernels in exp_amd64.s.

// func Exp512(dst, x []float32)
//
// e^x, as expAVX.
TEXT ·Exp512(SB), NOSPLIT, $0-48
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
	EXP(Z5, Z1, Z2, Z3)
	STOREV(Z5, (DI))
	ADDQ $64, SI
	ADDQ $64, DI
	SUBQ $16, CX
	JG   loop

done:
	VZEROUPPER
	RET

// func Sigmoid512(dst, x []float32)
//
// σ(x), as sigmoidAVX.
TEXT ·Sigmoid512(SB), NOSPLIT, $0-48
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
	SIGMOID(Z5, Z0, Z1, Z2, Z3)
	STOREV(Z0, (DI))
	ADDQ $64, SI
	ADDQ $64, DI
	SUBQ $16, CX
	JG   loop

done:
	VZEROUPPER
	RET

// func Tanh512(dst, x []float32)
//
// tanh(x), as tanhAVX.
TEXT ·Tanh512(SB), NOSPLIT, $0-48
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
	TANH(Z5, Z0, Z1, Z2, Z3, Z6, Z7)
	STOREV(Z0, (DI))
	ADDQ $64, SI
	ADDQ $64, DI
	SUBQ $16, CX
	JG   loop

done:
	VZEROUPPER
	RET
