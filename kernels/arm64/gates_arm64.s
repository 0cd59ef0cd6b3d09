//go:build arm64 && gc && !purego

#include "textflag.h"
#include "neon_arm64.h"
#include "math_arm64.h"

// The gate kernels walk each gate block and state with its own pointer,
// four columns a step; at the end of a row every pointer skips to the
// same column of the next row (R20 for the gate blocks, R21 for the
// states). The constants of math_arm64.h stay in V16-V26.

// GSIGMOID(x) sets V0 = σ(Vx) as exp_arm64.s's sigmoidNEON does: t =
// e^-|x|, then (x < 0 ? t : 1)/(1+t). It clobbers V1-V3 and V6; x must
// be none of V0-V3, V6.
#define GSIGMOID(x) \
	DUP4(6, 19, 2); \
	ORR16(0, x, 6); \
	EXP(0, 1, 2, 3); \
	DUP4(1, 18, 3); \
	FADD4(2, 1, 0); \
	FCMLTZ4(3, x); \
	BIT16(1, 0, 3); \
	FDIV4(0, 1, 2)

// GTANH(x) sets V0 = tanh(Vx) as tanhNEON does: both branches for every
// lane, a = |x|, a + a³Q(a²) where a < 0.625 and 1 - 2/(e^{2a}+1)
// elsewhere, then x's sign ORed in. It clobbers V1-V3 and V6-V12; x must
// be none of V0-V3, V6-V12.
#define GTANH(x) \
	DUP4(6, 19, 1); \
	AND16(7, x, 6); \
	BIC16(6, x, 6); \
	FADD4(0, 7, 7); \
	EXP(0, 1, 2, 3); \
	DUP4(1, 18, 3); \
	FADD4(0, 0, 1); \
	DUP4(2, 19, 3); \
	FDIV4(2, 2, 0); \
	FSUB4(8, 1, 2); \
	FMUL4(9, 7, 7); \
	DUP4(10, 20, 2); \
	FMLAE4(10, 9, 20, 1); \
	DUP4(11, 20, 3); \
	FMLA4(11, 10, 9); \
	DUP4(10, 21, 0); \
	FMLA4(10, 11, 9); \
	DUP4(11, 21, 1); \
	FMLA4(11, 10, 9); \
	FMUL4(12, 9, 7); \
	MOV16(10, 7); \
	FMLA4(10, 12, 11); \
	DUP4(12, 20, 0); \
	FCMGT4(12, 12, 7); \
	BIT16(8, 10, 12); \
	ORR16(0, 8, 6)

// SKIPS sets R20 = (G·hs - w)·4 and R21 = (hs - w)·4 bytes from hs in
// R17 and w in R19 (G gate blocks).
#define SKIPS(G) \
	MOVD $G, R20; \
	MUL  R17, R20; \
	SUB  R19, R20; \
	LSL  $2, R20; \
	SUB  R19, R17, R21; \
	LSL  $2, R21

// func LSTMGates(g, cPrev, c, tc, h []float32, rows, hs, w int)
//
// R0-R3 walk the i, f, g and o blocks of g, R5 cPrev, R6 c, R7 tc, R8 h.
TEXT ·LSTMGates(SB), NOSPLIT, $0-144
	MOVD g_base+0(FP), R0
	MOVD cPrev_base+24(FP), R5
	MOVD c_base+48(FP), R6
	MOVD tc_base+72(FP), R7
	MOVD h_base+96(FP), R8
	MOVD rows+120(FP), R15
	MOVD hs+128(FP), R17
	MOVD w+136(FP), R19
	CBZ  R19, done
	ADD  R17<<2, R0, R1
	ADD  R17<<2, R1, R2
	ADD  R17<<2, R2, R3
	SKIPS(4)
	LOADCONSTS

row:
	CBZ  R15, done
	MOVD R19, R16

col:
	VLD1   (R0), [V5.S4]
	GSIGMOID(5)
	VST1.P [V0.S4], 16(R0)
	MOV16(27, 0)
	VLD1   (R1), [V5.S4]
	GSIGMOID(5)
	VST1.P [V0.S4], 16(R1)
	MOV16(28, 0)
	VLD1   (R2), [V5.S4]
	GTANH(5)
	VST1.P [V0.S4], 16(R2)
	MOV16(29, 0)
	VLD1   (R3), [V5.S4]
	GSIGMOID(5)
	VST1.P [V0.S4], 16(R3)
	MOV16(30, 0)

	// c = fma(f, cPrev, i·g), tc = tanh(c), h = o·tc
	FMUL4(31, 27, 29)
	VLD1.P 16(R5), [V4.S4]
	FMLA4(31, 28, 4)
	VST1.P [V31.S4], 16(R6)
	GTANH(31)
	VST1.P [V0.S4], 16(R7)
	FMUL4(0, 30, 0)
	VST1.P [V0.S4], 16(R8)

	SUB $4, R16
	CBNZ R16, col
	ADD R20, R0
	ADD R20, R1
	ADD R20, R2
	ADD R20, R3
	ADD R21, R5
	ADD R21, R6
	ADD R21, R7
	ADD R21, R8
	SUB $1, R15
	B   row

