// The row softmax steps shared by softmaxtile_amd64.s and
// attention_amd64.s: a row of at most 16 entries is one zmm register. The
// constant table is file-local (softc<>): every file that includes this
// header gets its own copy.

DATA softc<>+0(SB)/4, $0xc2d00000  // -104, exp's lower clamp
DATA softc<>+4(SB)/4, $0x42b20000  // 89, its upper clamp
DATA softc<>+8(SB)/4, $0x3fb8aa3b  // log2(e)
DATA softc<>+12(SB)/4, $0x3f317218 // ln 2, high part
DATA softc<>+16(SB)/4, $0xb102e308 // ln 2, low part
DATA softc<>+20(SB)/4, $0x394f8172 // P5
DATA softc<>+24(SB)/4, $0x3ab6ca30 // P4
DATA softc<>+28(SB)/4, $0x3c08893f // P3
DATA softc<>+32(SB)/4, $0x3d2aaa43 // P2
DATA softc<>+36(SB)/4, $0x3e2aaaaa // P1
DATA softc<>+40(SB)/4, $0x3f000000 // P0 = 0.5
DATA softc<>+44(SB)/4, $0x3f800000 // 1
DATA softc<>+48(SB)/4, $0x0000007f // exponent bias
DATA softc<>+52(SB)/4, $0xff800000 // -Inf
GLOBL softc<>(SB), RODATA|NOPTR, $56

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
// Z16..Z28 (SOFTC_LOAD), using t1-t3 as temporaries. The steps are those of
// exp_amd64.h's EXP (and so of kernels' exp32): clamp (NaN passes),
// n = round(x·log2e), r = x - n·ln2 in two parts, p = 1 + r + r²·P(r),
// then p·2^(n>>1)·2^(n-n>>1).
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
	VCVTPS2DQ    t1, t1;      \
	VPSRAD       $1, t1, t2;  \
	VPSUBD       t2, t1, t1;  \
	VPADDD       Z28, t2, t2; \
	VPSLLD       $23, t2, t2; \
	VPADDD       Z28, t1, t1; \
	VPSLLD       $23, t1, t1; \
	VMULPS       t2, x, x;    \
	VMULPS       t1, x, x

// SOFTC_LOAD loads the constants of EXP16 into Z16..Z28 and -Inf into Z29.
#define SOFTC_LOAD \
	VBROADCASTSS softc<>+0(SB), Z16;  \
	VBROADCASTSS softc<>+4(SB), Z17;  \
	VBROADCASTSS softc<>+8(SB), Z18;  \
	VBROADCASTSS softc<>+12(SB), Z19; \
	VBROADCASTSS softc<>+16(SB), Z20; \
	VBROADCASTSS softc<>+20(SB), Z21; \
	VBROADCASTSS softc<>+24(SB), Z22; \
	VBROADCASTSS softc<>+28(SB), Z23; \
	VBROADCASTSS softc<>+32(SB), Z24; \
	VBROADCASTSS softc<>+36(SB), Z25; \
	VBROADCASTSS softc<>+40(SB), Z26; \
	VBROADCASTSS softc<>+44(SB), Z27; \
	VPBROADCASTD softc<>+48(SB), Z28; \
	VBROADCASTSS softc<>+52(SB), Z29
