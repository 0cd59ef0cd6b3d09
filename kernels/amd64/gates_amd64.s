//go:build amd64 && gc && !purego

#include "textflag.h"

// The constants of exp_amd64.s's e^x, sigmoid and tanh, in the same
// order; see package kernels' expParts and tanh32.
DATA gatec<>+0(SB)/4, $0xc2d00000  // -104
DATA gatec<>+4(SB)/4, $0x42b20000  // 89
DATA gatec<>+8(SB)/4, $0x3fb8aa3b  // log2(e)
DATA gatec<>+12(SB)/4, $0x3f317218 // ln 2, high part
DATA gatec<>+16(SB)/4, $0xb102e308 // ln 2, low part
DATA gatec<>+20(SB)/4, $0x394f8172 // P5
DATA gatec<>+24(SB)/4, $0x3ab6ca30 // P4
DATA gatec<>+28(SB)/4, $0x3c08893f // P3
DATA gatec<>+32(SB)/4, $0x3d2aaa43 // P2
DATA gatec<>+36(SB)/4, $0x3e2aaaaa // P1
DATA gatec<>+40(SB)/4, $0x3f000000 // P0 = 0.5
DATA gatec<>+44(SB)/4, $0x3f800000 // 1
DATA gatec<>+48(SB)/4, $0x0000007f // exponent bias
DATA gatec<>+52(SB)/4, $0x7fffffff // |x| mask
DATA gatec<>+56(SB)/4, $0x80000000 // sign bit
DATA gatec<>+60(SB)/4, $0x3f200000 // 0.625, tanh's polynomial bound
DATA gatec<>+64(SB)/4, $0xbbbb55c4 // tanh Q4
DATA gatec<>+68(SB)/4, $0x3ca92b5a // Q3
DATA gatec<>+72(SB)/4, $0xbd5c2221 // Q2
DATA gatec<>+76(SB)/4, $0x3e0883b4 // Q1
DATA gatec<>+80(SB)/4, $0xbeaaaa9a // Q0
DATA gatec<>+84(SB)/4, $0x40000000 // 2
GLOBL gatec<>(SB), RODATA|NOPTR, $88

// GEXP replaces the lanes of Y0 by e^Y0; it clobbers Y1-Y4.
#define GEXP \
	VBROADCASTSS gatec<>+0(SB), Y1; \
	VMAXPS       Y0, Y1, Y0; \
	VBROADCASTSS gatec<>+4(SB), Y1; \
	VMINPS       Y0, Y1, Y0; \
	VBROADCASTSS gatec<>+8(SB), Y1; \
	VMULPS       Y1, Y0, Y1; \
	VROUNDPS     $0, Y1, Y1; \
	VBROADCASTSS gatec<>+12(SB), Y2; \
	VFNMADD231PS Y2, Y1, Y0; \
	VBROADCASTSS gatec<>+16(SB), Y2; \
	VFNMADD231PS Y2, Y1, Y0; \
	VBROADCASTSS gatec<>+20(SB), Y2; \
	VBROADCASTSS gatec<>+24(SB), Y3; \
	VFMADD213PS  Y3, Y0, Y2; \
	VBROADCASTSS gatec<>+28(SB), Y3; \
	VFMADD213PS  Y3, Y0, Y2; \
	VBROADCASTSS gatec<>+32(SB), Y3; \
	VFMADD213PS  Y3, Y0, Y2; \
	VBROADCASTSS gatec<>+36(SB), Y3; \
	VFMADD213PS  Y3, Y0, Y2; \
	VBROADCASTSS gatec<>+40(SB), Y3; \
	VFMADD213PS  Y3, Y0, Y2; \
	VMULPS       Y0, Y0, Y3; \
	VFMADD213PS  Y0, Y3, Y2; \
	VBROADCASTSS gatec<>+44(SB), Y3; \
	VADDPS       Y3, Y2, Y0; \
	VCVTPS2DQ    Y1, Y1; \
	VPSRAD       $1, Y1, Y2; \
	VPSUBD       Y2, Y1, Y1; \
	VPBROADCASTD gatec<>+48(SB), Y3; \
	VPADDD       Y3, Y2, Y2; \
	VPSLLD       $23, Y2, Y2; \
	VPADDD       Y3, Y1, Y1; \
	VPSLLD       $23, Y1, Y1; \
	VMULPS       Y2, Y0, Y0; \
	VMULPS       Y1, Y0, Y0

// GSIGMOID replaces Y0 by σ(Y0): t = e^-|x|, then (x < 0 ? t : 1)/(1+t).
// It clobbers Y1-Y6.
#define GSIGMOID \
	VMOVAPS      Y0, Y5; \
	VBROADCASTSS gatec<>+56(SB), Y6; \
	VORPS        Y6, Y5, Y0; \
	GEXP; \
	VBROADCASTSS gatec<>+44(SB), Y1; \
	VADDPS       Y1, Y0, Y2; \
	VXORPS       Y3, Y3, Y3; \
	VCMPPS       $0x11, Y3, Y5, Y3; \
	VBLENDVPS    Y3, Y0, Y1, Y1; \
	VDIVPS       Y2, Y1, Y0

