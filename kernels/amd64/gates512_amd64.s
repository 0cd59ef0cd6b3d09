//go:build amd64 && gc && !purego

#include "textflag.h"
#include "avx512_amd64.h"
#include "exp_amd64.h"
#include "gates_amd64.h"
#include "gates512_amd64.h"

// The gate kernels on sixteen columns: the forward passes with the
// interleaved and pipelined steps of gates512_amd64.h, the backward
// passes with its two-group steps (the same operations per lane as the
// steps of gates_amd64.s).
// They run every column of a row: CX counts the columns left, DX is the
// bytes a step advances (64, or 4·CX for the last partial group, which
// K1 masks), and at the end of a row the gate pointers skip the other
// gate blocks; the state pointers are then at the next row already.

// func LSTMGates512(g, cPrev, c, tc, h []float32, rows, hs int)
//
// The steps are gates512_amd64.h's LSTMPIPE: R12 and R13 (tc, h) follow
// one group behind, DI holds that group's advance and K7 its mask (none
// before the first step); the last group's tc and h come after the
// loop.
TEXT ·LSTMGates512(SB), NOSPLIT, $0-136
	MOVQ   g_base+0(FP), SI
	MOVQ   cPrev_base+24(FP), R10
	MOVQ   c_base+48(FP), R11
	MOVQ   tc_base+72(FP), R12
	MOVQ   h_base+96(FP), R13
	MOVQ   rows+120(FP), AX
	MOVQ   hs+128(FP), R14
	MOVQ   R14, R9
	SHLQ   $2, R9
	LEAQ   (R9)(R9*2), R8 // 3·hs bytes: the f, g, o blocks
	TESTQ  R14, R14
	JEQ    ret
	GATECONSTS
	KXORW  K7, K7, K7
	XORQ   DI, DI
	VPXORD Z18, Z18, Z18

row:
	TESTQ AX, AX
	JEQ   done
	MOVQ  R14, CX
	MOVQ  $64, DX
	KALL(BX)

col:
	CMPQ CX, $16
	JGE  step
	KTAIL(BX)
	MOVQ CX, DX
	SHLQ $2, DX
	MOVQ $16, CX

step:
	LSTMPIPE
	ADDQ  DI, R12
	ADDQ  DI, R13
	MOVQ  DX, DI
	KMOVW K1, K7
	ADDQ  DX, SI
	ADDQ  DX, R10
	ADDQ  DX, R11
	SUBQ  $16, CX
	JNE   col
	ADDQ  R8, SI
	DECQ  AX
	JMP   row

done:
	TANH1(Z18, Z19, Z20, Z21, Z22, Z23, K6)
	LSTMPREVOUT

ret:
	VZEROUPPER
	RET

// func LSTMGatesBack512(da, dc, dh, g, cPrev, tc []float32, rows, hs int)
//
// The steps are gates512_amd64.h's LSTMBACK2, two groups (32 columns) a
// step; the last 17-31 columns of a row are a pair masked by KTAIL2, the
// last 1-16 one group of LSTMBACKSTEP under K1, since a pair's masked-off
// half still costs its loads and stores. The advance is in BX here; DX
// is free as the masks' scratch register.
TEXT ·LSTMGatesBack512(SB), NOSPLIT, $0-160
	MOVQ         da_base+0(FP), DI
	MOVQ         dc_base+24(FP), R10
	MOVQ         dh_base+48(FP), R11
	MOVQ         g_base+72(FP), SI
	MOVQ         cPrev_base+96(FP), R12
	MOVQ         tc_base+120(FP), R13
	MOVQ         rows+144(FP), AX
	MOVQ         hs+152(FP), R14
	VBROADCASTSS mathc<>+MC_ONE(SB), Z15
	MOVQ         R14, R9
	SHLQ         $2, R9
	LEAQ         (R9)(R9*2), R8
	TESTQ        R14, R14
	JEQ          done

row:
	TESTQ AX, AX
	JEQ   done
	MOVQ  R14, CX
	MOVQ  $128, BX
	KALL2(DX)

col:
	CMPQ CX, $32
	JGE  pair
	MOVQ CX, BX
	SHLQ $2, BX
	CMPQ CX, $16
	JG   last
	KTAIL(DX)
	MOVQ $32, CX
	LSTMBACKSTEP
	JMP  next

last:
	KTAIL2(DX)
	MOVQ $32, CX

pair:
	LSTMBACK2

