//go:build amd64 && gc && !purego

#include "textflag.h"
#include "layernorm_amd64.h"

// Eight lanes set, eight clear: the 8 floats at lnMask<>+4*(8-k) are a
// VMASKMOVPS (and VANDPS) mask for the first k lanes.
DATA lnMask<>+0(SB)/8, $0xffffffffffffffff
DATA lnMask<>+8(SB)/8, $0xffffffffffffffff
DATA lnMask<>+16(SB)/8, $0xffffffffffffffff
DATA lnMask<>+24(SB)/8, $0xffffffffffffffff
DATA lnMask<>+32(SB)/8, $0
DATA lnMask<>+40(SB)/8, $0
DATA lnMask<>+48(SB)/8, $0
DATA lnMask<>+56(SB)/8, $0
GLOBL lnMask<>(SB), RODATA|NOPTR, $64

// Both kernels walk a row with the byte offset R11 from the row pointers:
// sixteen elements a step into the lane sums A (lanes 0-7) and B (lanes
// 8-15), then a group of eight into A, then the last cols%8 elements
// under the mask Y15 into A or B, whichever holds their lanes. Masked-off
// lanes load as 0 and add +0 to a sum, which leaves it unchanged: a lane
// sum that starts at +0 is never -0.

// TAILMASK sets Y15 to the mask of the last cols%8 elements of a row of
// CX elements; R10 and R11 are scratch.
#define TAILMASK \
	MOVQ    CX, R10; \
	ANDQ    $7, R10; \
	SHLQ    $2, R10; \
	LEAQ    lnMask<>+32(SB), R11; \
	SUBQ    R10, R11; \
	VMOVUPS (R11), Y15

// SUM8(off, A) adds the eight x at off into A.
#define SUM8(off, A) VADDPS off(SI)(R11*1), A, A

// CENTER8(off, S, Q) adds d = x - m (m in Y8) into S and d² (fused) into Q.
#define CENTER8(off, S, Q) \
	VMOVUPS     off(SI)(R11*1), Y4; \
	VSUBPS      Y8, Y4, Y4; \
	VADDPS      Y4, S, S; \
	VFMADD231PS Y4, Y4, Q

// CENTERT(S, Q) is CENTER8 for the masked tail; d is cleared outside it.
#define CENTERT(S, Q) \
	VMASKMOVPS  (SI)(R11*1), Y15, Y4; \
	VSUBPS      Y8, Y4, Y4; \
	VANDPS      Y15, Y4, Y4; \
	VADDPS      Y4, S, S; \
	VFMADD231PS Y4, Y4, Q

// func LNRows(dst, x, w, b, mean, rstd []float32, eps float32) int
//
// Blocks of sixteen rows; the frame: the slots of the first sums at
// 0(SP), of the second sums at 512(SP), the sixteen m1, then means, at
// 1024(SP) and the rstds at 1088(SP).
TEXT ·LNRows(SB), 0, $1152-160
	LNCONSTS
	TAILMASK
	XORQ         R12, R12

	// A block of k = min(16, rows left) rows: R8 = 32k, R9 = 32r for its
	// row r, R14 the byte offset of row r from SI.
block:
	MOVQ mean_len+104(FP), R8
	SUBQ R12, R8
	JLE  done
	CMPQ R8, $16
	JLE  sized
	MOVQ $16, R8

sized:
	SHLQ $5, R8

	// The sums of the rows.
	XORQ R9, R9
	XORQ R14, R14

sumrow:
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	MOVQ   R14, R11
	MOVQ   CX, R10
	SHRQ   $4, R10
	JZ     sum8

sum16:
	SUM8(0, Y0)
	SUM8(32, Y1)
	ADDQ $64, R11
	DECQ R10
	JNZ  sum16

sum8:
	TESTQ $8, CX
	JZ    sumt
	SUM8(0, Y0)
	ADDQ  $32, R11

sumt:
	TESTQ      $7, CX
	JZ         sumdone
	VMASKMOVPS (SI)(R11*1), Y15, Y4
	TESTQ      $8, CX
	JNZ        sumtb
	VADDPS     Y4, Y0, Y0
	JMP        sumdone

sumtb:
	VADDPS Y4, Y1, Y1

sumdone:
	VADDPS  Y1, Y0, Y0
	VMOVUPS Y0, (SP)(R9*1)
	LEAQ    (R14)(CX*4), R14
	ADDQ    $32, R9
	CMPQ    R9, R8
	JLT     sumrow

	LNM1

	// The centred sums about m1.
	XORQ R9, R9
	XORQ R14, R14

cenrow:
	MOVQ         R9, R11
	SHRQ         $3, R11
	VBROADCASTSS 1024(SP)(R11*1), Y8
	VXORPS       Y0, Y0, Y0
	VXORPS       Y1, Y1, Y1
	VXORPS       Y2, Y2, Y2
	VXORPS       Y3, Y3, Y3
	MOVQ         R14, R11
	MOVQ         CX, R10
	SHRQ         $4, R10
	JZ           cen8

