//go:build amd64 && gc && !purego

#include "textflag.h"

// GEMM packing, the common cases: full slivers of a non-transposed A and
// B, in assembly because the Go copies (a memmove call per 128 bytes, or a
// plain interleave) were slower; software prefetching, tried in both,
// changed nothing measurable (bench/TUNING.md, packing).

// MOVE copies one float from src to off(DI).
#define MOVE(src, off) \
	MOVL src, AX; \
	MOVL AX, off(DI)

// ROWr(off) addresses row r of the sliver, off bytes on: (SI) + r*lda +
// off, with R8 = lda, R9 = 3*lda and R11, R12, R13 at rows 3, 6 and 9, so
// that every row is one addressing mode (the strided GEMM kernel's scheme).
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

// SETUP_ROWS loads the arguments of PackA14 and PackA6: DI = d, CX = kb
// and the row registers above.
#define SETUP_ROWS \
	MOVQ d_base+0(FP), DI;  \
	MOVQ a_base+24(FP), SI; \
	MOVQ lda+48(FP), R8;    \
	MOVQ kb+56(FP), CX;     \
	SHLQ $2, R8;            \
	LEAQ (R8)(R8*2), R9;    \
	LEAQ (SI)(R9*1), R11;   \
	LEAQ (R11)(R9*1), R12;  \
	LEAQ (R12)(R9*1), R13

// NEXT_COLUMN moves the rows on by one float and d on by bytes (mr floats).
#define NEXT_COLUMN(bytes) \
	ADDQ $4, SI;  \
	ADDQ $4, R11; \
	ADDQ $4, R12; \
	ADDQ $4, R13; \
	ADDQ $bytes, DI

// COPY6 and COPY14 copy one column of the sliver.
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

// func PackA14(d, a []float32, lda, kb int)
//
// Interleaves 14 rows of kb floats, lda apart from a[0], into d:
// d[14p+r] = a[r*lda+p].
TEXT ·PackA14(SB), NOSPLIT, $0-64
	SETUP_ROWS
	TESTQ CX, CX
	JZ    a14done

a14col:
	COPY14
	NEXT_COLUMN(56)
	DECQ CX
	JNZ a14col

a14done:
	RET

// func PackA6(d, a []float32, lda, kb int)
//
// PackA14 for 6 rows: d[6p+r] = a[r*lda+p].
TEXT ·PackA6(SB), NOSPLIT, $0-64
	SETUP_ROWS
	TESTQ CX, CX
	JZ    a6done

a6col:
	COPY6
	NEXT_COLUMN(24)
	DECQ CX
	JNZ a6col

a6done:
	RET

// func PackB(dst, b []float32, ldb, kb, nr, slivers int)
//
// Row p (p < kb) of b, slivers*nr floats at b[p*ldb], goes to dst as the
// row p of each nr-wide sliver: dst[t*nr*kb + p*nr + j] = b[p*ldb + t*nr + j].
// nr is 16 or 32.
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
	VMOVUPS (R12), Y0
	VMOVUPS 32(R12), Y1
	VMOVUPS 64(R12), Y2
	VMOVUPS 96(R12), Y3
	VMOVUPS Y0, (R13)
	VMOVUPS Y1, 32(R13)
	VMOVUPS Y2, 64(R13)
	VMOVUPS Y3, 96(R13)
	ADDQ $128, R12
	ADDQ R10, R13
	DECQ BX
	JNZ bsl32
	ADDQ R8, SI
	ADDQ $128, DI
	DECQ CX
	JNZ brow32
	VZEROUPPER
	RET

brow16:
	MOVQ SI, R12
	MOVQ DI, R13
	MOVQ R11, BX

bsl16:
	VMOVUPS (R12), Y0
	VMOVUPS 32(R12), Y1
	VMOVUPS Y0, (R13)
	VMOVUPS Y1, 32(R13)
	ADDQ $64, R12
	ADDQ R10, R13
	DECQ BX
	JNZ bsl16
	ADDQ R8, SI
	ADDQ $64, DI
	DECQ CX
	JNZ brow16
	VZEROUPPER

bdone:
	RET

