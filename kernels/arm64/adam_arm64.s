//go:build arm64 && gc && !purego

#include "textflag.h"
#include "neon_arm64.h"

// ADAMBODY updates the lanes of g (V0), m (V1), v (V2) and p (V3) in
// place. V16..V22 hold beta1, 1-beta1, beta2, 1-beta2, eps, vscale, step;
// V23 holds 2^-126, below which m and v are flushed to zero.
#define ADAMBODY \
	FMUL4(1, 1, 16); \
	FMUL4(24, 0, 17); \
	FADD4(1, 1, 24); \
	FMUL4(2, 2, 18); \
	FMUL4(24, 0, 19); \
	FMUL4(24, 24, 0); \
	FADD4(2, 2, 24); \
	FLUSH4(1, 23, 27); \
	FLUSH4(2, 23, 27); \
	FSQRT4(25, 2); \
	FMUL4(25, 25, 21); \
	FADD4(25, 25, 20); \
	FMUL4(26, 1, 22); \
	FDIV4(26, 26, 25); \
	FSUB4(3, 3, 26)

// func Adam(p, g, m, v []float32, step, beta1, beta2, eps, vscale float32)
TEXT ·Adam(SB), NOSPLIT, $0-116
	MOVD p_base+0(FP), R0
	MOVD p_len+8(FP), R4
	MOVD g_base+24(FP), R1
	MOVD m_base+48(FP), R2
	MOVD v_base+72(FP), R3

	// 1-beta is rounded to float32 once, as the Go reference computes it.
	FMOVS $(1.0), F5
	FMOVS beta1+100(FP), F0
	FSUBS F0, F5, F1
	VDUP  V0.S[0], V16.S4
	VDUP  V1.S[0], V17.S4
	FMOVS beta2+104(FP), F0
	FSUBS F0, F5, F1
	VDUP  V0.S[0], V18.S4
	VDUP  V1.S[0], V19.S4
	FMOVS eps+108(FP), F0
	VDUP  V0.S[0], V20.S4
	FMOVS vscale+112(FP), F0
	VDUP  V0.S[0], V21.S4
	FMOVS step+96(FP), F0
	VDUP  V0.S[0], V22.S4
	MOVW  $0x00800000, R5
	VDUP  R5, V23.S4

loop4:
	CMP    $4, R4
	BLT    tail
	VLD1.P 16(R1), [V0.S4]
	VLD1   (R2), [V1.S4]
	VLD1   (R3), [V2.S4]
	VLD1   (R0), [V3.S4]
	ADAMBODY
	VST1.P [V1.S4], 16(R2)
	VST1.P [V2.S4], 16(R3)
	VST1.P [V3.S4], 16(R0)
	SUB    $4, R4
	B      loop4

tail:
	// One element in lane 0; the zero lanes compute harmless values that
	// are never stored.
	CBZ   R4, done
	FMOVS (R1), F0
	FMOVS (R2), F1
	FMOVS (R3), F2
	FMOVS (R0), F3
	ADAMBODY
	FMOVS F1, (R2)
	FMOVS F2, (R3)
	FMOVS F3, (R0)
	ADD   $4, R0
	ADD   $4, R1
	ADD   $4, R2
	ADD   $4, R3
	SUB   $1, R4
	B     tail

done:
	RET