done:
	RET

// func LSTMGatesBack(da, dc, dh, g, cPrev, tc []float32, rows, hs, w int)
//
// R0-R3 walk the i, f, g, o blocks of g and R5-R8 those of da; R9 dc,
// R10 dh, R11 cPrev, R12 tc. V15 holds 1.
TEXT ·LSTMGatesBack(SB), NOSPLIT, $0-168
	MOVD da_base+0(FP), R5
	MOVD dc_base+24(FP), R9
	MOVD dh_base+48(FP), R10
	MOVD g_base+72(FP), R0
	MOVD cPrev_base+96(FP), R11
	MOVD tc_base+120(FP), R12
	MOVD rows+144(FP), R15
	MOVD hs+152(FP), R17
	MOVD w+160(FP), R19
	CBZ  R19, done
	ADD  R17<<2, R0, R1
	ADD  R17<<2, R1, R2
	ADD  R17<<2, R2, R3
	ADD  R17<<2, R5, R6
	ADD  R17<<2, R6, R7
	ADD  R17<<2, R7, R8
	SKIPS(4)
	LOADCONSTS
	DUP4(15, 18, 3)

row:
	CBZ  R15, done
	MOVD R19, R16

col:
	VLD1.P 16(R12), [V0.S4] // tc
	MOV16(2, 15)
	FMLS4(2, 0, 0)          // 1 - tc²
	VLD1.P 16(R3), [V3.S4]  // o
	VLD1.P 16(R10), [V4.S4] // dh
	FMUL4(5, 4, 3)
	VLD1   (R9), [V6.S4]
	FMLA4(6, 5, 2)          // dct

	FMUL4(7, 4, 0)          // do = (dh·tc)·(o - o²)
	MOV16(8, 3)
	FMLS4(8, 3, 3)
	FMUL4(7, 7, 8)
	VST1.P [V7.S4], 16(R8)

	VLD1.P 16(R0), [V9.S4]  // i
	VLD1.P 16(R1), [V10.S4] // f
	VLD1.P 16(R2), [V11.S4] // g

	FMUL4(7, 6, 11)         // di = (dct·g)·(i - i²)
	MOV16(8, 9)
	FMLS4(8, 9, 9)
	FMUL4(7, 7, 8)
	VST1.P [V7.S4], 16(R5)

	VLD1.P 16(R11), [V12.S4]
	FMUL4(7, 6, 12)         // df = (dct·cPrev)·(f - f²)
	MOV16(8, 10)
	FMLS4(8, 10, 10)
	FMUL4(7, 7, 8)
	VST1.P [V7.S4], 16(R6)

	FMUL4(7, 6, 9)          // dg = (dct·i)·(1 - g²)
	MOV16(8, 15)
	FMLS4(8, 11, 11)
	FMUL4(7, 7, 8)
	VST1.P [V7.S4], 16(R7)

	FMUL4(6, 6, 10)         // dc = dct·f
	VST1.P [V6.S4], 16(R9)

	SUB $4, R16
	CBNZ R16, col
	ADD R20, R0
	ADD R20, R1
	ADD R20, R2
	ADD R20, R3
	ADD R20, R5
	ADD R20, R6
	ADD R20, R7
	ADD R20, R8
	ADD R21, R9
	ADD R21, R10
	ADD R21, R11
	ADD R21, R12
	SUB $1, R15
	B   row

done:
	RET

// func GRUGates(g, gh, hPrev, h []float32, rows, hs, w int)
//
// R0-R2 walk the r, z, n blocks of g and R5-R7 those of gh; R8 hPrev,
// R9 h.
TEXT ·GRUGates(SB), NOSPLIT, $0-120
	MOVD g_base+0(FP), R0
	MOVD gh_base+24(FP), R5
	MOVD hPrev_base+48(FP), R8
	MOVD h_base+72(FP), R9
	MOVD rows+96(FP), R15
	MOVD hs+104(FP), R17
	MOVD w+112(FP), R19
	CBZ  R19, done
	ADD  R17<<2, R0, R1
	ADD  R17<<2, R1, R2
	ADD  R17<<2, R5, R6
	ADD  R17<<2, R6, R7
	SKIPS(3)
	LOADCONSTS

