//go:build amd64 && gc && !purego

#include "textflag.h"

// Eight lanes set, eight clear: the 8 floats at maskTab<>+4*(8-k) are a
// VMASKMOVPS mask for the first k lanes.
DATA maskTab<>+0(SB)/8, $0xffffffffffffffff
DATA maskTab<>+8(SB)/8, $0xffffffffffffffff
DATA maskTab<>+16(SB)/8, $0xffffffffffffffff
DATA maskTab<>+24(SB)/8, $0xffffffffffffffff
DATA maskTab<>+32(SB)/8, $0
DATA maskTab<>+40(SB)/8, $0
DATA maskTab<>+48(SB)/8, $0
DATA maskTab<>+56(SB)/8, $0
GLOBL maskTab<>(SB), RODATA|NOPTR, $64

// PICK sets M where the later candidate R beats the earlier L (L is not
// NaN and R is NaN or larger, so ties and later NaNs keep L) and V to the
// winner. T is scratch.
#define PICK(L, R, M, V, T) \
	VCMPPS    $6, L, R, M \ // NLE_UQ: !(R <= L)
	VCMPPS    $7, L, L, T \ // ORD_Q: L is not NaN
	VANDPS    T, M, M     \
	VBLENDVPS M, R, L, V

// POOL8 pools the 16 floats of each row in Y0, Y1 (top) and Y2, Y3
// (bottom) into 8 maxima in Y4 and their codes as int32 in Y5, both in
// lane order 0 1 4 5 2 3 6 7 (VSHUFPS works within 128-bit halves). Y15 is
// zero.
#define POOL8 \
	VSHUFPS $0x88, Y1, Y0, Y4     \ // top left of each window
	VSHUFPS $0xDD, Y1, Y0, Y5     \ // top right
	VSHUFPS $0x88, Y3, Y2, Y6     \
	VSHUFPS $0xDD, Y3, Y2, Y7     \
	PICK(Y4, Y5, Y8, Y4, Y10)     \ // Y8: top right wins its row
	PICK(Y6, Y7, Y9, Y6, Y10)     \ // Y9: bottom right wins its row
	PICK(Y4, Y6, Y11, Y4, Y10)    \ // Y11: the bottom row wins
	VBLENDVPS Y11, Y9, Y8, Y5     \ // right column wins, in the winning row
	VPADDD    Y11, Y11, Y10       \
	VPADDD    Y5, Y10, Y10        \
	VPSUBD    Y10, Y15, Y5          // code = -(2*bottom + right), masks being -1

// GEOM sets R8 to the planes in the N floats in AX (h*w each, h in R9, w
// in R10), R9 to the row pairs of a plane, R10 to the outputs of a row,
// R11 to the bytes of an input row and R12 to those of a plane's odd last
// row (0 if none). Clobbers CX, DX.
#define GEOM \
	MOVQ  R9, CX  \
	IMULQ R10, CX \
	XORQ  DX, DX  \
	DIVQ  CX      \
	MOVQ  AX, R8  \
	MOVQ  R10, R11 \
	SHLQ  $2, R11 \
	MOVQ  R9, R12 \
	ANDQ  $1, R12 \
	IMULQ R11, R12 \
	SHRQ  $1, R9  \
	SHRQ  $1, R10

// TAILMASKS loads the masks of a row's last R10%8 outputs: M for as many
// lanes, M1 and M2 for the twice as many inputs over two registers.
// Clobbers AX, BX, CX.
#define TAILMASKS(M, M1, M2) \
	LEAQ    maskTab<>(SB), BX \
	MOVQ    R10, CX           \
	ANDQ    $7, CX            \
	MOVQ    $8, AX            \
	SUBQ    CX, AX            \
	VMOVUPS (BX)(AX*4), M     \
	SUBQ    CX, AX            \ // 8 - 2t
	JLT     twoRegs           \
	VMOVUPS (BX)(AX*4), M1    \
	VMOVUPS 32(BX), M2        \
	JMP     masksDone         \
twoRegs:                      \
	VMOVUPS (BX), M1          \
	VMOVUPS 32(BX)(AX*4), M2  \
masksDone:

// func MaxPool2x2(y []float32, code []uint8, x []float32, h, w int)
TEXT ·MaxPool2x2(SB), NOSPLIT, $0-88
	MOVQ x_len+56(FP), AX
	MOVQ h+72(FP), R9
	MOVQ w+80(FP), R10
	GEOM
	TAILMASKS(Y12, Y13, Y14)
	MOVQ   y_base+0(FP), DI
	MOVQ   code_base+24(FP), SI
	MOVQ   x_base+48(FP), DX
	VXORPS Y15, Y15, Y15

plane:
	MOVQ R9, R13

row:
	MOVQ DX, AX // top row; the bottom one is R11 bytes on
	MOVQ R10, CX

loop8:
	CMPQ    CX, $8
	JLT     tail
	VMOVUPS (AX), Y0
	VMOVUPS 32(AX), Y1
	VMOVUPS (AX)(R11*1), Y2
	VMOVUPS 32(AX)(R11*1), Y3
	POOL8
	VPERMQ       $0xD8, Y4, Y4 // lanes back in order
	VPERMQ       $0xD8, Y5, Y5
	VMOVUPS      Y4, (DI)
	VEXTRACTI128 $1, Y5, X6
	VPACKSSDW    X6, X5, X5
	VPACKUSWB    X5, X5, X5
	VMOVQ        X5, (SI)
	ADDQ         $64, AX
	ADDQ         $32, DI
	ADDQ         $8, SI
	SUBQ         $8, CX
	JMP          loop8

