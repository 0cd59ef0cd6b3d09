//go:build arm64 && gc && !purego

#include "textflag.h"
#include "neon_arm64.h"
#include "math_arm64.h"

// The row sums keep element j in lane j%16: four vectors of four lanes,
// sixteen elements a step, then the remaining groups of four into the
// first one, two or three vectors. Lengths are multiples of 4.

// func LNSum(acc *[16]float32, x []float32)
TEXT ·LNSum(SB), NOSPLIT, $0-32
	MOVD acc+0(FP), R0
	MOVD x_base+8(FP), R1
	MOVD x_len+16(FP), R3
	VLD1 (R0), [V0.S4, V1.S4, V2.S4, V3.S4]

loop16:
	CMP    $16, R3
	BLT    tail
	VLD1.P 64(R1), [V4.S4, V5.S4, V6.S4, V7.S4]
	FADD4(0, 0, 4)
	FADD4(1, 1, 5)
	FADD4(2, 2, 6)
	FADD4(3, 3, 7)
	SUB    $16, R3
	B      loop16

tail:
	CBZ    R3, done
	VLD1.P 16(R1), [V4.S4]
	FADD4(0, 0, 4)
	SUB    $4, R3
	CBZ    R3, done
	VLD1.P 16(R1), [V4.S4]
	FADD4(1, 1, 4)
	SUB    $4, R3
	CBZ    R3, done
	VLD1.P 16(R1), [V4.S4]
	FADD4(2, 2, 4)

done:
	VST1 [V0.S4, V1.S4, V2.S4, V3.S4], (R0)
	RET

// CENTER1(S, Q) adds the four d = x - m at R1 into VS and d² (fused)
// into VQ; m is in V8.
#define CENTER1(S, Q) \
	VLD1.P 16(R1), [V12.S4]; \
	FSUB4(12, 12, 8); \
	FADD4(S, S, 12); \
	FMLA4(Q, 12, 12)

// func LNCentered(s, q *[16]float32, x []float32, m float32)
TEXT ·LNCentered(SB), NOSPLIT, $0-44
	MOVD  s+0(FP), R0
	MOVD  q+8(FP), R2
	MOVD  x_base+16(FP), R1
	MOVD  x_len+24(FP), R3
	FMOVS m+40(FP), F8
	VDUP  V8.S[0], V8.S4
	VLD1  (R0), [V0.S4, V1.S4, V2.S4, V3.S4]
	VLD1  (R2), [V4.S4, V5.S4, V6.S4, V7.S4]

loop16:
	CMP $16, R3
	BLT tail
	CENTER1(0, 4)
	CENTER1(1, 5)
	CENTER1(2, 6)
	CENTER1(3, 7)
	SUB $16, R3
	B   loop16

tail:
	CBZ R3, done
	CENTER1(0, 4)
	SUB $4, R3
	CBZ R3, done
	CENTER1(1, 5)
	SUB $4, R3
	CBZ R3, done
	CENTER1(2, 6)

done:
	VST1 [V0.S4, V1.S4, V2.S4, V3.S4], (R0)
	VST1 [V4.S4, V5.S4, V6.S4, V7.S4], (R2)
	RET

// func LNNorm(dst, x, w, b []float32, m, r float32)
TEXT ·LNNorm(SB), NOSPLIT, $0-104
	MOVD  dst_base+0(FP), R0
	MOVD  dst_len+8(FP), R3
	MOVD  x_base+24(FP), R1
	MOVD  w_base+48(FP), R4
	MOVD  b_base+72(FP), R5
	FMOVS m+96(FP), F8
	VDUP  V8.S[0], V8.S4
	FMOVS r+100(FP), F9
	VDUP  V9.S[0], V9.S4

loop:
	CBZ    R3, done
	VLD1.P 16(R1), [V0.S4]
	FSUB4(0, 0, 8)
	FMUL4(0, 0, 9)
	VLD1.P 16(R4), [V1.S4]
	VLD1.P 16(R5), [V2.S4]
	FMLA4(2, 0, 1)
	VST1.P [V2.S4], 16(R0)
	SUB    $4, R3
	B      loop

