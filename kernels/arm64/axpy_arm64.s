//go:build arm64 && gc && !purego

#include "textflag.h"

// func Axpy(alpha float32, x, y []float32)
TEXT ·Axpy(SB), NOSPLIT, $0-56
	FMOVS alpha+0(FP), F0
	MOVD  x_base+8(FP), R0
	MOVD  x_len+16(FP), R2
	MOVD  y_base+32(FP), R1
	VDUP  V0.S[0], V0.S4

loop4:
	CMP  $4, R2
	BLT  tail
	VLD1 (R0), [V1.S4]
	VLD1 (R1), [V2.S4]
	VFMLA V0.S4, V1.S4, V2.S4
	VST1 [V2.S4], (R1)
	ADD  $16, R0
	ADD  $16, R1
	SUB  $4, R2
	B    loop4

tail:
	CBZ   R2, done
	FMOVS (R0), F1
	FMOVS (R1), F2
	FMADDS F0, F2, F1, F2
	FMOVS F2, (R1)
	ADD   $4, R0
	ADD   $4, R1
	SUB   $1, R2
	B     tail

done:
	RET
