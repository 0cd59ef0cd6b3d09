//go:build amd64 && gc && !purego

#include "textflag.h"

// The 6 x 16 tile of C lives in Y4..Y15 (row i in Y(4+2i), Y(5+2i)). Per k
// step: two 8-wide loads of packed B (Y0, Y1), six broadcasts of packed A
// (alternating Y2, Y3) and twelve independent FMAs, enough to keep both FMA
// pipes busy through the FMA latency.

// KPAIRAT does rows r and r+1 of one k step with their A elements at a0 and
// a1 (any addressing mode), B in Y0 and Y1.
#define KPAIRAT(a0, a1, acc0, acc1, acc2, acc3) \
	VBROADCASTSS a0, Y2;         \
	VBROADCASTSS a1, Y3;         \
	VFMADD231PS  Y0, Y2, acc0;   \
	VFMADD231PS  Y1, Y2, acc1;   \
	VFMADD231PS  Y0, Y3, acc2;   \
	VFMADD231PS  Y1, Y3, acc3

// KSTEP does one k step with A at aoff(SI) and B at boff(DX).
#define KSTEP(aoff, boff) \
	VMOVUPS      boff(DX), Y0;        \
	VMOVUPS      boff+32(DX), Y1;     \
	KPAIRAT(aoff(SI), aoff+4(SI), Y4, Y5, Y6, Y7);        \
	KPAIRAT(aoff+8(SI), aoff+12(SI), Y8, Y9, Y10, Y11);   \
	KPAIRAT(aoff+16(SI), aoff+20(SI), Y12, Y13, Y14, Y15)

// ZERO_ACC clears the twelve accumulators Y4..Y15.
#define ZERO_ACC \
	VXORPS Y4, Y4, Y4; \
	VXORPS Y5, Y5, Y5; \
	VXORPS Y6, Y6, Y6; \
	VXORPS Y7, Y7, Y7; \
	VXORPS Y8, Y8, Y8; \
	VXORPS Y9, Y9, Y9; \
	VXORPS Y10, Y10, Y10; \
	VXORPS Y11, Y11, Y11; \
	VXORPS Y12, Y12, Y12; \
	VXORPS Y13, Y13, Y13; \
	VXORPS Y14, Y14, Y14; \
	VXORPS Y15, Y15, Y15

// SCALE_ALPHA multiplies the accumulators by alpha, broadcast in Y0.
#define SCALE_ALPHA \
	VMULPS Y0, Y4, Y4; \
	VMULPS Y0, Y5, Y5; \
	VMULPS Y0, Y6, Y6; \
	VMULPS Y0, Y7, Y7; \
	VMULPS Y0, Y8, Y8; \
	VMULPS Y0, Y9, Y9; \
	VMULPS Y0, Y10, Y10; \
	VMULPS Y0, Y11, Y11; \
	VMULPS Y0, Y12, Y12; \
	VMULPS Y0, Y13, Y13; \
	VMULPS Y0, Y14, Y14; \
	VMULPS Y0, Y15, Y15

// ADD_BETA_C adds beta (broadcast in Y1) times C to the accumulators; C's
// rows 0 and 3 are at DI and R9, ldc bytes (R8) apart.
#define ADD_BETA_C \
	VFMADD231PS  (DI), Y1, Y4; \
	VFMADD231PS  32(DI), Y1, Y5; \
	VFMADD231PS  (DI)(R8*1), Y1, Y6; \
	VFMADD231PS  32(DI)(R8*1), Y1, Y7; \
	VFMADD231PS  (DI)(R8*2), Y1, Y8; \
	VFMADD231PS  32(DI)(R8*2), Y1, Y9; \
	VFMADD231PS  (R9), Y1, Y10; \
	VFMADD231PS  32(R9), Y1, Y11; \
	VFMADD231PS  (R9)(R8*1), Y1, Y12; \
	VFMADD231PS  32(R9)(R8*1), Y1, Y13; \
	VFMADD231PS  (R9)(R8*2), Y1, Y14; \
	VFMADD231PS  32(R9)(R8*2), Y1, Y15

// WRITE_C stores the accumulators to C and returns.
#define WRITE_C \
	VMOVUPS Y4, (DI); \
	VMOVUPS Y5, 32(DI); \
	VMOVUPS Y6, (DI)(R8*1); \
	VMOVUPS Y7, 32(DI)(R8*1); \
	VMOVUPS Y8, (DI)(R8*2); \
	VMOVUPS Y9, 32(DI)(R8*2); \
	VMOVUPS Y10, (R9); \
	VMOVUPS Y11, 32(R9); \
	VMOVUPS Y12, (R9)(R8*1); \
	VMOVUPS Y13, 32(R9)(R8*1); \
	VMOVUPS Y14, (R9)(R8*2); \
	VMOVUPS Y15, 32(R9)(R8*2); \
	VZEROUPPER; \
	RET

