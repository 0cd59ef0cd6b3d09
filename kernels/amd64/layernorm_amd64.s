//go:build amd64 && gc && !purego

#include "textflag.h"

// func LNSum(acc *[16]float32, x []float32)
TEXT ·LNSum(SB), NOSPLIT, $0-32
	MOVQ    acc+0(FP), DX
	MOVQ    x_base+8(FP), SI
	MOVQ    x_len+16(FP), CX
	VMOVUPS (DX), Y0
	VMOVUPS 32(DX), Y1

loop16:
	CMPQ   CX, $16
	JL     tail
	VADDPS (SI), Y0, Y0
	VADDPS 32(SI), Y1, Y1
	ADDQ   $64, SI
	SUBQ   $16, CX
	JMP    loop16

tail:
	CMPQ   CX, $8
	JL     done
	VADDPS (SI), Y0, Y0

done:
	VMOVUPS Y0, (DX)
	VMOVUPS Y1, 32(DX)
	VZEROUPPER
	RET

// func LNCentered(s, q *[16]float32, x []float32, m float32)
TEXT ·LNCentered(SB), NOSPLIT, $0-44
	MOVQ         s+0(FP), DX
	MOVQ         q+8(FP), DI
	MOVQ         x_base+16(FP), SI
	MOVQ         x_len+24(FP), CX
	VBROADCASTSS m+40(FP), Y8
	VMOVUPS      (DX), Y0
	VMOVUPS      32(DX), Y1
	VMOVUPS      (DI), Y2
	VMOVUPS      32(DI), Y3

loop16:
	CMPQ        CX, $16
	JL          tail
	VMOVUPS     (SI), Y4
	VSUBPS      Y8, Y4, Y4
	VADDPS      Y4, Y0, Y0
	VFMADD231PS Y4, Y4, Y2
	VMOVUPS     32(SI), Y5
	VSUBPS      Y8, Y5, Y5
	VADDPS      Y5, Y1, Y1
	VFMADD231PS Y5, Y5, Y3
	ADDQ        $64, SI
	SUBQ        $16, CX
	JMP         loop16

tail:
	CMPQ        CX, $8
	JL          done
	VMOVUPS     (SI), Y4
	VSUBPS      Y8, Y4, Y4
	VADDPS      Y4, Y0, Y0
	VFMADD231PS Y4, Y4, Y2

done:
	VMOVUPS Y0, (DX)
	VMOVUPS Y1, 32(DX)
	VMOVUPS Y2, (DI)
	VMOVUPS Y3, 32(DI)
	VZEROUPPER
	RET

// func LNNorm(dst, x, w, b []float32, m, r float32)
TEXT ·LNNorm(SB), NOSPLIT, $0-104
	MOVQ         dst_base+0(FP), DI
	MOVQ         dst_len+8(FP), CX
	MOVQ         x_base+24(FP), SI
	MOVQ         w_base+48(FP), AX
	MOVQ         b_base+72(FP), BX
	VBROADCASTSS m+96(FP), Y8
	VBROADCASTSS r+100(FP), Y9

loop:
	CMPQ        CX, $8
	JL          done
	VMOVUPS     (SI), Y0
	VSUBPS      Y8, Y0, Y0
	VMULPS      Y9, Y0, Y0
	VMOVUPS     (BX), Y1
	VFMADD231PS (AX), Y0, Y1
	VMOVUPS     Y1, (DI)
	ADDQ        $32, SI
	ADDQ        $32, AX
	ADDQ        $32, BX
	ADDQ        $32, DI
	SUBQ        $8, CX
	JMP         loop

done:
	VZEROUPPER
	RET

// LNBACK1 handles the eight elements at byte offset off, adding into the
// lane sums G and GX.
#define LNBACK1(off, G, GX) \
	VMOVUPS      off(SI), Y4; \
	VSUBPS       Y8, Y4, Y4; \
	VMULPS       Y9, Y4, Y4; \
	VMOVUPS      off(DX), Y5; \
	VMULPS       off(AX), Y5, Y6; \
	VADDPS       Y6, G, G; \
	VFMADD231PS  Y4, Y6, GX; \
	VADDPS       off(R8), Y5, Y7; \
	VMOVUPS      Y7, off(R8); \
	VFMADD213PS  off(R9), Y4, Y5; \
	VMOVUPS      Y5, off(R9)

// func LNBackSums(sg, sgx *[16]float32, db, dw, dy, x, w []float32, m, r float32)
TEXT ·LNBackSums(SB), NOSPLIT, $0-144
	MOVQ         sg+0(FP), R10
	MOVQ         sgx+8(FP), R11
	MOVQ         db_base+16(FP), R8
	MOVQ         dw_base+40(FP), R9
	MOVQ         dy_base+64(FP), DX
	MOVQ         dy_len+72(FP), CX
	MOVQ         x_base+88(FP), SI
	MOVQ         w_base+112(FP), AX
	VBROADCASTSS m+136(FP), Y8
	VBROADCASTSS r+140(FP), Y9
	VMOVUPS      (R10), Y0
	VMOVUPS      32(R10), Y1
	VMOVUPS      (R11), Y2
	VMOVUPS      32(R11), Y3

loop16:
	CMPQ    CX, $16
	JL      tail
	LNBACK1(0, Y0, Y2)
	LNBACK1(32, Y1, Y3)
	ADDQ    $64, SI
	ADDQ    $64, DX
	ADDQ    $64, AX
	ADDQ    $64, R8
	ADDQ    $64, R9
	SUBQ    $16, CX
	JMP     loop16

tail:
	CMPQ    CX, $8
	JL      done
	LNBACK1(0, Y0, Y2)

done:
	VMOVUPS Y0, (R10)
	VMOVUPS Y1, 32(R10)
	VMOVUPS Y2, (R11)
	VMOVUPS Y3, 32(R11)
	VZEROUPPER
	RET

// func LNBackDx(dx, dy, x, w []float32, m, r, gm, gxm float32)
TEXT ·LNBackDx(SB), NOSPLIT, $0-112
	MOVQ         dx_base+0(FP), DI
	MOVQ         dx_len+8(FP), CX
	MOVQ         dy_base+24(FP), DX
	MOVQ         x_base+48(FP), SI
	MOVQ         w_base+72(FP), AX
	VBROADCASTSS m+96(FP), Y8
	VBROADCASTSS r+100(FP), Y9
	VBROADCASTSS gm+104(FP), Y10
	VBROADCASTSS gxm+108(FP), Y11

loop:
	CMPQ         CX, $8
	JL           done
	VMOVUPS      (SI), Y4
	VSUBPS       Y8, Y4, Y4
	VMULPS       Y9, Y4, Y4
	VMOVUPS      (DX), Y5
	VMULPS       (AX), Y5, Y6
	VSUBPS       Y10, Y6, Y6
	VFNMADD231PS Y11, Y4, Y6
	VMULPS       Y9, Y6, Y6
	VMOVUPS      Y6, (DI)
	ADDQ         $32, SI
	ADDQ         $32, DX
	ADDQ         $32, AX
	ADDQ         $32, DI
	SUBQ         $8, CX
	JMP          loop

done:
	VZEROUPPER
	RET