// GTANH replaces Y0 by tanh(Y0), both branches for every lane as in
// exp_amd64.s's tanhAVX. It clobbers Y1-Y11.
#define GTANH \
	VMOVAPS      Y0, Y5; \
	VBROADCASTSS gatec<>+52(SB), Y6; \
	VANDPS       Y6, Y5, Y7; \
	VANDNPS      Y5, Y6, Y6; \
	VADDPS       Y7, Y7, Y0; \
	GEXP; \
	VBROADCASTSS gatec<>+44(SB), Y1; \
	VADDPS       Y1, Y0, Y0; \
	VBROADCASTSS gatec<>+84(SB), Y2; \
	VDIVPS       Y0, Y2, Y2; \
	VSUBPS       Y2, Y1, Y8; \
	VMULPS       Y7, Y7, Y9; \
	VBROADCASTSS gatec<>+64(SB), Y10; \
	VBROADCASTSS gatec<>+68(SB), Y11; \
	VFMADD213PS  Y11, Y9, Y10; \
	VBROADCASTSS gatec<>+72(SB), Y11; \
	VFMADD213PS  Y11, Y9, Y10; \
	VBROADCASTSS gatec<>+76(SB), Y11; \
	VFMADD213PS  Y11, Y9, Y10; \
	VBROADCASTSS gatec<>+80(SB), Y11; \
	VFMADD213PS  Y11, Y9, Y10; \
	VMULPS       Y7, Y9, Y11; \
	VFMADD213PS  Y7, Y11, Y10; \
	VBROADCASTSS gatec<>+60(SB), Y11; \
	VCMPPS       $0x11, Y11, Y7, Y11; \
	VBLENDVPS    Y11, Y10, Y8, Y8; \
	VORPS        Y6, Y8, Y0

// func LSTMGates(g, cPrev, c, tc, h []float32, rows, hs, w int)
//
// Pointers walk the columns: SI the i block of g (f, g, o at R9, 2·R9,
// R8 = 3·R9 bytes further), R10 cPrev, R11 c, R12 tc, R13 h. At the end
// of a row AX and BX skip to the next one.
TEXT ·LSTMGates(SB), NOSPLIT, $0-144
	MOVQ g_base+0(FP), SI
	MOVQ cPrev_base+24(FP), R10
	MOVQ c_base+48(FP), R11
	MOVQ tc_base+72(FP), R12
	MOVQ h_base+96(FP), R13
	MOVQ rows+120(FP), CX
	MOVQ hs+128(FP), R9
	MOVQ w+136(FP), R14
	SHLQ $2, R9
	LEAQ (R9)(R9*2), R8
	LEAQ (R9)(R8*1), AX  // 4·hs bytes: a row of gates
	MOVQ R14, BX
	SHLQ $2, BX
	SUBQ BX, AX          // gate row skip
	NEGQ BX
	ADDQ R9, BX          // state row skip
	TESTQ R14, R14
	JEQ  done

row:
	TESTQ CX, CX
	JEQ   done
	MOVQ  R14, DX

col:
	VMOVUPS (SI), Y0
	GSIGMOID
	VMOVUPS Y0, (SI)
	VMOVAPS Y0, Y12
	VMOVUPS (SI)(R9*1), Y0
	GSIGMOID
	VMOVUPS Y0, (SI)(R9*1)
	VMOVAPS Y0, Y13
	VMOVUPS (SI)(R9*2), Y0
	GTANH
	VMOVUPS Y0, (SI)(R9*2)
	VMOVAPS Y0, Y14
	VMOVUPS (SI)(R8*1), Y0
	GSIGMOID
	VMOVUPS Y0, (SI)(R8*1)
	VMOVAPS Y0, Y15

	// c = fma(f, cPrev, i·g), tc = tanh(c), h = o·tc
	VMULPS      Y14, Y12, Y12
	VFMADD231PS (R10), Y13, Y12
	VMOVUPS     Y12, (R11)
	VMOVAPS     Y12, Y0
	GTANH
	VMOVUPS     Y0, (R12)
	VMULPS      Y15, Y0, Y0
	VMOVUPS     Y0, (R13)

	ADDQ $32, SI
	ADDQ $32, R10
	ADDQ $32, R11
	ADDQ $32, R12
	ADDQ $32, R13
	SUBQ $8, DX
	JNE  col
	ADDQ AX, SI
	ADDQ BX, R10
	ADDQ BX, R11
	ADDQ BX, R12
	ADDQ BX, R13
	DECQ CX
	JMP  row

