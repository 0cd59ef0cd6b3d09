// The row softmax steps shared by softmaxtile_amd64.s and
// attention_amd64.s: a row of at most 16 entries is one zmm register. A
// file includes avx512_amd64.h and exp_amd64.h first: the constants are
// exp_amd64.h's.


// HREDUCE(op, src, t, dst) sets every lane of dst to the op (VMAXPS or
// VADDPS) of src's 16 lanes, combining lanes 8, 4, 2 and 1 apart in turn
// (t is a temporary; dst may be src).
#define HREDUCE(op, src, t, dst) \
	VSHUFF32X4 $0x4e, src, src, t; \
	op         t, src, dst;        \
	VSHUFF32X4 $0xb1, dst, dst, t; \
	op         t, dst, dst;        \
	VPERMILPS  $0x4e, dst, t;      \
	op         t, dst, dst;        \
	VPERMILPS  $0xb1, dst, t;      \
	op         t, dst, dst

// EXP16(x, t1, t2, t3) replaces x by e^x with the constants in
// Z16..Z27 (SOFTC_LOAD), using t1-t3 as temporaries. The steps are those of
// exp_amd64.h's EXP (and so of kernels' exp32): clamp (NaN passes),
// n = round(x·log2e), r = x - n·ln2 in two parts, p = 1 + r + r²·P(r),
// then p·2^(n>>1)·2^(n-n>>1) (avx512_amd64.h's EXPSCALE).
#define EXP16(x, t1, t2, t3) \
	VMAXPS       x, Z16, x;   \
	VMINPS       x, Z17, x;   \
	VMULPS       Z18, x, t1;  \
	VRNDSCALEPS  $0, t1, t1;  \
	VFNMADD231PS Z19, t1, x;  \
	VFNMADD231PS Z20, t1, x;  \
	VMOVAPS      Z21, t2;     \
	VFMADD213PS  Z22, x, t2;  \
	VFMADD213PS  Z23, x, t2;  \
	VFMADD213PS  Z24, x, t2;  \
	VFMADD213PS  Z25, x, t2;  \
	VFMADD213PS  Z26, x, t2;  \
	VMULPS       x, x, t3;    \
	VFMADD213PS  x, t3, t2;   \
	VADDPS       Z27, t2, x;  \
	EXPSCALE(x, t1, t2, t3)

// SOFTC_LOAD loads the constants of EXP16 into Z16..Z27 and -Inf into Z29.
#define SOFTC_LOAD \
	VBROADCASTSS mathc<>+MC_EXPMIN(SB), Z16; \
	VBROADCASTSS mathc<>+MC_EXPMAX(SB), Z17; \
	VBROADCASTSS mathc<>+MC_LOG2E(SB), Z18;  \
	VBROADCASTSS mathc<>+MC_LN2HI(SB), Z19;  \
	VBROADCASTSS mathc<>+MC_LN2LO(SB), Z20;  \
	VBROADCASTSS mathc<>+MC_P5(SB), Z21;     \
	VBROADCASTSS mathc<>+MC_P4(SB), Z22;     \
	VBROADCASTSS mathc<>+MC_P3(SB), Z23;     \
	VBROADCASTSS mathc<>+MC_P2(SB), Z24;     \
	VBROADCASTSS mathc<>+MC_P1(SB), Z25;     \
	VBROADCASTSS mathc<>+MC_P0(SB), Z26;     \
	VBROADCASTSS mathc<>+MC_ONE(SB), Z27;    \
	MOVL         $0xff800000, AX;            \
	VPBROADCASTD AX, Z29