next:
	ADDQ BX, SI
	ADDQ BX, DI
	ADDQ BX, R10
	ADDQ BX, R11
	ADDQ BX, R12
	ADDQ BX, R13
	SUBQ $32, CX
	JNE  col
	ADDQ R8, SI
	ADDQ R8, DI
	DECQ AX
	JMP  row

done:
	VZEROUPPER
	RET

// func GRUGates512(g, gh, hPrev, h []float32, rows, hs int)
//
// The steps are gates512_amd64.h's GRUPIPE: R12 (g), R10 and R11
// (hPrev, h) follow one group behind, R13 holds that group's advance and
// K7 its mask (none before the first step); the last group's n and h
// come after the loop.
TEXT ·GRUGates512(SB), NOSPLIT, $0-112
	MOVQ   g_base+0(FP), SI
	MOVQ   gh_base+24(FP), DI
	MOVQ   hPrev_base+48(FP), R10
	MOVQ   h_base+72(FP), R11
	MOVQ   rows+96(FP), AX
	MOVQ   hs+104(FP), R14
	MOVQ   R14, R9
	SHLQ   $2, R9
	LEAQ   (R9)(R9*1), R8 // 2·hs bytes: the z, n blocks
	TESTQ  R14, R14
	JEQ    ret
	GATECONSTS
	KXORW  K7, K7, K7
	XORQ   R13, R13
	MOVQ   SI, R12
	VPXORD Z18, Z18, Z18

row:
	TESTQ AX, AX
	JEQ   done
	MOVQ  R14, CX
	MOVQ  $64, DX
	KALL(BX)

col:
	CMPQ CX, $16
	JGE  step
	KTAIL(BX)
	MOVQ CX, DX
	SHLQ $2, DX
	MOVQ $16, CX

step:
	GRUPIPE
	ADDQ  R13, R10
	ADDQ  R13, R11
	MOVQ  DX, R13
	MOVQ  SI, R12
	KMOVW K1, K7
	ADDQ  DX, SI
	ADDQ  DX, DI
	SUBQ  $16, CX
	JNE   col
	ADDQ  R8, SI
	ADDQ  R8, DI
	DECQ  AX
	JMP   row

done:
	TANH1(Z18, Z19, Z20, Z21, Z22, Z23, K6)
	GRUPREVOUT

ret:
	VZEROUPPER
	RET

// func GRUGatesBack512(dg, dgh, dhPrev, dh, g, gh, hPrev []float32, rows, hs int)
//
// The steps are gates512_amd64.h's GRUBACK2, two groups (32 columns) a
// step, and the last columns of a row as in LSTMGatesBack512 (with
// GRUBACKSTEP). DX walks dgh here, so the advance is in R13 and the
// masks' scratch register is BX; R14 holds hs.
TEXT ·GRUGatesBack512(SB), NOSPLIT, $0-184
	MOVQ         dg_base+0(FP), DI
	MOVQ         dgh_base+24(FP), DX
	MOVQ         dhPrev_base+48(FP), R10
	MOVQ         dh_base+72(FP), R11
	MOVQ         g_base+96(FP), SI
	MOVQ         gh_base+120(FP), R8
	MOVQ         hPrev_base+144(FP), R12
	MOVQ         rows+168(FP), AX
	VBROADCASTSS mathc<>+MC_ONE(SB), Z15
	MOVQ         hs+176(FP), R14
	MOVQ         R14, R9
	SHLQ         $2, R9
	TESTQ        R14, R14
	JEQ          done

row:
	TESTQ AX, AX
	JEQ   done
	MOVQ  R14, CX
	MOVQ  $128, R13
	KALL2(BX)

col:
	CMPQ CX, $32
	JGE  pair
	MOVQ CX, R13
	SHLQ $2, R13
	CMPQ CX, $16
	JG   last
	KTAIL(BX)
	MOVQ $32, CX
	GRUBACKSTEP
	JMP  next

last:
	KTAIL2(BX)
	MOVQ $32, CX

pair:
	GRUBACK2

next:
	ADDQ R13, DI
	ADDQ R13, DX
	ADDQ R13, SI
	ADDQ R13, R8
	ADDQ R13, R10
	ADDQ R13, R11
	ADDQ R13, R12
	SUBQ $32, CX
	JNE  col
	LEAQ (DI)(R9*2), DI // skip the z, n blocks
	LEAQ (DX)(R9*2), DX
	LEAQ (SI)(R9*2), SI
	LEAQ (R8)(R9*2), R8
	DECQ AX
	JMP  row

done:
	VZEROUPPER
	RET
