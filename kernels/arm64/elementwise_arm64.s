//go:build arm64 && gc && !purego

#include "textflag.h"
#include "neon_arm64.h"

// The binary kernels: 16 elements (four q registers) per iteration, then 4,
// then single elements. A single element is loaded with FMOVS, which zeroes
// the other lanes, and goes through the same vector instruction, so the
// tail computes exactly what the body does. Loads precede stores, so dst
// may alias a or b.

// BINARY_OP is the loop of a binary kernel (dst in R0, a in R1, b in R2,
// count in R3) whose vector op is OP (FADD4, FSUB4, FMUL4), called as
// OP(d, n, m). The labels are function scoped, so the macro is expanded
// once per TEXT symbol. The argument loads stay outside it so that go
// vet's asmdecl still checks their FP offsets.
#define BINARY_OP(OP) \
loop16: \
	CMP    $16, R3; \
	BLT    loop4; \
	VLD1.P 64(R1), [V0.S4, V1.S4, V2.S4, V3.S4]; \
	VLD1.P 64(R2), [V4.S4, V5.S4, V6.S4, V7.S4]; \
	OP(0, 0, 4); \
	OP(1, 1, 5); \
	OP(2, 2, 6); \
	OP(3, 3, 7); \
	VST1.P [V0.S4, V1.S4, V2.S4, V3.S4], 64(R0); \
	SUB    $16, R3; \
	B      loop16; \
	\
loop4: \
	CMP    $4, R3; \
	BLT    tail; \
	VLD1.P 16(R1), [V0.S4]; \
	VLD1.P 16(R2), [V4.S4]; \
	OP(0, 0, 4); \
	VST1.P [V0.S4], 16(R0); \
	SUB    $4, R3; \
	B      loop4; \
	\
tail: \
	CBZ   R3, done; \
	FMOVS (R1), F0; \
	FMOVS (R2), F4; \
	OP(0, 0, 4); \
	FMOVS F0, (R0); \
	ADD   $4, R0; \
	ADD   $4, R1; \
	ADD   $4, R2; \
	SUB   $1, R3; \
	B     tail; \
	\
done: \
	RET

// func Add(dst, a, b []float32)
TEXT ·Add(SB), NOSPLIT, $0-72
	MOVD dst_base+0(FP), R0
	MOVD dst_len+8(FP), R3
	MOVD a_base+24(FP), R1
	MOVD b_base+48(FP), R2
	BINARY_OP(FADD4)

// func Sub(dst, a, b []float32)
TEXT ·Sub(SB), NOSPLIT, $0-72
	MOVD dst_base+0(FP), R0
	MOVD dst_len+8(FP), R3
	MOVD a_base+24(FP), R1
	MOVD b_base+48(FP), R2
	BINARY_OP(FSUB4)

// func Mul(dst, a, b []float32)
TEXT ·Mul(SB), NOSPLIT, $0-72
	MOVD dst_base+0(FP), R0
	MOVD dst_len+8(FP), R3
	MOVD a_base+24(FP), R1
	MOVD b_base+48(FP), R2
	BINARY_OP(FMUL4)

// func Scale(alpha float32, x []float32)
TEXT ·Scale(SB), NOSPLIT, $0-32
	FMOVS alpha+0(FP), F16
	MOVD  x_base+8(FP), R0
	MOVD  x_len+16(FP), R3
	VDUP  V16.S[0], V16.S4

loop16:
	CMP    $16, R3
	BLT    loop4
	VLD1   (R0), [V0.S4, V1.S4, V2.S4, V3.S4]
	FMUL4(0, 0, 16)
	FMUL4(1, 1, 16)
	FMUL4(2, 2, 16)
	FMUL4(3, 3, 16)
	VST1.P [V0.S4, V1.S4, V2.S4, V3.S4], 64(R0)
	SUB    $16, R3
	B      loop16

loop4:
	CMP    $4, R3
	BLT    tail
	VLD1   (R0), [V0.S4]
	FMUL4(0, 0, 16)
	VST1.P [V0.S4], 16(R0)
	SUB    $4, R3
	B      loop4

tail:
	CBZ   R3, done
	FMOVS (R0), F0
	FMUL4(0, 0, 16)
	FMOVS F0, (R0)
	ADD   $4, R0
	SUB   $1, R3
	B     tail

done:
	RET
