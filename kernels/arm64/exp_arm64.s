//go:build arm64 && gc && !purego

#include "textflag.h"
#include "neon_arm64.h"
#include "math_arm64.h"

// The kernels take whole groups of four lanes (eight for the sums); the
// wrappers in exp_arm64.go pad the last partial group. Loads precede
// stores, so dst may alias x.

// func expNEON(dst, x []float32)
//
// len(dst) must be a multiple of 4.
TEXT ·expNEON(SB), NOSPLIT, $0-48
	MOVD dst_base+0(FP), R0
	MOVD dst_len+8(FP), R3
	MOVD x_base+24(FP), R1
	LOADCONSTS

loop:
	CBZ    R3, done
	VLD1.P 16(R1), [V0.S4]
	EXP(0, 1, 2, 3)
	VST1.P [V0.S4], 16(R0)
	SUB    $4, R3
	B      loop

done:
	RET

// func expSumNEON(dst, x []float32, m float32, acc *[8]float32)
//
// dst = e^(x-m), and lane i%8 of acc (V8 lanes 0-3, V9 lanes 4-7)
// accumulates dst[i]. len(dst) must be a multiple of 8.
TEXT ·expSumNEON(SB), NOSPLIT, $0-64
	MOVD  dst_base+0(FP), R0
	MOVD  dst_len+8(FP), R3
	MOVD  x_base+24(FP), R1
	FMOVS m+48(FP), F10
	VDUP  V10.S[0], V10.S4
	MOVD  acc+56(FP), R2
	VLD1  (R2), [V8.S4, V9.S4]
	LOADCONSTS

loop:
	CBZ    R3, done
	VLD1.P 32(R1), [V4.S4, V5.S4]
	FSUB4(4, 4, 10)
	FSUB4(5, 5, 10)
	EXP(4, 0, 1, 2)
	EXP(5, 0, 1, 2)
	VST1.P [V4.S4, V5.S4], 32(R0)
	FADD4(8, 8, 4)
	FADD4(9, 9, 5)
	SUB    $8, R3
	B      loop

done:
	VST1 [V8.S4, V9.S4], (R2)
	RET

// func sumExpNEON(x []float32, m float32, acc *[8]float32)
//
// Lane i%8 of acc accumulates e^(x[i]-m), as in expSumNEON without the
// stores. len(x) must be a multiple of 8.
TEXT ·sumExpNEON(SB), NOSPLIT, $0-40
	MOVD  x_base+0(FP), R1
	MOVD  x_len+8(FP), R3
	FMOVS m+24(FP), F10
	VDUP  V10.S[0], V10.S4
	MOVD  acc+32(FP), R2
	VLD1  (R2), [V8.S4, V9.S4]
	LOADCONSTS

loop:
	CBZ    R3, done
	VLD1.P 32(R1), [V4.S4, V5.S4]
	FSUB4(4, 4, 10)
	FSUB4(5, 5, 10)
	EXP(4, 0, 1, 2)
	EXP(5, 0, 1, 2)
	FADD4(8, 8, 4)
	FADD4(9, 9, 5)
	SUB    $8, R3
	B      loop

done:
	VST1 [V8.S4, V9.S4], (R2)
	RET

// func sigmoidNEON(dst, x []float32)
//
// t = e^-|x|, then (x < 0 ? t : 1) / (1 + t). len(dst) must be a
// multiple of 4.
TEXT ·sigmoidNEON(SB), NOSPLIT, $0-48
	MOVD dst_base+0(FP), R0
	MOVD dst_len+8(FP), R3
	MOVD x_base+24(FP), R1
	LOADCONSTS

loop:
	CBZ    R3, done
	VLD1.P 16(R1), [V5.S4]
	DUP4(6, 19, 2)
	ORR16(0, 5, 6)
	EXP(0, 1, 2, 3)
	DUP4(1, 18, 3)
	FADD4(2, 1, 0)
	FCMLTZ4(3, 5)
	BIT16(1, 0, 3)
	FDIV4(0, 1, 2)
	VST1.P [V0.S4], 16(R0)
	SUB    $4, R3
	B      loop

done:
	RET

// func tanhNEON(dst, x []float32)
//
// Both branches for every lane, a = |x|: a + a³Q(a²) and 1 - 2/(e^{2a}+1),
// the first where a < 0.625 (false for NaN), then x's sign ORed in.
// len(dst) must be a multiple of 4.
TEXT ·tanhNEON(SB), NOSPLIT, $0-48
	MOVD dst_base+0(FP), R0
	MOVD dst_len+8(FP), R3
	MOVD x_base+24(FP), R1
	LOADCONSTS

loop:
	CBZ    R3, done
	VLD1.P 16(R1), [V5.S4]
	DUP4(6, 19, 1)
	AND16(7, 5, 6)
	BIC16(6, 5, 6)
	FADD4(0, 7, 7)
	EXP(0, 1, 2, 3)
	DUP4(1, 18, 3)
	FADD4(0, 0, 1)
	DUP4(2, 19, 3)
	FDIV4(2, 2, 0)
	FSUB4(8, 1, 2)
	FMUL4(9, 7, 7)
	DUP4(10, 20, 2)
	FMLAE4(10, 9, 20, 1)
	DUP4(11, 20, 3)
	FMLA4(11, 10, 9)
	DUP4(10, 21, 0)
	FMLA4(10, 11, 9)
	DUP4(11, 21, 1)
	FMLA4(11, 10, 9)
	FMUL4(12, 9, 7)
	MOV16(10, 7)
	FMLA4(10, 12, 11)
	DUP4(12, 20, 0)
	FCMGT4(12, 12, 7)
	BIT16(8, 10, 12)
	ORR16(0, 8, 6)
	VST1.P [V0.S4], 16(R0)
	SUB    $4, R3
	B      loop

done:
	RET

// func sigmoidBackNEON(dx, dy, y []float32)
//
// (dy*y)*(1-y). len(dx) must be a multiple of 4.
TEXT ·sigmoidBackNEON(SB), NOSPLIT, $0-72
	MOVD dx_base+0(FP), R0
	MOVD dx_len+8(FP), R3
	MOVD dy_base+24(FP), R1
	MOVD y_base+48(FP), R2
	LOADCONSTS
	DUP4(15, 18, 3)

loop:
	CBZ    R3, done
	VLD1.P 16(R1), [V0.S4]
	VLD1.P 16(R2), [V1.S4]
	FMUL4(0, 0, 1)
	FSUB4(2, 15, 1)
	FMUL4(0, 0, 2)
	VST1.P [V0.S4], 16(R0)
	SUB    $4, R3
	B      loop

done:
	RET

// func tanhBackNEON(dx, dy, y []float32)
//
// dy*(1-y*y) with 1-y*y one fused operation. len(dx) must be a multiple
// of 4.
TEXT ·tanhBackNEON(SB), NOSPLIT, $0-72
	MOVD dx_base+0(FP), R0
	MOVD dx_len+8(FP), R3
	MOVD dy_base+24(FP), R1
	MOVD y_base+48(FP), R2
	LOADCONSTS
	DUP4(15, 18, 3)

loop:
	CBZ    R3, done
	VLD1.P 16(R1), [V0.S4]
	VLD1.P 16(R2), [V1.S4]
	MOV16(2, 15)
	FMLS4(2, 1, 1)
	FMUL4(0, 0, 2)
	VST1.P [V0.S4], 16(R0)
	SUB    $4, R3
	B      loop

done:
	RET
