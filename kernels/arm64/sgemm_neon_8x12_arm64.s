//go:build arm64 && gc && !purego

#include "textflag.h"
#include "neon_arm64.h"

// The 8 x 12 tile of C lives in V8..V31 (row i in V(8+3i)..V(10+3i)). Per k
// step: one load of 8 packed A values (V0, V1), one of 12 packed B values
// (V2..V4) and 24 FMLAs by element, the A value taken from its lane, so no
// broadcasts are needed. The Go assembler has no by-element FMLA/FMUL, so
// those are WORD encodings (FMLAE4, FMULE4 in neon_arm64.h).

// ZERO3 clears three accumulators.
#define ZERO3(r0, r1, r2) \
	VEOR r0.B16, r0.B16, r0.B16; \
	VEOR r1.B16, r1.B16, r1.B16; \
	VEOR r2.B16, r2.B16, r2.B16

// KROW is one row of a k step: C row in V(c)..V(c+2) += B (V2..V4) *
// Va.S[i], the row's A value.
#define KROW(c, a, i) \
	FMLAE4(c, 2, a, i); \
	FMLAE4(c+1, 3, a, i); \
	FMLAE4(c+2, 4, a, i)

// SCALE3 is C row V(c)..V(c+2) *= alpha (V0.S[0]).
#define SCALE3(c) \
	FMULE4(c, c, 0, 0); \
	FMULE4(c+1, c+1, 0, 0); \
	FMULE4(c+2, c+2, 0, 0)

// ROWBETA writes alpha*AB + beta*C for the row in V(c)..V(c+2) (named r0..r2
// for the store) at (R2).
#define ROWBETA(c, r0, r1, r2) \
	SCALE3(c); \
	VLD1 (R2), [V2.S4, V3.S4, V4.S4]; \
	FMLAE4(c, 2, 1, 0); \
	FMLAE4(c+1, 3, 1, 0); \
	FMLAE4(c+2, 4, 1, 0); \
	VST1 [r0.S4, r1.S4, r2.S4], (R2)

// ROWNOBETA writes alpha*AB for the row in V(c)..V(c+2) at (R2).
#define ROWNOBETA(c, r0, r1, r2) \
	SCALE3(c); \
	VST1 [r0.S4, r1.S4, r2.S4], (R2)


// func Sgemm8x12(k int, a, b, c []float32, ldc int, alpha, beta float32, next *float32)
TEXT ·Sgemm8x12(SB), NOSPLIT, $0-104
	MOVD k+0(FP), R5
	MOVD a_base+8(FP), R0
	MOVD b_base+32(FP), R1
	MOVD c_base+56(FP), R2
	MOVD ldc+80(FP), R3
	LSL  $2, R3        // ldc in bytes
	ZERO3(V8, V9, V10)
	ZERO3(V11, V12, V13)
	ZERO3(V14, V15, V16)
	ZERO3(V17, V18, V19)
	ZERO3(V20, V21, V22)
	ZERO3(V23, V24, V25)
	ZERO3(V26, V27, V28)
	ZERO3(V29, V30, V31)

loop:
	VLD1.P 32(R0), [V0.S4, V1.S4]
	VLD1.P 48(R1), [V2.S4, V3.S4, V4.S4]
	KROW(8, 0, 0)
	KROW(11, 0, 1)
	KROW(14, 0, 2)
	KROW(17, 0, 3)
	KROW(20, 1, 0)
	KROW(23, 1, 1)
	KROW(26, 1, 2)
	KROW(29, 1, 3)
	SUBS $1, R5
	BNE  loop

	FMOVS alpha+88(FP), F0
	FMOVS beta+92(FP), F1
	// beta == 0 (+0 or -0): overwrite C without reading it, so that NaNs
	// there do not leak into the result.
	MOVWU beta+92(FP), R4
	AND   $0x7fffffff, R4
	CBZ   R4, nobeta

	ROWBETA(8, V8, V9, V10)
	ADD  R3, R2
	ROWBETA(11, V11, V12, V13)
	ADD  R3, R2
	ROWBETA(14, V14, V15, V16)
	ADD  R3, R2
	ROWBETA(17, V17, V18, V19)
	ADD  R3, R2
	ROWBETA(20, V20, V21, V22)
	ADD  R3, R2
	ROWBETA(23, V23, V24, V25)
	ADD  R3, R2
	ROWBETA(26, V26, V27, V28)
	ADD  R3, R2
	ROWBETA(29, V29, V30, V31)
	RET

nobeta:
	ROWNOBETA(8, V8, V9, V10)
	ADD  R3, R2
	ROWNOBETA(11, V11, V12, V13)
	ADD  R3, R2
	ROWNOBETA(14, V14, V15, V16)
	ADD  R3, R2
	ROWNOBETA(17, V17, V18, V19)
	ADD  R3, R2
	ROWNOBETA(20, V20, V21, V22)
	ADD  R3, R2
	ROWNOBETA(23, V23, V24, V25)
	ADD  R3, R2
	ROWNOBETA(26, V26, V27, V28)
	ADD  R3, R2
	ROWNOBETA(29, V29, V30, V31)
	RET
