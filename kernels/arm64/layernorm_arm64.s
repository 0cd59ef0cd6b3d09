//go:build arm64 && gc && !purego

#include "textflag.h"
#include "neon_arm64.h"
#include "math_arm64.h"

// Both kernels keep element j of a row in lane j%16 of the sums: four
// vectors of four lanes, sixteen elements a step. The last cols%16
// elements go one by one, in scalar instructions, into the lanes spilled
// to the frame (the Go reference's arithmetic, element for element); the
// elementwise passes run groups of four and then the last cols%4 elements
// the same way.

// EXT16 is Vd = bytes i.. of Vn then bytes ..i-1 of Vm (EXT Vd.16B).
#define EXT16(d, n, m, i) WORD $(0x6E000000 | ((m)<<16) | ((i)<<11) | ((n)<<5) | (d))

// LANES16(a, b, c, d, t, u) adds the sixteen lanes of Va..Vd into the
// low lane of Vt in the order of package kernels' lanes16: lanes k and
// k+8, then k and k+4, then (l0+l2) + (l1+l3). Vu is scratch.
#define LANES16(a, b, c, d, t, u) \
	FADD4(t, a, c); \
	FADD4(u, b, d); \
	FADD4(t, t, u); \
	EXT16(u, t, t, 8); \
	FADD4(t, t, u); \
	FADDP4(t, t, t)

#define ZERO8 \
	VEOR V0.B16, V0.B16, V0.B16; \
	VEOR V1.B16, V1.B16, V1.B16; \
	VEOR V2.B16, V2.B16, V2.B16; \
	VEOR V3.B16, V3.B16, V3.B16; \
	VEOR V4.B16, V4.B16, V4.B16; \
	VEOR V5.B16, V5.B16, V5.B16; \
	VEOR V6.B16, V6.B16, V6.B16; \
	VEOR V7.B16, V7.B16, V7.B16

// SPILL and FILL move the sums V0-V7 to and from the frame at R10.
#define SPILL \
	VST1 [V0.S4, V1.S4, V2.S4, V3.S4], (R10); \
	ADD  $64, R10, R11; \
	VST1 [V4.S4, V5.S4, V6.S4, V7.S4], (R11); \
	MOVD R10, R11
#define FILL \
	VLD1 (R10), [V0.S4, V1.S4, V2.S4, V3.S4]; \
	ADD  $64, R10, R11; \
	VLD1 (R11), [V4.S4, V5.S4, V6.S4, V7.S4]

// CENTER1(S, Q) adds the four d = x - m at R2 into VS and d² (fused)
// into VQ; m is in V8.
#define CENTER1(S, Q) \
	VLD1.P 16(R2), [V12.S4]; \
	FSUB4(12, 12, 8); \
	FADD4(S, S, 12); \
	FMLA4(Q, 12, 12)

// func LNRows(dst, x, w, b, mean, rstd []float32, eps float32) int
TEXT ·LNRows(SB), NOSPLIT, $128-160
	MOVD   dst_base+0(FP), R0
	MOVD   x_base+24(FP), R1
	MOVD   w_base+48(FP), R4
	MOVD   w_len+56(FP), R9
	MOVD   b_base+72(FP), R5
	MOVD   mean_base+96(FP), R6
	MOVD   mean_len+104(FP), R8
	MOVD   rstd_base+120(FP), R7
	FMOVS  eps+144(FP), F22
	FCVTSD F22, F22
	SCVTFD R9, F21
	SCVTFS R9, F20
	ADD    $8, RSP, R10
	AND    $15, R9, R19
	LSR    $4, R9, R20
	MOVD   $0, R12

row:
	CMP R8, R12
	BGE done

	// The sum of the row.
	ZERO8
	MOVD R1, R2
	MOVD R20, R3
	CBZ  R3, sumt

sum16:
	VLD1.P 64(R2), [V12.S4, V13.S4, V14.S4, V15.S4]
	FADD4(0, 0, 12)
	FADD4(1, 1, 13)
	FADD4(2, 2, 14)
	FADD4(3, 3, 15)
	SUB    $1, R3
	CBNZ   R3, sum16

sumt:
	CBZ  R19, sumdone
	SPILL
	MOVD R19, R3

sumt1:
	FMOVS.P 4(R2), F12
	FMOVS   (R11), F13
	FADDS   F12, F13
	FMOVS.P F13, 4(R11)
	SUB     $1, R3
	CBNZ    R3, sumt1
	FILL

