//go:build arm64 && gc && !purego

#include "textflag.h"

// fmaNEON runs twelve independent FMA chains, acc[i] += x*y, n times, on
// 4-lane NEON registers V0..V11 (x in V12, y in V13). Twelve chains in
// flight cover the FMLA latency times the FMA pipes of current cores (4
// cycles x 2 or 3 pipes). Every chain starts from its own acc[i],
// broadcast to all lanes, so no two chains compute the same values, and
// lane 0 of each is stored back to acc[i] so that the work is observable.

// LOAD1 broadcasts the float32 at off(R1) to the four lanes of V (F is
// its scalar view).
#define LOAD1(off, F, V) \
	FMOVS off(R1), F; \
	VDUP  V.S[0], V.S4

// STORE1 stores lane 0 of a chain (its scalar view F) at off(R1).
#define STORE1(F, off) FMOVS F, off(R1)

// func fmaNEON(n int, x, y float32, acc *[12]float32)
TEXT ·fmaNEON(SB), NOSPLIT, $0-24
	MOVD  n+0(FP), R0
	MOVD  acc+16(FP), R1
	FMOVS x+8(FP), F12
	VDUP  V12.S[0], V12.S4
	FMOVS y+12(FP), F13
	VDUP  V13.S[0], V13.S4
	LOAD1(0, F0, V0)
	LOAD1(4, F1, V1)
	LOAD1(8, F2, V2)
	LOAD1(12, F3, V3)
	LOAD1(16, F4, V4)
	LOAD1(20, F5, V5)
	LOAD1(24, F6, V6)
	LOAD1(28, F7, V7)
	LOAD1(32, F8, V8)
	LOAD1(36, F9, V9)
	LOAD1(40, F10, V10)
	LOAD1(44, F11, V11)
	CMP   $0, R0
	BLE   done

loop:
	VFMLA V13.S4, V12.S4, V0.S4
	VFMLA V13.S4, V12.S4, V1.S4
	VFMLA V13.S4, V12.S4, V2.S4
	VFMLA V13.S4, V12.S4, V3.S4
	VFMLA V13.S4, V12.S4, V4.S4
	VFMLA V13.S4, V12.S4, V5.S4
	VFMLA V13.S4, V12.S4, V6.S4
	VFMLA V13.S4, V12.S4, V7.S4
	VFMLA V13.S4, V12.S4, V8.S4
	VFMLA V13.S4, V12.S4, V9.S4
	VFMLA V13.S4, V12.S4, V10.S4
	VFMLA V13.S4, V12.S4, V11.S4
	SUBS  $1, R0
	BNE   loop

done:
	STORE1(F0, 0)
	STORE1(F1, 4)
	STORE1(F2, 8)
	STORE1(F3, 12)
	STORE1(F4, 16)
	STORE1(F5, 20)
	STORE1(F6, 24)
	STORE1(F7, 28)
	STORE1(F8, 32)
	STORE1(F9, 36)
	STORE1(F10, 40)
	STORE1(F11, 44)
	RET
