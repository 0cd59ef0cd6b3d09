// The exact-GELU steps of gelu512_amd64.s on two vectors at once, as
// gates512_amd64.h does for the gates: each link below is a piece of
// gelu_amd64.h's GELUTAIL, GELUVALUE or GELUSLOPE (with exp_amd64.h's
// EXPPARTS and EXPSCALES) on one chain's registers, and a step applies
// every link to both chains before the next link, so that the
// out-of-order window holds two chains' ready work instead of one
// chain's waiting instructions. Every lane runs the operations of those
// macros on the same operands in the same order, so the results are
// those of GELU512's former one-vector steps and of the Go path bit for
// bit; a constant comes from a register kept in Z22-Z31 where it is the
// first source (the clamps, 1 - q, the blends) and otherwise is
// broadcast from mathc<> as the instruction's memory operand, in the
// place of the register the macros broadcast it into.
//
// A chain is eleven registers, named for what they hold first: x (the
// input), c (xc), a (|xc|, later a temporary), q (a², later GELU(x)), e
// (the error of a², later GELU'(x)), r (R), f (the polynomial, corr,
// then ex), p (the exponent, then the polynomial of e^p), n and h (k,
// then the scales 2^(k-k>>1) and 2^(k>>1)) and t (a temporary, then
// rc = R·corr). Chain 0 is Z0-Z10 and loads and stores under K1, chain
// 1 is Z11-Z21 under K4; K2 and K3 hold their x < 0.

#define GZMIN Z22
#define GZMAX Z23
#define GZEMIN Z24
#define GZEMAX Z25
#define GZONE Z26
#define GZZERO Z27
#define GZBIAS Z28
#define GZLN2HI Z29
#define GZLN2LO Z30

#define GELU2CONSTS                                 \
	VBROADCASTSS mathc<>+MC_GELUMIN(SB), GZMIN; \
	VBROADCASTSS mathc<>+MC_GELUMAX(SB), GZMAX; \
	VBROADCASTSS mathc<>+MC_EXPMIN(SB), GZEMIN; \
	VBROADCASTSS mathc<>+MC_EXPMAX(SB), GZEMAX; \
	VBROADCASTSS mathc<>+MC_ONE(SB), GZONE;     \
	VPXORD       GZZERO, GZZERO, GZZERO;        \
	VPBROADCASTD mathc<>+MC_BIAS(SB), GZBIAS;   \
	VBROADCASTSS mathc<>+MC_LN2HI(SB), GZLN2HI; \
	VBROADCASTSS mathc<>+MC_LN2LO(SB), GZLN2LO

// The chains' registers, in the order the links take them.
#define C0X Z0
#define C0C Z1
#define C0A Z2
#define C0Q Z3
#define C0E Z4
#define C0R Z5
#define C0F Z6
#define C0P Z7
#define C0N Z8
#define C0H Z9
#define C0T Z10
#define C1X Z11
#define C1C Z12
#define C1A Z13
#define C1Q Z14
#define C1E Z15
#define C1R Z16
#define C1F Z17
#define C1P Z18
#define C1N Z19
#define C1H Z20
#define C1T Z21

// The links of GELUTAIL. GT1: xc = x clamped to ±16, a = |xc|. GT2: a²
// and its error. GT3: R = 1/(1 + a/4). GT4-GT7: the polynomial in R. GT8:
// R·F(R), corr and p = -a²/2.
#define GT1(x, c, a)             \
	VMAXPS      x, GZMIN, c; \
	VMINPS      c, GZMAX, c; \
	VPANDD.BCST mathc<>+MC_ABS(SB), c, a

#define GT2(a, q, e)         \
	VMULPS      a, a, q; \
	VMOVAPS     q, e;    \
	VFMSUB231PS a, a, e

#define GT3(a, r)                                      \
	VMOVAPS          GZONE, r;                     \
	VFMADD231PS.BCST mathc<>+MC_QUARTER(SB), a, r; \
	VDIVPS           r, GZONE, r

