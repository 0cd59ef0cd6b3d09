// Encodings, constants and the vector e^x of the transcendental kernels
// (exp_arm64.s, gelu_arm64.s); include after neon_arm64.h. Each step
// mirrors package kernels' expParts and ldexp2 (fused operations where
// the Go code calls fma32, separate ones elsewhere), so the results are
// bit-identical to the Go path.
//
// Every instruction here is a WORD encoding (Q=1, single precision),
// the ones the Go assembler knows too, so that the macros can take
// register numbers. Operands in Arm order, destination first.

#define FMLA4(d, n, m) WORD $(0x4E20CC00 | ((m)<<16) | ((n)<<5) | (d))
#define FMLS4(d, n, m) WORD $(0x4EA0CC00 | ((m)<<16) | ((n)<<5) | (d))
// FMLSE4 is Vd.4S -= Vn.4S * Vm.S[i], fused, like FMLAE4.
#define FMLSE4(d, n, m, i) WORD $(0x4F805000 | (((i)&1)<<21) | ((m)<<16) | (((i)>>1)<<11) | ((n)<<5) | (d))
// FMAX4 and FMIN4 return NaN when either lane is NaN.
#define FMAX4(d, n, m) WORD $(0x4E20F400 | ((m)<<16) | ((n)<<5) | (d))
#define FMIN4(d, n, m) WORD $(0x4EA0F400 | ((m)<<16) | ((n)<<5) | (d))
#define FNEG4(d, n) WORD $(0x6EA0F800 | ((n)<<5) | (d))
#define FABS4(d, n) WORD $(0x4EA0F800 | ((n)<<5) | (d))
// FRINTN4 rounds to the nearest integer, ties to even.
#define FRINTN4(d, n) WORD $(0x4E218800 | ((n)<<5) | (d))
// FCVTZS4 converts to int32 (exact on the integral values used here).
#define FCVTZS4(d, n) WORD $(0x4EA1B800 | ((n)<<5) | (d))
// FCMLTZ4 sets each lane of Vd to all ones where Vn < 0 (false for NaN
// and -0).
#define FCMLTZ4(d, n) WORD $(0x4EA0E800 | ((n)<<5) | (d))
// SSHR1 is the arithmetic shift right by 1 of each int32 lane, SHL23
// the shift left by 23; IADD4 and ISUB4 add and subtract int32 lanes.
#define SSHR1(d, n) WORD $(0x4F3F0400 | ((n)<<5) | (d))
#define SHL23(d, n) WORD $(0x4F375400 | ((n)<<5) | (d))
#define IADD4(d, n, m) WORD $(0x4EA08400 | ((m)<<16) | ((n)<<5) | (d))
#define ISUB4(d, n, m) WORD $(0x6EA08400 | ((m)<<16) | ((n)<<5) | (d))
#define AND16(d, n, m) WORD $(0x4E201C00 | ((m)<<16) | ((n)<<5) | (d))
#define ORR16(d, n, m) WORD $(0x4EA01C00 | ((m)<<16) | ((n)<<5) | (d))
#define MOV16(d, n) ORR16(d, n, n)
// DUP4 broadcasts lane i of Vn to the four lanes of Vd.
#define DUP4(d, n, i) WORD $(0x4E040400 | ((i)<<19) | ((n)<<5) | (d))

