//go:build amd64 && gc && !purego

#include "textflag.h"

// The binary kernels share one shape: 32 elements (four ymm registers) per
// iteration so that loads, the arithmetic and stores of independent
// registers overlap, then 8 at a time, then a scalar tail. Every element is
// loaded before its result is stored, so dst may alias a or b.

// BINARY_OP expands to the whole body of one binary kernel; VOPPS and
// VOPSS are the packed and scalar forms of its operation. It is expanded
// once per TEXT symbol, so its labels stay function-scoped.
#define BINARY_OP(VOPPS, VOPSS) \
	MOVQ dst_base+0(FP), DI  \
	MOVQ dst_len+8(FP), CX   \
	MOVQ a_base+24(FP), SI   \
	MOVQ b_base+48(FP), DX   \
	\
loop32:                          \
	CMPQ    CX, $32          \
	JL      loop8            \
	VMOVUPS (SI), Y0         \
	VMOVUPS 32(SI), Y1       \
	VMOVUPS 64(SI), Y2       \
	VMOVUPS 96(SI), Y3       \
	VOPPS   (DX), Y0, Y0     \
	VOPPS   32(DX), Y1, Y1   \
	VOPPS   64(DX), Y2, Y2   \
	VOPPS   96(DX), Y3, Y3   \
	VMOVUPS Y0, (DI)         \
	VMOVUPS Y1, 32(DI)       \
	VMOVUPS Y2, 64(DI)       \
	VMOVUPS Y3, 96(DI)       \
	ADDQ    $128, SI         \
	ADDQ    $128, DX         \
	ADDQ    $128, DI         \
	SUBQ    $32, CX          \
	JMP     loop32           \
	\
loop8:                           \
	CMPQ    CX, $8           \
	JL      tail             \
	VMOVUPS (SI), Y0         \
	VOPPS   (DX), Y0, Y0     \
	VMOVUPS Y0, (DI)         \
	ADDQ    $32, SI          \
	ADDQ    $32, DX          \
	ADDQ    $32, DI          \
	SUBQ    $8, CX           \
	JMP     loop8            \
	\
tail:                            \
	TESTQ  CX, CX            \
	JE     done              \
	VMOVSS (SI), X0          \
	VOPSS  (DX), X0, X0      \
	VMOVSS X0, (DI)          \
	ADDQ   $4, SI            \
	ADDQ   $4, DX            \
	ADDQ   $4, DI            \
	DECQ   CX                \
	JMP    tail              \
	\
done:                            \
	VZEROUPPER               \
	RET

// func Add(dst, a, b []float32)
TEXT ·Add(SB), NOSPLIT, $0-72
	BINARY_OP(VADDPS, VADDSS)

// func Sub(dst, a, b []float32)
TEXT ·Sub(SB), NOSPLIT, $0-72
	BINARY_OP(VSUBPS, VSUBSS)

// func Mul(dst, a, b []float32)
TEXT ·Mul(SB), NOSPLIT, $0-72
	BINARY_OP(VMULPS, VMULSS)

// func Scale(alpha float32, x []float32)
TEXT ·Scale(SB), NOSPLIT, $0-32
	VBROADCASTSS alpha+0(FP), Y4
	MOVQ         x_base+8(FP), DI
	MOVQ         x_len+16(FP), CX

loop32:
	CMPQ    CX, $32
	JL      loop8
	VMULPS  (DI), Y4, Y0
	VMULPS  32(DI), Y4, Y1
	VMULPS  64(DI), Y4, Y2
	VMULPS  96(DI), Y4, Y3
	VMOVUPS Y0, (DI)
	VMOVUPS Y1, 32(DI)
	VMOVUPS Y2, 64(DI)
	VMOVUPS Y3, 96(DI)
	ADDQ    $128, DI
	SUBQ    $32, CX
	JMP     loop32

loop8:
	CMPQ    CX, $8
	JL      tail
	VMULPS  (DI), Y4, Y0
	VMOVUPS Y0, (DI)
	ADDQ    $32, DI
	SUBQ    $8, CX
	JMP     loop8

tail:
	TESTQ  CX, CX
	JE     done
	VMULSS (DI), X4, X0
	VMOVSS X0, (DI)
	ADDQ   $4, DI
	DECQ   CX
	JMP    tail

done:
	VZEROUPPER
	RET