#define GT4(r, f)                                 \
	VBROADCASTSS     mathc<>+MC_F9(SB), f;    \
	VFMADD213PS.BCST mathc<>+MC_F8(SB), r, f; \
	VFMADD213PS.BCST mathc<>+MC_F7(SB), r, f

#define GT5(r, f)                                 \
	VFMADD213PS.BCST mathc<>+MC_F6(SB), r, f; \
	VFMADD213PS.BCST mathc<>+MC_F5(SB), r, f; \
	VFMADD213PS.BCST mathc<>+MC_F4(SB), r, f

#define GT6(r, f)                                 \
	VFMADD213PS.BCST mathc<>+MC_F3(SB), r, f; \
	VFMADD213PS.BCST mathc<>+MC_F2(SB), r, f; \
	VFMADD213PS.BCST mathc<>+MC_F1(SB), r, f

#define GT7(r, f)                                 \
	VFMADD213PS.BCST mathc<>+MC_F0(SB), r, f; \
	VMULPS           f, r, r

#define GT8(q, e, f, p)                            \
	VMOVAPS           GZONE, f;                \
	VFNMADD231PS.BCST mathc<>+MC_P0(SB), e, f; \
	VMULPS.BCST       mathc<>+MC_P0(SB), q, p; \
	VPXORD.BCST       mathc<>+MC_SIGN(SB), p, p

// The links of EXPPARTS(p, n, h, t) and EXPSCALES(n, h, t).
#define GE1(p, n)                               \
	VMAXPS      p, GZEMIN, p;               \
	VMINPS      p, GZEMAX, p;               \
	VMULPS.BCST mathc<>+MC_LOG2E(SB), p, n; \
	VRNDSCALEPS $0, n, n

#define GE2(p, n, h)                           \
	VFNMADD231PS     GZLN2HI, n, p;        \
	VFNMADD231PS     GZLN2LO, n, p;        \
	VBROADCASTSS     mathc<>+MC_P5(SB), h; \
	VFMADD213PS.BCST mathc<>+MC_P4(SB), p, h

#define GE3(p, h)                                 \
	VFMADD213PS.BCST mathc<>+MC_P3(SB), p, h; \
	VFMADD213PS.BCST mathc<>+MC_P2(SB), p, h

#define GE4(p, h)                                 \
	VFMADD213PS.BCST mathc<>+MC_P1(SB), p, h; \
	VFMADD213PS.BCST mathc<>+MC_P0(SB), p, h

#define GE5(p, h, t)         \
	VMULPS      p, p, t; \
	VFMADD213PS p, t, h; \
	VADDPS      GZONE, h, p

#define GE6(n, h, t)            \
	VCVTPS2DQ n, n;         \
	VPSRAD    $1, n, h;     \
	VPSUBD    h, n, n;      \
	VPADDD    GZBIAS, h, h; \
	VPSLLD    $23, h, h;    \
	VPADDD    GZBIAS, n, n; \
	VPSLLD    $23, n, n

// GELU2TAIL is GELUTAIL on both chains.
#define GELU2TAIL                                         \
	GT1(C0X, C0C, C0A); GT1(C1X, C1C, C1A);           \
	GT2(C0A, C0Q, C0E); GT2(C1A, C1Q, C1E);           \
	GT3(C0A, C0R); GT3(C1A, C1R);                     \
	GT4(C0R, C0F); GT4(C1R, C1F);                     \
	GT5(C0R, C0F); GT5(C1R, C1F);                     \
	GT6(C0R, C0F); GT6(C1R, C1F);                     \
	GT7(C0R, C0F); GT7(C1R, C1F);                     \
	GT8(C0Q, C0E, C0F, C0P); GT8(C1Q, C1E, C1F, C1P); \
	GE1(C0P, C0N); GE1(C1P, C1N);                     \
	GE2(C0P, C0N, C0H); GE2(C1P, C1N, C1H);           \
	GE3(C0P, C0H); GE3(C1P, C1H);                     \
	GE4(C0P, C0H); GE4(C1P, C1H);                     \
	GE5(C0P, C0H, C0T); GE5(C1P, C1H, C1T);           \
	GE6(C0N, C0H, C0T); GE6(C1N, C1H, C1T)

