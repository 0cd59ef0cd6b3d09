//go:build arm64 && gc && !purego

#include "textflag.h"
#include "neon_arm64.h"

// MAXUPDATE(a, x, t) sets Va = Vx where Vx > Va, using Vt as the mask. A
// NaN in Vx compares false and never enters the accumulator.
#define MAXUPDATE(a, x, t) \
	FCMGT4(t, x, a); \
	BIT16(a, x, t)

// MAXPASS leaves in S0 (other lanes zero) the largest non-NaN element of
// the R3 floats at R0, or -Inf. Clobbers R0, R3, R4, V0-V8.
#define MAXPASS \
	MOVW   $0xff800000, R4; \
	VDUP   R4, V0.S4; \
	VORR   V0.B16, V0.B16, V1.B16; \
	VORR   V0.B16, V0.B16, V2.B16; \
	VORR   V0.B16, V0.B16, V3.B16; \
max16:; \
	CMP    $16, R3; \
	BLT    max4; \
	VLD1.P 64(R0), [V4.S4, V5.S4, V6.S4, V7.S4]; \
	MAXUPDATE(0, 4, 8); \
	MAXUPDATE(1, 5, 8); \
	MAXUPDATE(2, 6, 8); \
	MAXUPDATE(3, 7, 8); \
	SUB    $16, R3; \
	B      max16; \
max4:; \
	CMP    $4, R3; \
	BLT    maxreduce; \
	VLD1.P 16(R0), [V4.S4]; \
	MAXUPDATE(0, 4, 8); \
	SUB    $4, R3; \
	B      max4; \
maxreduce:; \
	MAXUPDATE(0, 1, 8); \
	MAXUPDATE(0, 2, 8); \
	MAXUPDATE(0, 3, 8); \
	FMAXV4(0, 0); \
maxtail:; \
	CBZ    R3, maxdone; \
	FMOVS  (R0), F4; \
	MAXUPDATE(0, 4, 8); \
	ADD    $4, R0; \
	SUB    $1, R3; \
	B      maxtail; \
maxdone:

// func MaxNoNaN(x []float32) float32
//
// FMAXV on the accumulators is safe: they hold no NaN. The single-element
// tail runs after it, when lanes 1-3 of V0 and of the loaded V4 are zero,
// so those lanes never compare greater.
TEXT ·MaxNoNaN(SB), NOSPLIT, $0-28
	MOVD  x_base+0(FP), R0
	MOVD  x_len+8(FP), R3
	MAXPASS
	FMOVS F0, ret+24(FP)
	RET

// func ArgMax(x []float32) int
//
// Two passes: the maximum m, then the first index i with x[i] == m. The
// second pass usually stops early; -0 == +0 and NaN != m make the answer
// the Go reference's.
TEXT ·ArgMax(SB), NOSPLIT, $0-32
	MOVD x_base+0(FP), R0
	MOVD x_len+8(FP), R3
	MAXPASS
	MOVD x_base+0(FP), R0
	MOVD x_len+8(FP), R3
	MOVD ZR, R4
	VDUP V0.S[0], V5.S4

find4:
	CMP  $4, R3
	BLT  find1
	VLD1 (R0), [V4.S4]
	FCMEQ4(6, 4, 5)
	VMOV V6.D[0], R5
	VMOV V6.D[1], R6
	ORR  R5, R6, R5
	CBNZ R5, find1     // a match in these 4: locate it one by one
	ADD  $16, R0
	ADD  $4, R4
	SUB  $4, R3
	B    find4

find1:
	CBZ   R3, none
	FMOVS (R0), F4
	FCMPS F0, F4
	BEQ   done         // unordered (NaN) is not EQ
	ADD   $4, R0
	ADD   $1, R4
	SUB   $1, R3
	B     find1

none:
	// Only reached when every element is NaN (or x is empty).
	MOVD ZR, R4

done:
	MOVD R4, ret+24(FP)
	RET