cen16:
	CENTER8(0, Y0, Y2)
	CENTER8(32, Y1, Y3)
	ADDQ $64, R11
	DECQ R10
	JNZ  cen16

cen8:
	TESTQ $8, CX
	JZ    cent
	CENTER8(0, Y0, Y2)
	ADDQ  $32, R11

cent:
	TESTQ $7, CX
	JZ    cendone
	TESTQ $8, CX
	JNZ   centb
	CENTERT(Y0, Y2)
	JMP   cendone

centb:
	CENTERT(Y1, Y3)

cendone:
	VADDPS  Y1, Y0, Y0
	VADDPS  Y3, Y2, Y2
	VMOVUPS Y0, (SP)(R9*1)
	VMOVUPS Y2, 512(SP)(R9*1)
	LEAQ    (R14)(CX*4), R14
	ADDQ    $32, R9
	CMPQ    R9, R8
	JLT     cenrow

	LNSTOP

	// The statistics, four rows at a time, kept at 1024(SP) and
	// 1088(SP) and stored for the j rows: min(j, 8) from 1024(SP) and
	// 1088(SP), the rest from 1056(SP) and 1120(SP).
	LNSTATS
	MOVQ         $8, R13
	CMPQ         R10, R13
	CMOVQLT      R10, R13
	MOVQ         R13, R11
	SHLQ         $2, R11
	LEAQ         lnMask<>+32(SB), DX
	SUBQ         R11, DX
	VMOVUPS      (DX), Y0
	MOVQ         R10, R11
	SUBQ         R13, R11
	SHLQ         $2, R11
	LEAQ         lnMask<>+32(SB), DX
	SUBQ         R11, DX
	VMOVUPS      (DX), Y1
	MOVQ         mean_base+96(FP), R11
	VMOVUPS      1024(SP), Y4
	VMASKMOVPS   Y4, Y0, (R11)(R12*4)
	VMOVUPS      1056(SP), Y4
	VMASKMOVPS   Y4, Y1, 32(R11)(R12*4)
	MOVQ         rstd_base+120(FP), R11
	VMOVUPS      1088(SP), Y5
	VMASKMOVPS   Y5, Y0, (R11)(R12*4)
	VMOVUPS      1120(SP), Y5
	VMASKMOVPS   Y5, Y1, 32(R11)(R12*4)
	MOVQ         R10, R13
	SHLQ         $5, R13

	// dst = fma((x - mean)·rstd, w, b) for the j rows, SI and DI moving
	// on to the next block.
	XORQ R9, R9

normrow:
	CMPQ         R9, R13
	JGE          normdone
	MOVQ         R9, R11
	SHRQ         $3, R11
	VBROADCASTSS 1024(SP)(R11*1), Y8
	VBROADCASTSS 1088(SP)(R11*1), Y9
	XORQ         R11, R11
	MOVQ         CX, R10
	SHRQ         $3, R10
	JZ           normt

norm8:
	VMOVUPS     (SI)(R11*1), Y4
	VSUBPS      Y8, Y4, Y4
	VMULPS      Y9, Y4, Y4
	VMOVUPS     (BX)(R11*1), Y5
	VFMADD231PS (AX)(R11*1), Y4, Y5
	VMOVUPS     Y5, (DI)(R11*1)
	ADDQ        $32, R11
	DECQ        R10
	JNZ         norm8

normt:
	TESTQ       $7, CX
	JZ          normnext
	VMASKMOVPS  (SI)(R11*1), Y15, Y4
	VSUBPS      Y8, Y4, Y4
	VMULPS      Y9, Y4, Y4
	VMASKMOVPS  (BX)(R11*1), Y15, Y5
	VMASKMOVPS  (AX)(R11*1), Y15, Y6
	VFMADD231PS Y6, Y4, Y5
	VMASKMOVPS  Y5, Y15, (DI)(R11*1)

normnext:
	LEAQ (SI)(CX*4), SI
	LEAQ (DI)(CX*4), DI
	ADDQ $32, R9
	JMP  normrow

normdone:
	MOVQ R13, R10
	SHRQ $5, R10
	ADDQ R10, R12
	CMPQ R13, R8
	JEQ  block

done:
	MOVQ R12, ret+152(FP)
	VZEROUPPER
	RET

// BACK8(off, G, GX), with x̂ = (x-m)·r (m, r in Y8, Y9) and g = dy·w,
// adds g into G and g·x̂ (fused) into GX, dy into db and dy·x̂ (fused)
// into dw: R8 dw, R9 db, DX dy, SI x, AX w.
#define BACK8(off, G, GX) \
	VMOVUPS     off(SI)(R11*1), Y4; \
	VSUBPS      Y8, Y4, Y4; \
	VMULPS      Y9, Y4, Y4; \
	VMOVUPS     off(DX)(R11*1), Y5; \
	VMULPS      off(AX)(R11*1), Y5, Y6; \
	VADDPS      Y6, G, G; \
	VFMADD231PS Y4, Y6, GX; \
	VADDPS      off(R9)(R11*1), Y5, Y7; \
	VMOVUPS     Y7, off(R9)(R11*1); \
	VFMADD213PS off(R8)(R11*1), Y4, Y5; \
	VMOVUPS     Y5, off(R8)(R11*1)

