//go:build arm64 && gc && !purego

#include "textflag.h"
#include "neon_arm64.h"

// func Dot(x, y []float32) float32
TEXT ·Dot(SB), NOSPLIT, $0-52
	MOVD x_base+0(FP), R0
	MOVD x_len+8(FP), R3
	MOVD y_base+24(FP), R1
	VEOR V0.B16, V0.B16, V0.B16
	VEOR V1.B16, V1.B16, V1.B16
	VEOR V2.B16, V2.B16, V2.B16
	VEOR V3.B16, V3.B16, V3.B16

loop16:
	// Four accumulators hide the FMLA latency.
	CMP    $16, R3
	BLT    loop4
	VLD1.P 64(R0), [V4.S4, V5.S4, V6.S4, V7.S4]
	VLD1.P 64(R1), [V8.S4, V9.S4, V10.S4, V11.S4]
	VFMLA  V4.S4, V8.S4, V0.S4
	VFMLA  V5.S4, V9.S4, V1.S4
	VFMLA  V6.S4, V10.S4, V2.S4
	VFMLA  V7.S4, V11.S4, V3.S4
	SUB    $16, R3
	B      loop16

loop4:
	CMP    $4, R3
	BLT    reduce
	VLD1.P 16(R0), [V4.S4]
	VLD1.P 16(R1), [V8.S4]
	VFMLA  V4.S4, V8.S4, V0.S4
	SUB    $4, R3
	B      loop4

reduce:
	FADD4(0, 0, 1)
	FADD4(2, 2, 3)
	FADD4(0, 0, 2)
	FADDP4(0, 0, 0)
	FADDP4(0, 0, 0)

tail:
	CBZ    R3, done
	FMOVS  (R0), F4
	FMOVS  (R1), F8
	FMADDS F8, F0, F4, F0
	ADD    $4, R0
	ADD    $4, R1
	SUB    $1, R3
	B      tail

done:
	FMOVS F0, ret+48(FP)
	RET
