//go:build arm64 && gc && !purego

#include "textflag.h"
#include "neon_arm64.h"

// func AddBias(x, bias []float32)
TEXT ·AddBias(SB), NOSPLIT, $0-48
	MOVD x_base+0(FP), R0
	MOVD x_len+8(FP), R3
	MOVD bias_base+24(FP), R4
	MOVD bias_len+32(FP), R5
	CBZ  R5, done

row:
	// R0 walks x continuously: the end of one row is the start of the next.
	CMP  R5, R3
	BLT  done
	SUB  R5, R3, R3
	MOVD R5, R6
	MOVD R4, R7

loop16:
	CMP    $16, R6
	BLT    loop4
	VLD1   (R0), [V0.S4, V1.S4, V2.S4, V3.S4]
	VLD1.P 64(R7), [V4.S4, V5.S4, V6.S4, V7.S4]
	FADD4(0, 0, 4)
	FADD4(1, 1, 5)
	FADD4(2, 2, 6)
	FADD4(3, 3, 7)
	VST1.P [V0.S4, V1.S4, V2.S4, V3.S4], 64(R0)
	SUB    $16, R6
	B      loop16

loop4:
	CMP    $4, R6
	BLT    tail
	VLD1   (R0), [V0.S4]
	VLD1.P 16(R7), [V4.S4]
	FADD4(0, 0, 4)
	VST1.P [V0.S4], 16(R0)
	SUB    $4, R6
	B      loop4

tail:
	CBZ   R6, row
	FMOVS (R0), F0
	FMOVS (R7), F4
	FADD4(0, 0, 4)
	FMOVS F0, (R0)
	ADD   $4, R0
	ADD   $4, R7
	SUB   $1, R6
	B     tail

done:
	RET

// func AddColSums(dst, x []float32)
//
// Columns are processed in blocks of 16, 4 and 1; each block's sums stay in
// registers while the loop walks down the rows with stride n, adding in
// the Go reference's order.
TEXT ·AddColSums(SB), NOSPLIT, $0-48
	MOVD dst_base+0(FP), R0
	MOVD dst_len+8(FP), R5
	MOVD x_base+24(FP), R1
	MOVD x_len+32(FP), R3
	CBZ  R5, done
	UDIV R5, R3, R6    // rows
	LSL  $2, R5, R7    // row stride in bytes
	MOVD R5, R8        // columns left

col16:
	CMP  $16, R8
	BLT  col4
	VLD1 (R0), [V0.S4, V1.S4, V2.S4, V3.S4]
	MOVD R1, R9
	MOVD R6, R10

rows16:
	CBZ  R10, store16
	VLD1 (R9), [V4.S4, V5.S4, V6.S4, V7.S4]
	FADD4(0, 0, 4)
	FADD4(1, 1, 5)
	FADD4(2, 2, 6)
	FADD4(3, 3, 7)
	ADD  R7, R9
	SUB  $1, R10
	B    rows16

store16:
	VST1.P [V0.S4, V1.S4, V2.S4, V3.S4], 64(R0)
	ADD    $64, R1
	SUB    $16, R8
	B      col16

col4:
	CMP  $4, R8
	BLT  col1
	VLD1 (R0), [V0.S4]
	MOVD R1, R9
	MOVD R6, R10

rows4:
	CBZ  R10, store4
	VLD1 (R9), [V4.S4]
	FADD4(0, 0, 4)
	ADD  R7, R9
	SUB  $1, R10
	B    rows4

store4:
	VST1.P [V0.S4], 16(R0)
	ADD    $16, R1
	SUB    $4, R8
	B      col4

col1:
	CBZ   R8, done
	FMOVS (R0), F0
	MOVD  R1, R9
	MOVD  R6, R10

rows1:
	CBZ   R10, store1
	FMOVS (R9), F4
	FADD4(0, 0, 4)
	ADD   R7, R9
	SUB   $1, R10
	B     rows1

store1:
	FMOVS F0, (R0)
	ADD   $4, R0
	ADD   $4, R1
	SUB   $1, R8
	B     col1

done:
	RET