done:
	RET

// LNBACK1(G, GX) handles the four elements at the pointers, adding into
// the lane sums VG and VGX: R1 x, R2 dy, R4 w, R5 db, R6 dw; m in V8,
// r in V9.
#define LNBACK1(G, GX) \
	VLD1.P 16(R1), [V12.S4]; \
	FSUB4(12, 12, 8); \
	FMUL4(12, 12, 9); \
	VLD1.P 16(R2), [V13.S4]; \
	VLD1.P 16(R4), [V14.S4]; \
	FMUL4(14, 13, 14); \
	FADD4(G, G, 14); \
	FMLA4(GX, 14, 12); \
	VLD1   (R5), [V15.S4]; \
	FADD4(15, 15, 13); \
	VST1.P [V15.S4], 16(R5); \
	VLD1   (R6), [V15.S4]; \
	FMLA4(15, 13, 12); \
	VST1.P [V15.S4], 16(R6)

// func LNBackSums(sg, sgx *[16]float32, db, dw, dy, x, w []float32, m, r float32)
TEXT ·LNBackSums(SB), NOSPLIT, $0-144
	MOVD  sg+0(FP), R0
	MOVD  sgx+8(FP), R7
	MOVD  db_base+16(FP), R5
	MOVD  dw_base+40(FP), R6
	MOVD  dy_base+64(FP), R2
	MOVD  dy_len+72(FP), R3
	MOVD  x_base+88(FP), R1
	MOVD  w_base+112(FP), R4
	FMOVS m+136(FP), F8
	VDUP  V8.S[0], V8.S4
	FMOVS r+140(FP), F9
	VDUP  V9.S[0], V9.S4
	VLD1  (R0), [V0.S4, V1.S4, V2.S4, V3.S4]
	VLD1  (R7), [V4.S4, V5.S4, V6.S4, V7.S4]

loop16:
	CMP $16, R3
	BLT tail
	LNBACK1(0, 4)
	LNBACK1(1, 5)
	LNBACK1(2, 6)
	LNBACK1(3, 7)
	SUB $16, R3
	B   loop16

tail:
	CBZ R3, done
	LNBACK1(0, 4)
	SUB $4, R3
	CBZ R3, done
	LNBACK1(1, 5)
	SUB $4, R3
	CBZ R3, done
	LNBACK1(2, 6)

done:
	VST1 [V0.S4, V1.S4, V2.S4, V3.S4], (R0)
	VST1 [V4.S4, V5.S4, V6.S4, V7.S4], (R7)
	RET

// func LNBackDx(dx, dy, x, w []float32, m, r, gm, gxm float32)
TEXT ·LNBackDx(SB), NOSPLIT, $0-112
	MOVD  dx_base+0(FP), R0
	MOVD  dx_len+8(FP), R3
	MOVD  dy_base+24(FP), R2
	MOVD  x_base+48(FP), R1
	MOVD  w_base+72(FP), R4
	FMOVS m+96(FP), F8
	VDUP  V8.S[0], V8.S4
	FMOVS r+100(FP), F9
	VDUP  V9.S[0], V9.S4
	FMOVS gm+104(FP), F10
	VDUP  V10.S[0], V10.S4
	FMOVS gxm+108(FP), F11
	VDUP  V11.S[0], V11.S4

loop:
	CBZ    R3, done
	VLD1.P 16(R1), [V12.S4]
	FSUB4(12, 12, 8)
	FMUL4(12, 12, 9)
	VLD1.P 16(R2), [V13.S4]
	VLD1.P 16(R4), [V14.S4]
	FMUL4(14, 13, 14)
	FSUB4(14, 14, 10)
	FMLS4(14, 12, 11)
	FMUL4(14, 14, 9)
	VST1.P [V14.S4], 16(R0)
	SUB    $4, R3
	B      loop

done:
	RET