// GRC(r, f, t) is t = rc = R·corr; GNEG(x, k) is k = x < 0.
#define GRC(r, f, t) VMULPS f, r, t
#define GNEG(x, k) VCMPPS $0x11, GZZERO, x, k

// The links of GELUSLOPE into e: GS1 turns f into ex = ((p·corr)·s1)·s2,
// GS2 sets e = phi from q = ex·R (in a), GS3 adds xc·ex·(1/√(2π)).
#define GS1(p, n, h, f) \
	VMULPS f, p, f; \
	VMULPS h, f, f; \
	VMULPS n, f, f

#define GS2(r, f, a, e, k)   \
	VMULPS  r, f, a;     \
	VSUBPS  a, GZONE, e; \
	VMOVAPS a, k, e

#define GS3(c, f, e)                                 \
	VMULPS.BCST mathc<>+MC_INVSQRT2PI(SB), f, f; \
	VFMADD231PS f, c, e

// The links of GELUVALUE into q: GV1 sets a = ((p·(rc·xc))·s1)·s2, the
// x < 0 branch, GV2 q = ((p·rc)·s1)·s2, GV3 the other branch x·(1 - q) and
// the blend.
#define GV1(c, t, p, n, h, a) \
	VMULPS c, t, a;       \
	VMULPS a, p, a;       \
	VMULPS h, a, a;       \
	VMULPS n, a, a

#define GV2(t, p, n, h, q) \
	VMULPS t, p, q;    \
	VMULPS h, q, q;    \
	VMULPS n, q, q

#define GV3(x, a, q, k)      \
	VSUBPS  q, GZONE, q; \
	VMULPS  x, q, q;     \
	VMOVAPS a, k, q

// GELU2VALUE leaves GELU(x) in q after GELU2TAIL and GRC.
#define GELU2VALUE                                                            \
	GV1(C0C, C0T, C0P, C0N, C0H, C0A); GV1(C1C, C1T, C1P, C1N, C1H, C1A); \
	GV2(C0T, C0P, C0N, C0H, C0Q); GV2(C1T, C1P, C1N, C1H, C1Q);           \
	GV3(C0X, C0A, C0Q, K2); GV3(C1X, C1A, C1Q, K3)

// GELU2SLOPE leaves GELU'(x) in e after GELU2TAIL.
#define GELU2SLOPE                                                \
	GS1(C0P, C0N, C0H, C0F); GS1(C1P, C1N, C1H, C1F);         \
	GS2(C0R, C0F, C0A, C0E, K2); GS2(C1R, C1F, C1A, C1E, K3); \
	GS3(C0C, C0F, C0E); GS3(C1C, C1F, C1E)

// GELU2V: q = GELU(x) on both chains.
#define GELU2V                                  \
	GELU2TAIL;                              \
	GNEG(C0X, K2); GNEG(C1X, K3);           \
	GRC(C0R, C0F, C0T); GRC(C1R, C1F, C1T); \
	GELU2VALUE

// GELU2BACKV: e = GELU'(x) on both chains.
#define GELU2BACKV                    \
	GELU2TAIL;                    \
	GNEG(C0X, K2); GNEG(C1X, K3); \
	GELU2SLOPE

// GELU2GRADV: q = GELU(x) and e = GELU'(x) on both chains, from one
// GELU2TAIL as GELUGRADV does.
#define GELU2GRADV                              \
	GELU2TAIL;                              \
	GNEG(C0X, K2); GNEG(C1X, K3);           \
	GRC(C0R, C0F, C0T); GRC(C1R, C1F, C1T); \
	GELU2SLOPE;                             \
	GELU2VALUE