// func Transpose8(dst []float32, ldd int, src []float32, lds, rows, cols int)
//
// dst[j*ldd+i] = src[i*lds+j] for i < rows, j < cols, both multiples of 8,
// in 8 x 8 blocks: eight row loads, three rounds of shuffles (unpack,
// shufps, 128-bit permute: the standard AVX 8 x 8 transpose) and eight
// row stores. Blocks go column block by column block, so that the stores
// fill dst rows in order.
TEXT ·Transpose8(SB), NOSPLIT, $0-80
	MOVQ dst_base+0(FP), R10
	MOVQ ldd+24(FP), R12
	MOVQ src_base+32(FP), R11
	MOVQ lds+56(FP), R8
	MOVQ rows+64(FP), CX
	MOVQ cols+72(FP), AX
	SHRQ $3, CX                // row blocks
	SHRQ $3, AX                // column blocks
	JZ   tdone
	TESTQ CX, CX
	JZ   tdone
	SHLQ $2, R8                // lds in bytes
	SHLQ $2, R12               // ldd in bytes
	LEAQ (R8)(R8*2), R9        // 3*lds
	LEAQ (R12)(R12*2), R13     // 3*ldd

tcol:
	MOVQ R11, SI               // src block (0, j0)
	MOVQ R10, DI               // dst block (j0, 0)
	MOVQ CX, R14

trow:
	LEAQ (SI)(R8*4), DX        // src row 4 of the block
	VMOVUPS (SI), Y0
	VMOVUPS (SI)(R8*1), Y1
	VMOVUPS (SI)(R8*2), Y2
	VMOVUPS (SI)(R9*1), Y3
	VMOVUPS (DX), Y4
	VMOVUPS (DX)(R8*1), Y5
	VMOVUPS (DX)(R8*2), Y6
	VMOVUPS (DX)(R9*1), Y7
	VUNPCKLPS Y1, Y0, Y8       // r0[0] r1[0] r0[1] r1[1] | r0[4] r1[4] r0[5] r1[5]
	VUNPCKHPS Y1, Y0, Y9       // r0[2] r1[2] r0[3] r1[3] | r0[6] ...
	VUNPCKLPS Y3, Y2, Y10
	VUNPCKHPS Y3, Y2, Y11
	VUNPCKLPS Y5, Y4, Y12
	VUNPCKHPS Y5, Y4, Y13
	VUNPCKLPS Y7, Y6, Y14
	VUNPCKHPS Y7, Y6, Y15
	VSHUFPS $0x44, Y10, Y8, Y0 // r0[0] r1[0] r2[0] r3[0] | r0[4] ... r3[4]
	VSHUFPS $0xEE, Y10, Y8, Y1 // column 1 | column 5
	VSHUFPS $0x44, Y11, Y9, Y2 // column 2 | column 6
	VSHUFPS $0xEE, Y11, Y9, Y3 // column 3 | column 7
	VSHUFPS $0x44, Y14, Y12, Y4 // the same for rows 4-7
	VSHUFPS $0xEE, Y14, Y12, Y5
	VSHUFPS $0x44, Y15, Y13, Y6
	VSHUFPS $0xEE, Y15, Y13, Y7
	VPERM2F128 $0x20, Y4, Y0, Y8  // column 0, rows 0-7
	VPERM2F128 $0x20, Y5, Y1, Y9
	VPERM2F128 $0x20, Y6, Y2, Y10
	VPERM2F128 $0x20, Y7, Y3, Y11
	VPERM2F128 $0x31, Y4, Y0, Y12 // column 4
	VPERM2F128 $0x31, Y5, Y1, Y13
	VPERM2F128 $0x31, Y6, Y2, Y14
	VPERM2F128 $0x31, Y7, Y3, Y15
	LEAQ (DI)(R12*4), BX       // dst row 4 of the block
	VMOVUPS Y8, (DI)
	VMOVUPS Y9, (DI)(R12*1)
	VMOVUPS Y10, (DI)(R12*2)
	VMOVUPS Y11, (DI)(R13*1)
	VMOVUPS Y12, (BX)
	VMOVUPS Y13, (BX)(R12*1)
	VMOVUPS Y14, (BX)(R12*2)
	VMOVUPS Y15, (BX)(R13*1)
	LEAQ (SI)(R8*8), SI        // next row block: 8 rows down in src
	ADDQ $32, DI               // 8 columns right in dst
	DECQ R14
	JNZ  trow
	ADDQ $32, R11              // next column block: 8 columns right in src
	LEAQ (R10)(R12*8), R10     // 8 rows down in dst
	DECQ AX
	JNZ  tcol
	VZEROUPPER

tdone:
	RET