// BACKT(G, GX) is BACK8 for the masked tail; x̂ is cleared outside it,
// so that g·x̂ adds +0 there whatever m and r are.
#define BACKT(G, GX) \
	VMASKMOVPS  (SI)(R11*1), Y15, Y4; \
	VSUBPS      Y8, Y4, Y4; \
	VMULPS      Y9, Y4, Y4; \
	VANDPS      Y15, Y4, Y4; \
	VMASKMOVPS  (DX)(R11*1), Y15, Y5; \
	VMASKMOVPS  (AX)(R11*1), Y15, Y6; \
	VMULPS      Y5, Y6, Y6; \
	VADDPS      Y6, G, G; \
	VFMADD231PS Y4, Y6, GX; \
	VMASKMOVPS  (R9)(R11*1), Y15, Y7; \
	VADDPS      Y5, Y7, Y7; \
	VMASKMOVPS  Y7, Y15, (R9)(R11*1); \
	VMASKMOVPS  (R8)(R11*1), Y15, Y7; \
	VFMADD231PS Y4, Y5, Y7; \
	VMASKMOVPS  Y7, Y15, (R8)(R11*1)

// DXFROM writes into Y6 dx = fma(-x̂, gxm, g-gm)·r (gm, gxm in Y10,
// Y11) from x, dy and w loaded into Y4, Y5 and Y6.
#define DXFROM \
	VSUBPS       Y8, Y4, Y4; \
	VMULPS       Y9, Y4, Y4; \
	VMULPS       Y5, Y6, Y6; \
	VSUBPS       Y10, Y6, Y6; \
	VFNMADD231PS Y11, Y4, Y6; \
	VMULPS       Y9, Y6, Y6

// func LNBackRows(dx, dw, db, dy, x, w, mean, rstd []float32)
TEXT ·LNBackRows(SB), NOSPLIT, $0-192
	MOVQ      dx_base+0(FP), DI
	MOVQ      dw_base+24(FP), R8
	MOVQ      db_base+48(FP), R9
	MOVQ      dy_base+72(FP), DX
	MOVQ      x_base+96(FP), SI
	MOVQ      w_base+120(FP), AX
	MOVQ      w_len+128(FP), CX
	MOVQ      mean_base+144(FP), BX
	MOVQ      rstd_base+168(FP), R13
	VCVTSI2SDQ CX, X13, X13
	TAILMASK
	XORQ      R12, R12

brow:
	CMPQ         R12, mean_len+152(FP)
	JGE          bdone
	VBROADCASTSS (BX)(R12*4), Y8
	VBROADCASTSS (R13)(R12*4), Y9

	// The sums of g and g·x̂; db and dw.
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
	XORQ   R11, R11
	MOVQ   CX, R10
	SHRQ   $4, R10
	JZ     back8

back16:
	BACK8(0, Y0, Y2)
	BACK8(32, Y1, Y3)
	ADDQ $64, R11
	DECQ R10
	JNZ  back16

back8:
	TESTQ $8, CX
	JZ    backt
	BACK8(0, Y0, Y2)
	ADDQ  $32, R11

backt:
	TESTQ $7, CX
	JZ    backdone
	TESTQ $8, CX
	JNZ   backtb
	BACKT(Y0, Y2)
	JMP   backdone

backtb:
	BACKT(Y1, Y3)

backdone:
	// gm, gxm = float32(float64(sum)/n).
	LANES16(Y0, Y1, X0, X1)
	LANES16(Y2, Y3, X2, X3)
	VCVTSS2SD    X0, X0, X0
	VDIVSD       X13, X0, X0
	VCVTSD2SS    X0, X0, X10
	VBROADCASTSS X10, Y10
	VCVTSS2SD    X2, X2, X2
	VDIVSD       X13, X2, X2
	VCVTSD2SS    X2, X2, X11
	VBROADCASTSS X11, Y11

	// dx.
	XORQ R11, R11
	MOVQ CX, R10
	SHRQ $3, R10
	JZ   dxt

dx8:
	VMOVUPS (SI)(R11*1), Y4
	VMOVUPS (DX)(R11*1), Y5
	VMOVUPS (AX)(R11*1), Y6
	DXFROM
	VMOVUPS Y6, (DI)(R11*1)
	ADDQ    $32, R11
	DECQ    R10
	JNZ     dx8

dxt:
	TESTQ $7, CX
	JZ    bnext
	VMASKMOVPS (SI)(R11*1), Y15, Y4
	VMASKMOVPS (DX)(R11*1), Y15, Y5
	VMASKMOVPS (AX)(R11*1), Y15, Y6
	DXFROM
	VMASKMOVPS Y6, Y15, (DI)(R11*1)

bnext:
	LEAQ (SI)(CX*4), SI
	LEAQ (DI)(CX*4), DI
	LEAQ (DX)(CX*4), DX
	INCQ R12
	JMP  brow

bdone:
	VZEROUPPER
	RET