sumdone:
	LANES16(0, 1, 2, 3, 16, 17)
	FMOVS F16, F23              // sum
	FDIVS F20, F16, F24         // m1 = sum / n
	VDUP  V24.S[0], V8.S4

	// The centred sums about m1.
	ZERO8
	MOVD R1, R2
	MOVD R20, R3
	CBZ  R3, cent

cen16:
	CENTER1(0, 4)
	CENTER1(1, 5)
	CENTER1(2, 6)
	CENTER1(3, 7)
	SUB  $1, R3
	CBNZ R3, cen16

cent:
	CBZ  R19, cendone
	SPILL
	MOVD R19, R3

cent1:
	FMOVS.P 4(R2), F12
	FSUBS   F24, F12, F12
	FMOVS   (R11), F13
	FADDS   F12, F13
	FMOVS   F13, (R11)
	FMOVS   64(R11), F13
	FMADDS  F12, F13, F12, F13
	FMOVS   F13, 64(R11)
	ADD     $4, R11
	SUB     $1, R3
	CBNZ    R3, cent1
	FILL

cendone:
	LANES16(0, 1, 2, 3, 16, 17) // sd
	LANES16(4, 5, 6, 7, 18, 19) // sq

	// Rows whose float32 sums are not finite are left to the caller.
	FSUBS F23, F23, F25
	FCMPS $(0.0), F25
	BNE   done
	FSUBS F18, F18, F25
	FCMPS $(0.0), F25
	BNE   done

	// mean = m1 + sd/n, var = max((sq - sd·sd/n)/n, 0) in float64.
	FCVTSD F24, F24
	FCVTSD F16, F16
	FCVTSD F18, F18
	FDIVD  F21, F16, F25
	FADDD  F25, F24
	FMULD  F16, F16, F16
	FDIVD  F21, F16, F16
	FSUBD  F16, F18, F18
	FDIVD  F21, F18, F18
	FMOVD  ZR, F25
	FMAXD  F25, F18, F18 // +0 for -0 and +0, as Go's max
	FADDD  F22, F18
	FSQRTD F18, F18
	FMOVD  $1.0, F25
	FDIVD  F18, F25, F25
	FCVTDS F25, F9
	FCVTDS F24, F8
	ADD    R12<<2, R6, R11
	FMOVS  F8, (R11)
	ADD    R12<<2, R7, R11
	FMOVS  F9, (R11)
	VDUP   V8.S[0], V8.S4
	VDUP   V9.S[0], V9.S4

	// dst = fma((x - mean)·rstd, w, b).
	MOVD R1, R2
	MOVD R0, R13
	MOVD R4, R14
	MOVD R5, R15
	LSR  $2, R9, R3
	CBZ  R3, normt

norm4:
	VLD1.P 16(R2), [V12.S4]
	FSUB4(12, 12, 8)
	FMUL4(12, 12, 9)
	VLD1.P 16(R14), [V13.S4]
	VLD1.P 16(R15), [V14.S4]
	FMLA4(14, 12, 13)
	VST1.P [V14.S4], 16(R13)
	SUB    $1, R3
	CBNZ   R3, norm4

normt:
	AND $3, R9, R3
	CBZ R3, next

normt1:
	FMOVS.P 4(R2), F12
	FSUBS   F8, F12, F12
	FMULS   F9, F12, F12
	FMOVS.P 4(R14), F13
	FMOVS.P 4(R15), F14
	FMADDS  F13, F14, F12, F14
	FMOVS.P F14, 4(R13)
	SUB     $1, R3
	CBNZ    R3, normt1

next:
	ADD R9<<2, R1
	ADD R9<<2, R0
	ADD $1, R12
	B   row

done:
	MOVD R12, ret+152(FP)
	RET

// BACK1(G, GX) handles the four elements at the walking pointers (R13 x,
// R14 dy, R15 w, R22 db, R23 dw), with x̂ = (x-m)·r (m, r in V8, V9) and
// g = dy·w: g into VG, g·x̂ (fused) into VGX, dy into db, dy·x̂ (fused)
// into dw.
#define BACK1(G, GX) \
	VLD1.P 16(R13), [V12.S4]; \
	FSUB4(12, 12, 8); \
	FMUL4(12, 12, 9); \
	VLD1.P 16(R14), [V13.S4]; \
	VLD1.P 16(R15), [V14.S4]; \
	FMUL4(14, 13, 14); \
	FADD4(G, G, 14); \
	FMLA4(GX, 14, 12); \
	VLD1   (R22), [V15.S4]; \
	FADD4(15, 15, 13); \
	VST1.P [V15.S4], 16(R22); \
	VLD1   (R23), [V15.S4]; \
	FMLA4(15, 13, 12); \
	VST1.P [V15.S4], 16(R23)

