//go:build amd64 && gc && !purego

#include "textflag.h"

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

// LANES16(A, B, XA, XB) adds the sixteen lanes of A and B into the low
// lane of XA in the order of package kernels' lanes16: A+B, then the two
// halves, then (l0+l2) + (l1+l3). B is clobbered.
#define LANES16(A, B, XA, XB) \
	VADDPS       B, A, A; \
	VEXTRACTF128 $1, A, XB; \
	VADDPS       XB, XA, XA; \
	VPERMILPD    $1, XA, XB; \
	VADDPS       XB, XA, XA; \
	VMOVSHDUP    XA, XB; \
	VADDSS       XB, XA, XA

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
TEXT ·LNRows(SB), NOSPLIT, $0-160
	MOVQ      dst_base+0(FP), DI
	MOVQ      x_base+24(FP), SI
	MOVQ      w_base+48(FP), AX
	MOVQ      w_len+56(FP), CX
	MOVQ      b_base+72(FP), BX
	MOVQ      mean_base+96(FP), R8
	MOVQ      mean_len+104(FP), DX
	MOVQ      rstd_base+120(FP), R9
	VMOVSS    eps+144(FP), X12
	VCVTSS2SD X12, X12, X12
	VCVTSI2SDQ CX, X13, X13
	VCVTSI2SSQ CX, X14, X14
	TAILMASK
	XORQ      R12, R12

row:
	CMPQ R12, DX
	JGE  done

	// The sum of the row.
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	XORQ   R11, R11
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
	LANES16(Y0, Y1, X0, X1)
	VMOVAPS      X0, X10                // sum
	VDIVSS       X14, X0, X7            // m1 = sum / n
	VBROADCASTSS X7, Y8

	// The centred sums about m1.
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
	XORQ   R11, R11
	MOVQ   CX, R10
	SHRQ   $4, R10
	JZ     cen8

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
	LANES16(Y0, Y1, X0, X1)   // sd
	LANES16(Y2, Y3, X2, X3)   // sq

	// Rows whose float32 sums are not finite are left to the caller.
	VXORPS   X6, X6, X6
	VSUBSS   X10, X10, X11
	VUCOMISS X6, X11
	JNE      done
	JPS      done
	VSUBSS   X2, X2, X11
	VUCOMISS X6, X11
	JNE      done
	JPS      done

	// mean = m1 + sd/n, var = max((sq - sd·sd/n)/n, 0) in float64.
	VCVTSS2SD X7, X7, X7
	VCVTSS2SD X0, X0, X0
	VCVTSS2SD X2, X2, X2
	VDIVSD    X13, X0, X3
	VADDSD    X3, X7, X7
	VMULSD    X0, X0, X0
	VDIVSD    X13, X0, X0
	VSUBSD    X0, X2, X2
	VDIVSD    X13, X2, X2
	VXORPD    X6, X6, X6
	VMAXSD    X6, X2, X2               // +0 for -0 and +0, as Go's max
	VADDSD    X12, X2, X2
	VSQRTSD   X2, X2, X2
	MOVQ      $0x3ff0000000000000, R10 // 1.0
	VMOVQ     R10, X3
	VDIVSD    X2, X3, X3
	VCVTSD2SS X3, X3, X9
	VCVTSD2SS X7, X7, X8
	VMOVSS    X8, (R8)(R12*4)
	VMOVSS    X9, (R9)(R12*4)
	VBROADCASTSS X8, Y8
	VBROADCASTSS X9, Y9

	// dst = fma((x - mean)·rstd, w, b).
	XORQ R11, R11
	MOVQ CX, R10
	SHRQ $3, R10
	JZ   normt

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
	JZ          next
	VMASKMOVPS  (SI)(R11*1), Y15, Y4
	VSUBPS      Y8, Y4, Y4
	VMULPS      Y9, Y4, Y4
	VMASKMOVPS  (BX)(R11*1), Y15, Y5
	VMASKMOVPS  (AX)(R11*1), Y15, Y6
	VFMADD231PS Y6, Y4, Y5
	VMASKMOVPS  Y5, Y15, (DI)(R11*1)

next:
	LEAQ (SI)(CX*4), SI
	LEAQ (DI)(CX*4), DI
	INCQ R12
	JMP  row

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
