//go:build arm64 && gc && !purego

#include "textflag.h"
#include "neon_arm64.h"

// Both kernels AND a value with the mask x > 0 (FCMGT against zero, false
// for NaN), so a lane is passed through or becomes +0, as in the Go
// reference. FMAX would propagate NaN and keep -0, so it is not used.

// func ReLU(dst, x []float32)
TEXT ·ReLU(SB), NOSPLIT, $0-48
	MOVD dst_base+0(FP), R0
	MOVD dst_len+8(FP), R3
	MOVD x_base+24(FP), R1

loop16:
	CMP    $16, R3
	BLT    loop4
	VLD1.P 64(R1), [V0.S4, V1.S4, V2.S4, V3.S4]
	FCMGTZ4(4, 0)
	FCMGTZ4(5, 1)
	FCMGTZ4(6, 2)
	FCMGTZ4(7, 3)
	VAND   V4.B16, V0.B16, V0.B16
	VAND   V5.B16, V1.B16, V1.B16
	VAND   V6.B16, V2.B16, V2.B16
	VAND   V7.B16, V3.B16, V3.B16
	VST1.P [V0.S4, V1.S4, V2.S4, V3.S4], 64(R0)
	SUB    $16, R3
	B      loop16

loop4:
	CMP    $4, R3
	BLT    tail
	VLD1.P 16(R1), [V0.S4]
	FCMGTZ4(4, 0)
	VAND   V4.B16, V0.B16, V0.B16
	VST1.P [V0.S4], 16(R0)
	SUB    $4, R3
	B      loop4

tail:
	CBZ   R3, done
	FMOVS (R1), F0
	FCMGTZ4(4, 0)
	VAND  V4.B16, V0.B16, V0.B16
	FMOVS F0, (R0)
	ADD   $4, R0
	ADD   $4, R1
	SUB   $1, R3
	B     tail

done:
	RET

// func ReLUBack(dx, dy, x []float32)
TEXT ·ReLUBack(SB), NOSPLIT, $0-72
	MOVD dx_base+0(FP), R0
	MOVD dx_len+8(FP), R3
	MOVD dy_base+24(FP), R1
	MOVD x_base+48(FP), R2

loop16:
	CMP    $16, R3
	BLT    loop4
	VLD1.P 64(R2), [V0.S4, V1.S4, V2.S4, V3.S4]
	VLD1.P 64(R1), [V4.S4, V5.S4, V6.S4, V7.S4]
	FCMGTZ4(0, 0)
	FCMGTZ4(1, 1)
	FCMGTZ4(2, 2)
	FCMGTZ4(3, 3)
	VAND   V0.B16, V4.B16, V4.B16
	VAND   V1.B16, V5.B16, V5.B16
	VAND   V2.B16, V6.B16, V6.B16
	VAND   V3.B16, V7.B16, V7.B16
	VST1.P [V4.S4, V5.S4, V6.S4, V7.S4], 64(R0)
	SUB    $16, R3
	B      loop16

loop4:
	CMP    $4, R3
	BLT    tail
	VLD1.P 16(R2), [V0.S4]
	VLD1.P 16(R1), [V4.S4]
	FCMGTZ4(0, 0)
	VAND   V0.B16, V4.B16, V4.B16
	VST1.P [V4.S4], 16(R0)
	SUB    $4, R3
	B      loop4

tail:
	CBZ   R3, done
	FMOVS (R2), F0
	FMOVS (R1), F4
	FCMGTZ4(0, 0)
	VAND  V0.B16, V4.B16, V4.B16
	FMOVS F4, (R0)
	ADD   $4, R0
	ADD   $4, R1
	ADD   $4, R2
	SUB   $1, R3
	B     tail

done:
	RET