// func Sgemm6x16(k int, a, b, c []float32, ldc int, alpha, beta float32, next *float32)
//
// Every group of 4 k steps also prefetches one 64-byte line at next (moving
// on) into L2: the caller's share of the next B sliver (see Sgemm14x32).
TEXT ·Sgemm6x16(SB), NOSPLIT, $0-104
	MOVQ k+0(FP), CX
	MOVQ next+96(FP), R10
	MOVQ a_base+8(FP), SI
	MOVQ b_base+32(FP), DX
	MOVQ c_base+56(FP), DI
	MOVQ ldc+80(FP), R8
	SHLQ $2, R8                // ldc in bytes
	LEAQ (R8)(R8*2), R9
	ADDQ DI, R9                // R9: row 3 of C

	// Ask for the C rows now; they are needed only after the k loop.
	PREFETCHT0 (DI)
	PREFETCHT0 63(DI)
	PREFETCHT0 (DI)(R8*1)
	PREFETCHT0 63(DI)(R8*1)
	PREFETCHT0 (DI)(R8*2)
	PREFETCHT0 63(DI)(R8*2)
	PREFETCHT0 (R9)
	PREFETCHT0 63(R9)
	PREFETCHT0 (R9)(R8*1)
	PREFETCHT0 63(R9)(R8*1)
	PREFETCHT0 (R9)(R8*2)
	PREFETCHT0 63(R9)(R8*2)

	ZERO_ACC

	MOVQ CX, BX
	SHRQ $2, BX                // BX: groups of 4 k steps
	ANDQ $3, CX                // CX: remaining steps
	TESTQ BX, BX
	JZ   tail

loop4:
	KSTEP(0, 0)
	PREFETCHT1 (R10)
	KSTEP(24, 64)
	KSTEP(48, 128)
	KSTEP(72, 192)
	ADDQ $96, SI
	ADDQ $256, DX
	ADDQ $64, R10
	DECQ BX
	JNZ  loop4

tail:
	TESTQ CX, CX
	JZ    store

loop1:
	KSTEP(0, 0)
	ADDQ $24, SI
	ADDQ $64, DX
	DECQ CX
	JNZ  loop1

store:
	VBROADCASTSS alpha+88(FP), Y0
	SCALE_ALPHA

	// beta == 0 (+0 or -0): overwrite C without reading it, so that NaNs
	// there do not leak into the result.
	MOVL beta+92(FP), AX
	ANDL $0x7fffffff, AX
	JZ   write

	VBROADCASTSS beta+92(FP), Y1
	ADD_BETA_C

write:
	WRITE_C

// func Sgemm6x16Strided(k int, a []float32, rsa, csa int, b []float32, rsb int, c []float32, ldc int, alpha, beta float32)
//
// Element (i, p) of A is a[i*rsa+p*csa] and element (p, j) of B is
// b[p*rsb+j]: A and B are read in place, unpacked.
TEXT ·Sgemm6x16Strided(SB), NOSPLIT, $0-120
	MOVQ k+0(FP), CX
	MOVQ a_base+8(FP), SI
	MOVQ rsa+32(FP), R8
	MOVQ csa+40(FP), R10
	MOVQ b_base+48(FP), DX
	MOVQ rsb+72(FP), AX
	MOVQ c_base+80(FP), DI
	SHLQ $2, R8                // rsa in bytes
	SHLQ $2, R10               // csa in bytes
	SHLQ $2, AX                // rsb in bytes
	LEAQ (R8)(R8*2), R11
	ADDQ SI, R11               // row 3 of A

	ZERO_ACC

sloop:
	VMOVUPS (DX), Y0
	VMOVUPS 32(DX), Y1
	KPAIRAT((SI), (SI)(R8*1), Y4, Y5, Y6, Y7)
	KPAIRAT((SI)(R8*2), (R11), Y8, Y9, Y10, Y11)
	KPAIRAT((R11)(R8*1), (R11)(R8*2), Y12, Y13, Y14, Y15)
	ADDQ AX, DX
	ADDQ R10, SI
	ADDQ R10, R11
	DECQ CX
	JNZ  sloop

	MOVQ ldc+104(FP), R8
	SHLQ $2, R8
	LEAQ (R8)(R8*2), R9
	ADDQ DI, R9                // R9: row 3 of C
	VBROADCASTSS alpha+112(FP), Y0
	SCALE_ALPHA
	MOVL beta+116(FP), AX
	ANDL $0x7fffffff, AX
	JZ   swrite

	VBROADCASTSS beta+116(FP), Y1
	ADD_BETA_C

swrite:
	WRITE_C
