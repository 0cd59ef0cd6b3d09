//go:build arm64 && gc && !purego

#include "textflag.h"
#include "neon_arm64.h"

// func LogShift(dst, x []float32, m, ls float32)
//
// 16 elements per iteration, then 4, then single elements through the
// scalar forms of the same two subtractions.
TEXT ·LogShift(SB), NOSPLIT, $0-56
	MOVD  dst_base+0(FP), R0
	MOVD  dst_len+8(FP), R3
	MOVD  x_base+24(FP), R1
	FMOVS m+48(FP), F8
	FMOVS ls+52(FP), F9
	VDUP  V8.S[0], V10.S4
	VDUP  V9.S[0], V11.S4

loop16:
	CMP    $16, R3
	BLT    loop4
	VLD1.P 64(R1), [V0.S4, V1.S4, V2.S4, V3.S4]
	FSUB4(0, 0, 10)
	FSUB4(1, 1, 10)
	FSUB4(2, 2, 10)
	FSUB4(3, 3, 10)
	FSUB4(0, 0, 11)
	FSUB4(1, 1, 11)
	FSUB4(2, 2, 11)
	FSUB4(3, 3, 11)
	VST1.P [V0.S4, V1.S4, V2.S4, V3.S4], 64(R0)
	SUB    $16, R3
	B      loop16

loop4:
	CMP    $4, R3
	BLT    tail
	VLD1.P 16(R1), [V0.S4]
	FSUB4(0, 0, 10)
	FSUB4(0, 0, 11)
	VST1.P [V0.S4], 16(R0)
	SUB    $4, R3
	B      loop4

tail:
	CBZ   R3, done
	FMOVS (R1), F0
	FSUBS F8, F0, F0
	FSUBS F9, F0, F0
	FMOVS F0, (R0)
	ADD   $4, R0
	ADD   $4, R1
	SUB   $1, R3
	B     tail

done:
	RET
