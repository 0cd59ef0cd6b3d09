//go:build amd64 && gc && !purego

#include "textflag.h"
#include "avx2_amd64.h"
#include "exp_amd64.h"
#include "gates_amd64.h"

// The gate kernels on eight columns; the steps are gates_amd64.h's.

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
	LSTMSTEP
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
	VBROADCASTSS mathc<>+MC_ONE(SB), Y15
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
	LSTMBACKSTEP
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
	GRUSTEP
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
	VBROADCASTSS mathc<>+MC_ONE(SB), Y15
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
	GRUBACKSTEP
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
