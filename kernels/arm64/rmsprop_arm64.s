//go:build arm64 && gc && !purego

#include "textflag.h"
#include "neon_arm64.h"

// RMSBODY updates the lanes of g (V0), sq (V1) and p (V2) in place.
// V16..V20 hold alpha, 1-alpha, eps, lr and 2^-126.
#define RMSBODY \
	FMUL4(1, 1, 16); \
	FMUL4(24, 0, 17); \
	FMUL4(24, 24, 0); \
	FADD4(1, 1, 24); \
	FLUSH4(1, 20, 27); \
	FSQRT4(25, 1); \
	FADD4(25, 25, 18); \
	FMUL4(26, 0, 19); \
	FDIV4(26, 26, 25); \
	FSUB4(2, 2, 26)

// func RMSProp(p, g, sq []float32, lr, alpha, eps float32)
TEXT ·RMSProp(SB), NOSPLIT, $0-84
	MOVD p_base+0(FP), R0
	MOVD p_len+8(FP), R4
	MOVD g_base+24(FP), R1
	MOVD sq_base+48(FP), R2

	// 1-alpha is rounded to float32 once, as the Go reference computes it.
	FMOVS $(1.0), F5
	FMOVS alpha+76(FP), F0
	FSUBS F0, F5, F1
	VDUP  V0.S[0], V16.S4
	VDUP  V1.S[0], V17.S4
	FMOVS eps+80(FP), F0
	VDUP  V0.S[0], V18.S4
	FMOVS lr+72(FP), F0
	VDUP  V0.S[0], V19.S4
	MOVW  $0x00800000, R5
	VDUP  R5, V20.S4

loop4:
	CMP    $4, R4
	BLT    tail
	VLD1.P 16(R1), [V0.S4]
	VLD1   (R2), [V1.S4]
	VLD1   (R0), [V2.S4]
	RMSBODY
	VST1.P [V1.S4], 16(R2)
	VST1.P [V2.S4], 16(R0)
	SUB    $4, R4
	B      loop4

tail:
	// One element in lane 0; the zero lanes compute harmless values that
	// are never stored.
	CBZ   R4, done
	FMOVS (R1), F0
	FMOVS (R2), F1
	FMOVS (R0), F2
	RMSBODY
	FMOVS F1, (R2)
	FMOVS F2, (R0)
	ADD   $4, R0
	ADD   $4, R1
	ADD   $4, R2
	SUB   $1, R4
	B     tail

done:
	RET