// func LNBackRows(dx, dw, db, dy, x, w, mean, rstd []float32)
TEXT ·LNBackRows(SB), NOSPLIT, $128-192
	MOVD   dx_base+0(FP), R0
	MOVD   dw_base+24(FP), R6
	MOVD   db_base+48(FP), R5
	MOVD   dy_base+72(FP), R2
	MOVD   x_base+96(FP), R1
	MOVD   w_base+120(FP), R4
	MOVD   w_len+128(FP), R9
	MOVD   mean_base+144(FP), R7
	MOVD   mean_len+152(FP), R21
	MOVD   rstd_base+168(FP), R8
	SCVTFD R9, F21
	ADD    $8, RSP, R10
	AND    $15, R9, R19
	LSR    $4, R9, R20
	MOVD   $0, R12

brow:
	CMP   R21, R12
	BGE   bdone
	ADD   R12<<2, R7, R11
	FMOVS (R11), F8
	VDUP  V8.S[0], V8.S4
	ADD   R12<<2, R8, R11
	FMOVS (R11), F9
	VDUP  V9.S[0], V9.S4

	// The sums of g and g·x̂; db and dw.
	ZERO8
	MOVD R1, R13
	MOVD R2, R14
	MOVD R4, R15
	MOVD R5, R22
	MOVD R6, R23
	MOVD R20, R3
	CBZ  R3, backt

back16:
	BACK1(0, 4)
	BACK1(1, 5)
	BACK1(2, 6)
	BACK1(3, 7)
	SUB  $1, R3
	CBNZ R3, back16

backt:
	CBZ  R19, backdone
	SPILL
	MOVD R19, R3

backt1:
	FMOVS.P 4(R13), F12
	FSUBS   F8, F12, F12
	FMULS   F9, F12, F12       // x̂
	FMOVS.P 4(R14), F13        // dy
	FMOVS.P 4(R15), F14
	FMULS   F13, F14, F14      // g
	FMOVS   (R11), F15
	FADDS   F14, F15
	FMOVS   F15, (R11)
	FMOVS   64(R11), F15
	FMADDS  F12, F15, F14, F15
	FMOVS   F15, 64(R11)
	FMOVS   (R22), F15
	FADDS   F13, F15
	FMOVS.P F15, 4(R22)
	FMOVS   (R23), F15
	FMADDS  F12, F15, F13, F15
	FMOVS.P F15, 4(R23)
	ADD     $4, R11
	SUB     $1, R3
	CBNZ    R3, backt1
	FILL

backdone:
	// gm, gxm = float32(float64(sum)/n).
	LANES16(0, 1, 2, 3, 16, 17)
	LANES16(4, 5, 6, 7, 18, 19)
	FCVTSD F16, F16
	FDIVD  F21, F16, F16
	FCVTDS F16, F10
	VDUP   V10.S[0], V10.S4
	FCVTSD F18, F18
	FDIVD  F21, F18, F18
	FCVTDS F18, F11
	VDUP   V11.S[0], V11.S4

	// dx = fma(-x̂, gxm, g-gm)·r.
	MOVD R1, R13
	MOVD R2, R14
	MOVD R4, R15
	MOVD R0, R22
	LSR  $2, R9, R3
	CBZ  R3, dxt

dx4:
	VLD1.P 16(R13), [V12.S4]
	FSUB4(12, 12, 8)
	FMUL4(12, 12, 9)
	VLD1.P 16(R14), [V13.S4]
	VLD1.P 16(R15), [V14.S4]
	FMUL4(14, 13, 14)
	FSUB4(14, 14, 10)
	FMLS4(14, 12, 11)
	FMUL4(14, 14, 9)
	VST1.P [V14.S4], 16(R22)
	SUB    $1, R3
	CBNZ   R3, dx4

dxt:
	AND $3, R9, R3
	CBZ R3, bnext

dxt1:
	FMOVS.P 4(R13), F12
	FSUBS   F8, F12, F12
	FMULS   F9, F12, F12
	FMOVS.P 4(R14), F13
	FMOVS.P 4(R15), F14
	FMULS   F13, F14, F14
	FSUBS   F10, F14, F14
	FMSUBS  F11, F14, F12, F14
	FMULS   F9, F14, F14
	FMOVS.P F14, 4(R22)
	SUB     $1, R3
	CBNZ    R3, dxt1

bnext:
	ADD R9<<2, R0
	ADD R9<<2, R1
	ADD R9<<2, R2
	ADD $1, R12
	B   brow

bdone:
	RET
