//go:build arm64 && gc && !purego

#include "textflag.h"
#include "neon_arm64.h"

// func Dots6x4(a []float32, lda int, b []float32, o0, o1, o2, o3, n int, c []float32)
//
// Product (r, t) accumulates in V(4r+t). Rows of a at R0..R5, runs of b
// at R6..R9, each advanced by its load. Per 4 elements: six rows of a in
// V24..V29, then each run of b in V30 or V31 (alternating) feeds six
// FMLAs: 31 of the 32 V registers hold live values.

// RUN does the six FMLAs of the run in bv into c0..c5.
#define RUN(bv, c0, c1, c2, c3, c4, c5) \
	VFMLA V24.S4, bv, c0; \
	VFMLA V25.S4, bv, c1; \
	VFMLA V26.S4, bv, c2; \
	VFMLA V27.S4, bv, c3; \
	VFMLA V28.S4, bv, c4; \
	VFMLA V29.S4, bv, c5

// HSUM4 sums the four lanes of each of Va..Va+3 into the four lanes of
// Va, in order (V30 and V31 are scratch).
#define HSUM4(a) \
	FADDP4(30, a, a+1); \
	FADDP4(31, a+2, a+3); \
	FADDP4(a, 30, 31)

// TAIL adds one more element to row r's sums in Vd: its element of a
// (loaded from Rr into Fv, the low lane of Vv) times the four runs'
// elements in V30.
#define TAIL(d, Fv, v, Rr) \
	FMOVS.P 4(Rr), Fv; \
	FMLAE4(d, 30, v, 0)

TEXT ·Dots6x4(SB), NOSPLIT, $0-120
	MOVD a_base+0(FP), R0
	MOVD lda+24(FP), R10
	LSL  $2, R10
	ADD  R10, R0, R1
	ADD  R10, R1, R2
	ADD  R10, R2, R3
	ADD  R10, R3, R4
	ADD  R10, R4, R5
	MOVD b_base+32(FP), R11
	MOVD o0+56(FP), R6
	ADD  R6<<2, R11, R6
	MOVD o1+64(FP), R7
	ADD  R7<<2, R11, R7
	MOVD o2+72(FP), R8
	ADD  R8<<2, R11, R8
	MOVD o3+80(FP), R9
	ADD  R9<<2, R11, R9
	MOVD n+88(FP), R12

	VEOR V0.B16, V0.B16, V0.B16
	VEOR V1.B16, V1.B16, V1.B16
	VEOR V2.B16, V2.B16, V2.B16
	VEOR V3.B16, V3.B16, V3.B16
	VEOR V4.B16, V4.B16, V4.B16
	VEOR V5.B16, V5.B16, V5.B16
	VEOR V6.B16, V6.B16, V6.B16
	VEOR V7.B16, V7.B16, V7.B16
	VEOR V8.B16, V8.B16, V8.B16
	VEOR V9.B16, V9.B16, V9.B16
	VEOR V10.B16, V10.B16, V10.B16
	VEOR V11.B16, V11.B16, V11.B16
	VEOR V12.B16, V12.B16, V12.B16
	VEOR V13.B16, V13.B16, V13.B16
	VEOR V14.B16, V14.B16, V14.B16
	VEOR V15.B16, V15.B16, V15.B16
	VEOR V16.B16, V16.B16, V16.B16
	VEOR V17.B16, V17.B16, V17.B16
	VEOR V18.B16, V18.B16, V18.B16
	VEOR V19.B16, V19.B16, V19.B16
	VEOR V20.B16, V20.B16, V20.B16
	VEOR V21.B16, V21.B16, V21.B16
	VEOR V22.B16, V22.B16, V22.B16
	VEOR V23.B16, V23.B16, V23.B16

	LSR $2, R12, R13
	CBZ R13, reduce

loop:
	VLD1.P 16(R0), [V24.S4]
	VLD1.P 16(R1), [V25.S4]
	VLD1.P 16(R2), [V26.S4]
	VLD1.P 16(R3), [V27.S4]
	VLD1.P 16(R4), [V28.S4]
	VLD1.P 16(R5), [V29.S4]
	VLD1.P 16(R6), [V30.S4]
	RUN(V30.S4, V0.S4, V4.S4, V8.S4, V12.S4, V16.S4, V20.S4)
	VLD1.P 16(R7), [V31.S4]
	RUN(V31.S4, V1.S4, V5.S4, V9.S4, V13.S4, V17.S4, V21.S4)
	VLD1.P 16(R8), [V30.S4]
	RUN(V30.S4, V2.S4, V6.S4, V10.S4, V14.S4, V18.S4, V22.S4)
	VLD1.P 16(R9), [V31.S4]
	RUN(V31.S4, V3.S4, V7.S4, V11.S4, V15.S4, V19.S4, V23.S4)
	SUB $1, R13
	CBNZ R13, loop

reduce:
	// Row r's four sums in V(4r).
	HSUM4(0)
	HSUM4(4)
	HSUM4(8)
	HSUM4(12)
	HSUM4(16)
	HSUM4(20)
	AND $3, R12
	CBZ R12, store

tail:
	// The last n mod 4 elements, one at a time: the four runs' elements
	// gathered into V30, times each row's element by lane.
	FMOVS.P 4(R6), F30
	VLD1.P  4(R7), V30.S[1]
	VLD1.P  4(R8), V30.S[2]
	VLD1.P  4(R9), V30.S[3]
	TAIL(0, F24, 24, R0)
	TAIL(4, F25, 25, R1)
	TAIL(8, F26, 26, R2)
	TAIL(12, F27, 27, R3)
	TAIL(16, F28, 28, R4)
	TAIL(20, F29, 29, R5)
	SUB $1, R12
	CBNZ R12, tail

store:
	MOVD    c_base+96(FP), R0
	VST1.P  [V0.S4], 16(R0)
	VST1.P  [V4.S4], 16(R0)
	VST1.P  [V8.S4], 16(R0)
	VST1.P  [V12.S4], 16(R0)
	VST1.P  [V16.S4], 16(R0)
	VST1    [V20.S4], (R0)
	RET