// The constants, four to a vector, live in V16-V26 for the whole kernel
// (LOADCONSTS); a kernel broadcasts one with DUP4 or uses it by element.
// The slots are named by vector and lane.
DATA mathc<>+0(SB)/4, $0xc2d00000   // V16.0: -104, exp's clamp
DATA mathc<>+4(SB)/4, $0x42b20000   // V16.1: 89
DATA mathc<>+8(SB)/4, $0x3fb8aa3b   // V16.2: log2(e)
DATA mathc<>+12(SB)/4, $0x3f317218  // V16.3: ln 2, high part
DATA mathc<>+16(SB)/4, $0xb102e308  // V17.0: ln 2, low part
DATA mathc<>+20(SB)/4, $0x394f8172  // V17.1: P5
DATA mathc<>+24(SB)/4, $0x3ab6ca30  // V17.2: P4
DATA mathc<>+28(SB)/4, $0x3c08893f  // V17.3: P3
DATA mathc<>+32(SB)/4, $0x3d2aaa43  // V18.0: P2
DATA mathc<>+36(SB)/4, $0x3e2aaaaa  // V18.1: P1
DATA mathc<>+40(SB)/4, $0x3f000000  // V18.2: P0 = 0.5
DATA mathc<>+44(SB)/4, $0x3f800000  // V18.3: 1
DATA mathc<>+48(SB)/4, $0x0000007f  // V19.0: exponent bias (int)
DATA mathc<>+52(SB)/4, $0x7fffffff  // V19.1: |x| mask
DATA mathc<>+56(SB)/4, $0x80000000  // V19.2: sign bit
DATA mathc<>+60(SB)/4, $0x40000000  // V19.3: 2
DATA mathc<>+64(SB)/4, $0x3f200000  // V20.0: 0.625, tanh's polynomial bound
DATA mathc<>+68(SB)/4, $0xbbbb55c4  // V20.1: tanh Q4
DATA mathc<>+72(SB)/4, $0x3ca92b5a  // V20.2: Q3
DATA mathc<>+76(SB)/4, $0xbd5c2221  // V20.3: Q2
DATA mathc<>+80(SB)/4, $0x3e0883b4  // V21.0: Q1
DATA mathc<>+84(SB)/4, $0xbeaaaa9a  // V21.1: Q0
DATA mathc<>+88(SB)/4, $0xc1800000  // V21.2: -16, GELU's clamp
DATA mathc<>+92(SB)/4, $0x41800000  // V21.3: 16
DATA mathc<>+96(SB)/4, $0x3c90c9f7  // V22.0: GELU F9
DATA mathc<>+100(SB)/4, $0xbd8d090e // V22.1: F8
DATA mathc<>+104(SB)/4, $0x3d87b6f2 // V22.2: F7
DATA mathc<>+108(SB)/4, $0x3c0a5ed3 // V22.3: F6
DATA mathc<>+112(SB)/4, $0x3cf42c56 // V23.0: F5
DATA mathc<>+116(SB)/4, $0x3d9e1a04 // V23.1: F4
DATA mathc<>+120(SB)/4, $0x3d9a60a0 // V23.2: F3
DATA mathc<>+124(SB)/4, $0x3dc21408 // V23.3: F2
DATA mathc<>+128(SB)/4, $0x3dcbf406 // V24.0: F1
DATA mathc<>+132(SB)/4, $0x3dcc45fc // V24.1: F0
DATA mathc<>+136(SB)/4, $0x3e800000 // V24.2: 0.25
DATA mathc<>+140(SB)/4, $0x3ecc422a // V24.3: 1/sqrt(2 pi)
DATA mathc<>+144(SB)/4, $0x3fcc422a // V25.0: 2 sqrt(2/pi), GELUTanh's K
DATA mathc<>+148(SB)/4, $0x3d922279 // V25.1: K3 = K 0.044715
DATA mathc<>+152(SB)/4, $0x3e5b33b6 // V25.2: K3d = 3 K3
DATA mathc<>+156(SB)/4, $0xc1a00000 // V25.3: -20, GELUTanh's clamp
DATA mathc<>+160(SB)/4, $0x41a00000 // V26.0: 20
DATA mathc<>+164(SB)/4, $0xff7fffff // V26.1: -MaxFloat32
DATA mathc<>+168(SB)/4, $0x00000000 // V26.2: unused
DATA mathc<>+172(SB)/4, $0x00000000 // V26.3: unused
GLOBL mathc<>(SB), RODATA|NOPTR, $176

// LOADCONSTS loads the table into V16-V26; it clobbers R4.
#define LOADCONSTS \
	MOVD   $mathc<>(SB), R4; \
	VLD1.P 64(R4), [V16.S4, V17.S4, V18.S4, V19.S4]; \
	VLD1.P 64(R4), [V20.S4, V21.S4, V22.S4, V23.S4]; \
	VLD1   (R4), [V24.S4, V25.S4, V26.S4]

// EXPPARTS splits e^Vx as expParts does: Vx becomes p and Vn the
// integral float n (k); Vq and Vt are scratch. FMAX/FMIN return NaN for
// a NaN lane, so NaN passes through the clamps.
#define EXPPARTS(x, n, q, t) \
	DUP4(t, 16, 0); \
	FMAX4(x, x, t); \
	DUP4(t, 16, 1); \
	FMIN4(x, x, t); \
	FMULE4(n, x, 16, 2); \
	FRINTN4(n, n); \
	FMLSE4(x, n, 16, 3); \
	FMLSE4(x, n, 17, 0); \
	DUP4(q, 17, 2); \
	FMLAE4(q, x, 17, 1); \
	DUP4(t, 17, 3); \
	FMLA4(t, q, x); \
	DUP4(q, 18, 0); \
	FMLA4(q, t, x); \
	DUP4(t, 18, 1); \
	FMLA4(t, q, x); \
	DUP4(q, 18, 2); \
	FMLA4(q, t, x); \
	FMUL4(t, x, x); \
	FMLA4(x, q, t); \
	DUP4(t, 18, 3); \
	FADD4(x, x, t)

// EXPSCALES turns the n of EXPPARTS in Vn into ldexp2's two factors,
// Vs1 = 2^(k>>1) and Vs2 = 2^(k-k>>1); it clobbers Vn.
#define EXPSCALES(n, s1, s2) \
	FCVTZS4(n, n); \
	SSHR1(s1, n); \
	ISUB4(s2, n, s1); \
	DUP4(n, 19, 0); \
	IADD4(s1, s1, n); \
	IADD4(s2, s2, n); \
	SHL23(s1, s1); \
	SHL23(s2, s2)

// EXP replaces the four lanes of Vx by e^Vx; Vn, Vq and Vt are scratch.
#define EXP(x, n, q, t) \
	EXPPARTS(x, n, q, t); \
	EXPSCALES(n, q, t); \
	FMUL4(x, x, q); \
	FMUL4(x, x, t)
