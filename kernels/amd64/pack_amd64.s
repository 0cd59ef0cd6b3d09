//go:build amd64 && gc && !purego

#include "textflag.h"

// GEMM packing. The copies themselves are cheap; what costs is waiting for
// memory: each row of a large operand starts on a new page, where the
// hardware prefetcher has to ramp up again. So both routines ask for data
// well ahead of the copy with PREFETCHT0 (a hint: it never faults, even
// past the end of the matrix).

// MOVE copies one float from src to off(DI).
#define MOVE(src, off) \
	MOVL src, AX; \
	MOVL AX, off(DI)

// ROWr(off) addresses row r of the sliver, off bytes on: (SI) + r*lda + off; R8 = lda, R9 =
// 3*lda and R11, R12, R13 point at rows 3, 6 and 9, so that every row is
// one addressing mode (the strided GEMM kernel's scheme).
#define ROW0(off) off(SI)
#define ROW1(off) off(SI)(R8*1)
#define ROW2(off) off(SI)(R8*2)
#define ROW3(off) off(R11)
#define ROW4(off) off(SI)(R8*4)
#define ROW5(off) off(R11)(R8*2)
#define ROW6(off) off(R12)
#define ROW7(off) off(R11)(R8*4)
#define ROW8(off) off(SI)(R8*8)
#define ROW9(off) off(R13)
#define ROW10(off) off(R12)(R8*4)
#define ROW11(off) off(R11)(R8*8)
#define ROW12(off) off(R12)(R9*2)
#define ROW13(off) off(R13)(R8*4)

// PF prefetches addr; PF(ROWr(256)) asks for the line 64 floats ahead in
// row r.
#define PF(addr) PREFETCHT0 addr

#define SETUP_ROWS \
	MOVQ d_base+0(FP), DI;  \
	MOVQ a_base+24(FP), SI; \
	MOVQ lda+48(FP), R8;    \
	MOVQ kb+56(FP), CX;     \
	SHLQ $2, R8;            \
	LEAQ (R8)(R8*2), R9;    \
	LEAQ (SI)(R9*1), R11;   \
	LEAQ (R11)(R9*1), R12;  \
	LEAQ (R12)(R9*1), R13;  \
	MOVQ CX, BX;            \
	SHRQ $4, BX;            \
	ANDQ $15, CX

#define NEXT_COLUMN(bytes) \
	ADDQ $4, SI;  \
	ADDQ $4, R11; \
	ADDQ $4, R12; \
	ADDQ $4, R13; \
	ADDQ $bytes, DI

#define COPY6 \
	MOVE(ROW0(0), 0);  \
	MOVE(ROW1(0), 4);  \
	MOVE(ROW2(0), 8);  \
	MOVE(ROW3(0), 12); \
	MOVE(ROW4(0), 16); \
	MOVE(ROW5(0), 20)

#define COPY14 \
	COPY6;          \
	MOVE(ROW6(0), 24); \
	MOVE(ROW7(0), 28); \
	MOVE(ROW8(0), 32); \
	MOVE(ROW9(0), 36); \
	MOVE(ROW10(0), 40); \
	MOVE(ROW11(0), 44); \
	MOVE(ROW12(0), 48); \
	MOVE(ROW13(0), 52)

#define PF6 \
	PF(ROW0(256)); \
	PF(ROW1(256)); \
	PF(ROW2(256)); \
	PF(ROW3(256)); \
	PF(ROW4(256)); \
	PF(ROW5(256))

#define PF14 \
	PF6;       \
	PF(ROW6(256));  \
	PF(ROW7(256));  \
	PF(ROW8(256));  \
	PF(ROW9(256));  \
	PF(ROW10(256)); \
	PF(ROW11(256)); \
	PF(ROW12(256)); \
	PF(ROW13(256))