row:
	CBZ  R15, done
	MOVD R19, R16

col:
	VLD1   (R0), [V5.S4]
	VLD1.P 16(R5), [V4.S4]
	FADD4(5, 5, 4)
	GSIGMOID(5)
	VST1.P [V0.S4], 16(R0)
	MOV16(27, 0)            // r
	VLD1   (R1), [V5.S4]
	VLD1.P 16(R6), [V4.S4]
	FADD4(5, 5, 4)
	GSIGMOID(5)
	VST1.P [V0.S4], 16(R1)
	MOV16(28, 0)            // z
	VLD1   (R2), [V5.S4]
	VLD1.P 16(R7), [V4.S4]
	FMLA4(5, 27, 4)
	GTANH(5)
	VST1.P [V0.S4], 16(R2)  // n
	VLD1.P 16(R8), [V4.S4]
	FSUB4(4, 4, 0)
	FMLA4(0, 28, 4)         // h = fma(z, hPrev - n, n)
	VST1.P [V0.S4], 16(R9)

	SUB $4, R16
	CBNZ R16, col
	ADD R20, R0
	ADD R20, R1
	ADD R20, R2
	ADD R20, R5
	ADD R20, R6
	ADD R20, R7
	ADD R21, R8
	ADD R21, R9
	SUB $1, R15
	B   row

done:
	RET

// func GRUGatesBack(dg, dgh, dhPrev, dh, g, gh, hPrev []float32, rows, hs, w int)
//
// R0-R2 walk the r, z, n blocks of g, R3 the n block of gh, R5-R7 the
// blocks of dg and R8, R10, R11 those of dgh; R12 dhPrev, R13 dh, R14
// hPrev. V15 holds 1.
TEXT ·GRUGatesBack(SB), NOSPLIT, $0-192
	MOVD dg_base+0(FP), R5
	MOVD dgh_base+24(FP), R8
	MOVD dhPrev_base+48(FP), R12
	MOVD dh_base+72(FP), R13
	MOVD g_base+96(FP), R0
	MOVD gh_base+120(FP), R3
	MOVD hPrev_base+144(FP), R14
	MOVD rows+168(FP), R15
	MOVD hs+176(FP), R17
	MOVD w+184(FP), R19
	CBZ  R19, done
	ADD  R17<<2, R0, R1
	ADD  R17<<2, R1, R2
	ADD  R17<<3, R3, R3
	ADD  R17<<2, R5, R6
	ADD  R17<<2, R6, R7
	ADD  R17<<2, R8, R10
	ADD  R17<<2, R10, R11
	SKIPS(3)
	LOADCONSTS
	DUP4(15, 18, 3)

row:
	CBZ  R15, done
	MOVD R19, R16

col:
	VLD1.P 16(R13), [V0.S4] // dh
	VLD1.P 16(R1), [V1.S4]  // z
	VLD1.P 16(R2), [V2.S4]  // n
	VLD1.P 16(R0), [V3.S4]  // r
	VLD1.P 16(R14), [V5.S4] // hPrev

	MOV16(6, 0)             // dn = (dh - dh·z)·(1 - n²)
	FMLS4(6, 0, 1)
	MOV16(7, 15)
	FMLS4(7, 2, 2)
	FMUL4(6, 6, 7)

	VLD1.P 16(R3), [V4.S4]  // dr = (dn·gh_n)·(r - r²)
	FMUL4(7, 6, 4)
	MOV16(8, 3)
	FMLS4(8, 3, 3)
	FMUL4(7, 7, 8)

	FSUB4(8, 5, 2)          // dz = (dh·(hPrev - n))·(z - z²)
	FMUL4(8, 0, 8)
	MOV16(9, 1)
	FMLS4(9, 1, 1)
	FMUL4(8, 8, 9)

	VST1.P [V7.S4], 16(R5)
	VST1.P [V8.S4], 16(R6)
	VST1.P [V6.S4], 16(R7)
	VST1.P [V7.S4], 16(R8)
	VST1.P [V8.S4], 16(R10)
	FMUL4(10, 6, 3)
	VST1.P [V10.S4], 16(R11)
	FMUL4(0, 0, 1)          // dhPrev = dh·z
	VST1.P [V0.S4], 16(R12)

	SUB $4, R16
	CBNZ R16, col
	ADD R20, R0
	ADD R20, R1
	ADD R20, R2
	ADD R20, R3
	ADD R20, R5
	ADD R20, R6
	ADD R20, R7
	ADD R20, R8
	ADD R20, R10
	ADD R20, R11
	ADD R21, R12
	ADD R21, R13
	ADD R21, R14
	SUB $1, R15
	B   row

done:
	RET