tail:
	// The last 1..7 outputs, by masked loads and stores, the codes a
	// byte at a time (AX is free now).
	TESTQ        CX, CX
	JEQ          nextRow
	VMASKMOVPS   (AX), Y13, Y0
	VMASKMOVPS   32(AX), Y14, Y1
	VMASKMOVPS   (AX)(R11*1), Y13, Y2
	VMASKMOVPS   32(AX)(R11*1), Y14, Y3
	POOL8
	VPERMQ       $0xD8, Y4, Y4
	VPERMQ       $0xD8, Y5, Y5
	VMASKMOVPS   Y4, Y12, (DI)
	VEXTRACTI128 $1, Y5, X6
	VPACKSSDW    X6, X5, X5
	VPACKUSWB    X5, X5, X5
	VMOVQ        X5, AX
	LEAQ         (DI)(CX*4), DI

tailByte:
	MOVB AX, (SI)
	INCQ SI
	SHRQ $8, AX
	DECQ CX
	JNZ  tailByte

nextRow:
	LEAQ (DX)(R11*2), DX
	DECQ R13
	JNZ  row
	ADDQ R12, DX
	DECQ R8
	JNZ  plane
	VZEROUPPER
	RET

// SCATTER8 turns 8 codes (int32, Y0) and gradients (Y1) into the two rows
// of their 8 windows: Y2, Y3 the top row's 16 floats, Y4, Y5 the bottom's.
// Y12..Y15 hold 1, 2, 3, 0.
#define SCATTER8 \
	VPCMPEQD   Y15, Y0, Y2     \
	VANDPS     Y1, Y2, Y2      \
	VPCMPEQD   Y12, Y0, Y3     \
	VANDPS     Y1, Y3, Y3      \
	VPCMPEQD   Y13, Y0, Y4     \
	VANDPS     Y1, Y4, Y4      \
	VPCMPEQD   Y14, Y0, Y5     \
	VANDPS     Y1, Y5, Y5      \
	VUNPCKLPS  Y3, Y2, Y6      \
	VUNPCKHPS  Y3, Y2, Y7      \
	VPERM2F128 $0x20, Y7, Y6, Y2 \
	VPERM2F128 $0x31, Y7, Y6, Y3 \
	VUNPCKLPS  Y5, Y4, Y6      \
	VUNPCKHPS  Y5, Y4, Y7      \
	VPERM2F128 $0x20, Y7, Y6, Y4 \
	VPERM2F128 $0x31, Y7, Y6, Y5

// func MaxPool2x2Backward(dx, dy []float32, code []uint8, h, w int)
TEXT ·MaxPool2x2Backward(SB), NOSPLIT, $0-88
	MOVQ dx_len+8(FP), AX
	MOVQ h+72(FP), R9
	MOVQ w+80(FP), R10
	GEOM
	TAILMASKS(Y9, Y10, Y11)
	MOVQ     dy_base+24(FP), DI
	MOVQ     code_base+48(FP), SI
	MOVQ     dx_base+0(FP), DX
	VPXOR    Y15, Y15, Y15
	VPCMPEQD Y12, Y12, Y12
	VPSRLD   $31, Y12, Y12
	VPADDD   Y12, Y12, Y13
	VPADDD   Y12, Y13, Y14

bplane:
	MOVQ R9, R13

brow:
	MOVQ DX, AX
	MOVQ R10, CX

bloop8:
	CMPQ      CX, $8
	JLT       btail
	VPMOVZXBD (SI), Y0
	VMOVUPS   (DI), Y1
	SCATTER8
	VMOVUPS   Y2, (AX)
	VMOVUPS   Y3, 32(AX)
	VMOVUPS   Y4, (AX)(R11*1)
	VMOVUPS   Y5, 32(AX)(R11*1)
	ADDQ      $64, AX
	ADDQ      $32, DI
	ADDQ      $8, SI
	SUBQ      $8, CX
	JMP       bloop8

btail:
	// The last 1..7 windows: the codes gathered a byte at a time, last
	// first, so that each lands in its own byte of BX.
	TESTQ CX, CX
	JEQ   bnextRow
	XORQ  BX, BX

btailByte:
	SHLQ $8, BX
	MOVB -1(SI)(CX*1), BX
	DECQ CX
	JNZ  btailByte
	VMOVQ      BX, X0
	VPMOVZXBD  X0, Y0
	VMASKMOVPS (DI), Y9, Y1
	SCATTER8
	VMASKMOVPS Y2, Y10, (AX)
	VMASKMOVPS Y3, Y11, 32(AX)
	VMASKMOVPS Y4, Y10, (AX)(R11*1)
	VMASKMOVPS Y5, Y11, 32(AX)(R11*1)
	MOVQ       R10, CX
	ANDQ       $7, CX
	LEAQ       (DI)(CX*4), DI
	ADDQ       CX, SI

bnextRow:
	LEAQ (DX)(R11*2), DX
	DECQ R13
	JNZ  brow
	ADDQ R12, DX
	DECQ R8
	JNZ  bplane
	VZEROUPPER
	RET