// func PackA14(d, a []float32, lda, kb int)
//
// Interleaves 14 rows of kb floats, lda apart from a[0], into d:
// d[14p+r] = a[r*lda+p]. Each group of 16 columns first prefetches every
// row 64 floats ahead.
TEXT ·PackA14(SB), NOSPLIT, $0-64
	SETUP_ROWS
	TESTQ BX, BX
	JZ    a14tail

a14block:
	PF14
	MOVQ $16, DX

a14col:
	COPY14
	NEXT_COLUMN(56)
	DECQ DX
	JNZ  a14col
	DECQ BX
	JNZ  a14block

a14tail:
	TESTQ CX, CX
	JZ    a14done

a14tcol:
	COPY14
	NEXT_COLUMN(56)
	DECQ CX
	JNZ  a14tcol

a14done:
	RET

// func PackA6(d, a []float32, lda, kb int)
//
// PackA14 for 6 rows: d[6p+r] = a[r*lda+p].
TEXT ·PackA6(SB), NOSPLIT, $0-64
	SETUP_ROWS
	TESTQ BX, BX
	JZ    a6tail

a6block:
	PF6
	MOVQ $16, DX

a6col:
	COPY6
	NEXT_COLUMN(24)
	DECQ DX
	JNZ  a6col
	DECQ BX
	JNZ  a6block

a6tail:
	TESTQ CX, CX
	JZ    a6done

a6tcol:
	COPY6
	NEXT_COLUMN(24)
	DECQ CX
	JNZ  a6tcol

a6done:
	RET

// func PackB(dst, b []float32, ldb, kb, nr, slivers int)
//
// Row p (p < kb) of b, slivers*nr floats at b[p*ldb], goes to dst as the
// row p of each nr-wide sliver: dst[t*nr*kb + p*nr + j] = b[p*ldb + t*nr + j].
// nr is 16 or 32. Rows are prefetched four ahead.
TEXT ·PackB(SB), NOSPLIT, $0-80
	MOVQ dst_base+0(FP), DI
	MOVQ b_base+24(FP), SI
	MOVQ ldb+48(FP), R8
	MOVQ kb+56(FP), CX
	MOVQ nr+64(FP), R9
	MOVQ slivers+72(FP), R11
	SHLQ $2, R8                // ldb in bytes
	SHLQ $2, R9                // a sliver's row in bytes
	MOVQ R9, R10
	IMULQ CX, R10              // a sliver in bytes
	TESTQ CX, CX
	JZ    bdone
	TESTQ R11, R11
	JZ    bdone
	CMPQ  R9, $128
	JNE   brow16

brow32:
	MOVQ SI, R12
	MOVQ DI, R13
	MOVQ R11, BX

bsl32:
	PREFETCHT0 (R12)(R8*4)
	PREFETCHT0 64(R12)(R8*4)
	VMOVUPS    (R12), Y0
	VMOVUPS    32(R12), Y1
	VMOVUPS    64(R12), Y2
	VMOVUPS    96(R12), Y3
	VMOVUPS    Y0, (R13)
	VMOVUPS    Y1, 32(R13)
	VMOVUPS    Y2, 64(R13)
	VMOVUPS    Y3, 96(R13)
	ADDQ       $128, R12
	ADDQ       R10, R13
	DECQ       BX
	JNZ        bsl32
	ADDQ       R8, SI
	ADDQ       $128, DI
	DECQ       CX
	JNZ        brow32
	VZEROUPPER
	RET

brow16:
	MOVQ SI, R12
	MOVQ DI, R13
	MOVQ R11, BX

bsl16:
	PREFETCHT0 (R12)(R8*4)
	VMOVUPS    (R12), Y0
	VMOVUPS    32(R12), Y1
	VMOVUPS    Y0, (R13)
	VMOVUPS    Y1, 32(R13)
	ADDQ       $64, R12
	ADDQ       R10, R13
	DECQ       BX
	JNZ        bsl16
	ADDQ       R8, SI
	ADDQ       $64, DI
	DECQ       CX
	JNZ        brow16
	VZEROUPPER

bdone:
	RET