done:
	VZEROUPPER
	RET

// func LSTMGatesBack(da, dc, dh, g, cPrev, tc []float32, rows, hs, w int)
//
// SI walks g and DI da (gate blocks at 0, R9, 2·R9, R8 = 3·R9), R10 dc,
// R11 dh, R12 cPrev, R13 tc. Y15 holds 1.
TEXT ·LSTMGatesBack(SB), NOSPLIT, $0-168
	MOVQ         da_base+0(FP), DI
	MOVQ         dc_base+24(FP), R10
	MOVQ         dh_base+48(FP), R11
	MOVQ         g_base+72(FP), SI
	MOVQ         cPrev_base+96(FP), R12
	MOVQ         tc_base+120(FP), R13
	MOVQ         rows+144(FP), CX
	MOVQ         hs+152(FP), R9
	MOVQ         w+160(FP), R14
	VBROADCASTSS gatec<>+44(SB), Y15
	SHLQ         $2, R9
	LEAQ         (R9)(R9*2), R8
	LEAQ         (R9)(R8*1), AX
	MOVQ         R14, BX
	SHLQ         $2, BX
	SUBQ         BX, AX
	NEGQ         BX
	ADDQ         R9, BX
	TESTQ        R14, R14
	JEQ          done

row:
	TESTQ CX, CX
	JEQ   done
	MOVQ  R14, DX

col:
	VMOVUPS      (R13), Y0         // tc
	VMOVAPS      Y15, Y2
	VFNMADD231PS Y0, Y0, Y2        // 1 - tc²
	VMOVUPS      (SI)(R8*1), Y3    // o
	VMOVUPS      (R11), Y4         // dh
	VMULPS       Y3, Y4, Y5
	VMOVUPS      (R10), Y6
	VFMADD231PS  Y2, Y5, Y6        // dct

	VMULPS       Y0, Y4, Y7        // do = (dh·tc)·(o - o²)
	VMOVAPS      Y3, Y8
	VFNMADD231PS Y3, Y3, Y8
	VMULPS       Y8, Y7, Y7
	VMOVUPS      Y7, (DI)(R8*1)

	VMOVUPS      (SI), Y9          // i
	VMOVUPS      (SI)(R9*1), Y10   // f
	VMOVUPS      (SI)(R9*2), Y11   // g

	VMULPS       Y11, Y6, Y7       // di = (dct·g)·(i - i²)
	VMOVAPS      Y9, Y8
	VFNMADD231PS Y9, Y9, Y8
	VMULPS       Y8, Y7, Y7
	VMOVUPS      Y7, (DI)

	VMULPS       (R12), Y6, Y7     // df = (dct·cPrev)·(f - f²)
	VMOVAPS      Y10, Y8
	VFNMADD231PS Y10, Y10, Y8
	VMULPS       Y8, Y7, Y7
	VMOVUPS      Y7, (DI)(R9*1)

	VMULPS       Y9, Y6, Y7        // dg = (dct·i)·(1 - g²)
	VMOVAPS      Y15, Y8
	VFNMADD231PS Y11, Y11, Y8
	VMULPS       Y8, Y7, Y7
	VMOVUPS      Y7, (DI)(R9*2)

	VMULPS       Y10, Y6, Y6       // dc = dct·f
	VMOVUPS      Y6, (R10)

	ADDQ $32, SI
	ADDQ $32, DI
	ADDQ $32, R10
	ADDQ $32, R11
	ADDQ $32, R12
	ADDQ $32, R13
	SUBQ $8, DX
	JNE  col
	ADDQ AX, SI
	ADDQ AX, DI
	ADDQ BX, R10
	ADDQ BX, R11
	ADDQ BX, R12
	ADDQ BX, R13
	DECQ CX
	JMP  row

done:
	VZEROUPPER
	RET

// func GRUGates(g, gh, hPrev, h []float32, rows, hs, w int)
//
// SI walks g and DI gh (gate blocks at 0, R9, 2·R9), R10 hPrev, R11 h.
TEXT ·GRUGates(SB), NOSPLIT, $0-120
	MOVQ g_base+0(FP), SI
	MOVQ gh_base+24(FP), DI
	MOVQ hPrev_base+48(FP), R10
	MOVQ h_base+72(FP), R11
	MOVQ rows+96(FP), CX
	MOVQ hs+104(FP), R9
	MOVQ w+112(FP), R14
	SHLQ $2, R9
	LEAQ (R9)(R9*2), AX  // 3·hs bytes: a row of gates
	MOVQ R14, BX
	SHLQ $2, BX
	SUBQ BX, AX
	NEGQ BX
	ADDQ R9, BX
	TESTQ R14, R14
	JEQ  done

row:
	TESTQ CX, CX
	JEQ   done
	MOVQ  R14, DX

col:
	VMOVUPS     (SI), Y0
	VADDPS      (DI), Y0, Y0
	GSIGMOID
	VMOVUPS     Y0, (SI)
	VMOVAPS     Y0, Y12           // r
	VMOVUPS     (SI)(R9*1), Y0
	VADDPS      (DI)(R9*1), Y0, Y0
	GSIGMOID
	VMOVUPS     Y0, (SI)(R9*1)
	VMOVAPS     Y0, Y13           // z
	VMOVUPS     (SI)(R9*2), Y0
	VFMADD231PS (DI)(R9*2), Y12, Y0
	GTANH
	VMOVUPS     Y0, (SI)(R9*2)    // n
	VMOVUPS     (R10), Y1
	VSUBPS      Y0, Y1, Y1
	VFMADD213PS Y0, Y13, Y1       // h = fma(z, hPrev - n, n)
	VMOVUPS     Y1, (R11)

	ADDQ $32, SI
	ADDQ $32, DI
	ADDQ $32, R10
	ADDQ $32, R11
	SUBQ $8, DX
	JNE  col
	ADDQ AX, SI
	ADDQ AX, DI
	ADDQ BX, R10
	ADDQ BX, R11
	DECQ CX
	JMP  row

done:
	VZEROUPPER
	RET

// func GRUGatesBack(dg, dgh, dhPrev, dh, g, gh, hPrev []float32, rows, hs, w int)
//
// DI walks dg, DX dgh, SI g and R8 gh (gate blocks at 0, R9, 2·R9), R10
// dhPrev, R11 dh, R12 hPrev. Y15 holds 1.
TEXT ·GRUGatesBack(SB), NOSPLIT, $0-192
	MOVQ         dg_base+0(FP), DI
	MOVQ         dgh_base+24(FP), DX
	MOVQ         dhPrev_base+48(FP), R10
	MOVQ         dh_base+72(FP), R11
	MOVQ         g_base+96(FP), SI
	MOVQ         gh_base+120(FP), R8
	MOVQ         hPrev_base+144(FP), R12
	MOVQ         rows+168(FP), CX
	MOVQ         hs+176(FP), R9
	MOVQ         w+184(FP), R14
	VBROADCASTSS gatec<>+44(SB), Y15
	SHLQ         $2, R9
	LEAQ         (R9)(R9*2), AX
	MOVQ         R14, BX
	SHLQ         $2, BX
	SUBQ         BX, AX
	NEGQ         BX
	ADDQ         R9, BX
	TESTQ        R14, R14
	JEQ          done

row:
	TESTQ CX, CX
	JEQ   done
	MOVQ  R14, R13

col:
	VMOVUPS      (R11), Y0         // dh
	VMOVUPS      (SI)(R9*1), Y1    // z
	VMOVUPS      (SI)(R9*2), Y2    // n
	VMOVUPS      (SI), Y3          // r
	VMOVUPS      (R12), Y5         // hPrev

	VMOVAPS      Y0, Y6            // dn = (dh - dh·z)·(1 - n²)
	VFNMADD231PS Y1, Y0, Y6
	VMOVAPS      Y15, Y7
	VFNMADD231PS Y2, Y2, Y7
	VMULPS       Y7, Y6, Y6

	VMULPS       (R8)(R9*2), Y6, Y7 // dr = (dn·gh_n)·(r - r²)
	VMOVAPS      Y3, Y8
	VFNMADD231PS Y3, Y3, Y8
	VMULPS       Y8, Y7, Y7

	VSUBPS       Y2, Y5, Y8        // dz = (dh·(hPrev - n))·(z - z²)
	VMULPS       Y8, Y0, Y8
	VMOVAPS      Y1, Y9
	VFNMADD231PS Y1, Y1, Y9
	VMULPS       Y9, Y8, Y8

	VMOVUPS      Y7, (DI)
	VMOVUPS      Y8, (DI)(R9*1)
	VMOVUPS      Y6, (DI)(R9*2)
	VMOVUPS      Y7, (DX)
	VMOVUPS      Y8, (DX)(R9*1)
	VMULPS       Y3, Y6, Y10
	VMOVUPS      Y10, (DX)(R9*2)
	VMULPS       Y1, Y0, Y0        // dhPrev = dh·z
	VMOVUPS      Y0, (R10)

	ADDQ $32, DI
	ADDQ $32, DX
	ADDQ $32, SI
	ADDQ $32, R8
	ADDQ $32, R10
	ADDQ $32, R11
	ADDQ $32, R12
	SUBQ $8, R13
	JNE  col
	ADDQ AX, DI
	ADDQ AX, DX
	ADDQ AX, SI
	ADDQ AX, R8
	ADDQ BX, R10
	ADDQ BX, R11
	ADDQ BX, R12
	DECQ CX
	JMP  row

done:
	VZEROUPPER
	RET
