// The forward gate steps of gates512_amd64.s with their independent
// nonlinearities interleaved: each link below is a piece of
// exp_amd64.h's EXP, SIGMOID or TANH on one chain's registers, and a
// step applies every link to all its chains before the next link, so
// that the out-of-order window holds several chains' ready work instead
// of one chain's waiting instructions. The steps are software-pipelined
// over the column groups of the whole call: a step computes the gates
// of one group and the last nonlinearity of the group before it (LSTM
// tanh(c), GRU n), whose inputs it left in Z18 and Z24 and whose mask
// in K7. Every lane runs the operations of exp_amd64.h's macros on the
// same operands in the same order, so the results are those of Sigmoid
// and Tanh bit for bit; the constants come from registers or are
// broadcast from mathc<> as instruction operands, and the sign of a
// tanh argument is taken as x AND 0x80000000 (the same bits as
// exp_amd64.h's ANDNOT with 0x7fffffff).
//
// A chain is four registers: y (the argument, then e^y, then the
// result), n (k), p (the polynomial, then the blend) and t (a square,
// then a sum); a tanh chain has two
// more, a = |x| and s, the sign. K2-K6 hold comparisons; K1 masks the
// current group's loads and stores as in avx512_amd64.h.

// The constants kept in Z26-Z31 (GATECONSTS loads them); the others
// are memory operands.
#define ZLN2LO Z26
#define ZLN2HI Z27
#define ZEMAX Z28
#define ZEMIN Z29
#define ZZERO Z30
#define ZONE Z31

#define GATECONSTS \
	VBROADCASTSS mathc<>+MC_LN2LO(SB), ZLN2LO; \
	VBROADCASTSS mathc<>+MC_LN2HI(SB), ZLN2HI; \
	VBROADCASTSS mathc<>+MC_EXPMAX(SB), ZEMAX; \
	VBROADCASTSS mathc<>+MC_EXPMIN(SB), ZEMIN; \
	VPXORD       ZZERO, ZZERO, ZZERO;          \
	VBROADCASTSS mathc<>+MC_ONE(SB), ZONE

// The links of EXP(y): EXPPARTS in E1S or E1T and E2-E5, avx512_amd64.h's
// EXPSCALE in E6. EXPPARTS clamps y to [expMin, expMax]; a sigmoid's
// argument -|x| is never above expMax and a tanh's 2|x| never below
// expMin (NaN passes either clamp), so each chain keeps only the clamp
// that can change its value: the same bits with one instruction fewer.
#define E1S(y, n) \
	VMAXPS      y, ZEMIN, y;                    \
	VMULPS.BCST mathc<>+MC_LOG2E(SB), y, n;     \
	VRNDSCALEPS $0, n, n

#define E1T(y, n) \
	VMINPS      y, ZEMAX, y;                    \
	VMULPS.BCST mathc<>+MC_LOG2E(SB), y, n;     \
	VRNDSCALEPS $0, n, n

#define E2(y, n, p) \
	VFNMADD231PS     ZLN2HI, n, y;              \
	VFNMADD231PS     ZLN2LO, n, y;              \
	VBROADCASTSS     mathc<>+MC_P5(SB), p;      \
	VFMADD213PS.BCST mathc<>+MC_P4(SB), y, p

#define E3(y, p) \
	VFMADD213PS.BCST mathc<>+MC_P3(SB), y, p; \
	VFMADD213PS.BCST mathc<>+MC_P2(SB), y, p

#define E4(y, p) \
	VFMADD213PS.BCST mathc<>+MC_P1(SB), y, p; \
	VFMADD213PS.BCST mathc<>+MC_P0(SB), y, p

#define E5(y, p, t) \
	VMULPS      y, y, t; \
	VFMADD213PS y, t, p; \
	VADDPS      ZONE, p, y

#define E6(y, n) VSCALEFPS n, y, y

// SIGIN(y, k) starts SIGMOID on the argument in y: k = y < 0, y = -|y|.
#define SIGIN(y, k) \
	VCMPPS    $0x11, ZZERO, y, k; \
	VPORD.BCST mathc<>+MC_SIGN(SB), y, y

// SIGOUT(y, p, t, k) ends it: y = (k ? e : 1)/(e+1) for e in y.
#define SIGOUT(y, p, t, k) \
	VADDPS    ZONE, y, t;    \
	VBLENDMPS y, ZONE, k, p; \
	VDIVPS    t, p, y

// TANHIN(y, a, s) starts TANH on the argument in y: a = |y|, s its
// sign, y = 2a.
#define TANHIN(y, a, s) \
	VPANDD.BCST mathc<>+MC_ABS(SB), y, a;  \
	VPANDD.BCST mathc<>+MC_SIGN(SB), y, s; \
	VADDPS      a, a, y

// TANHOUT1(y, n) is the large branch, y = 1 - 2/(e+1) for e in y.
#define TANHOUT1(y, n) \
	VADDPS       ZONE, y, y;              \
	VBROADCASTSS mathc<>+MC_TWO(SB), n;   \
	VDIVPS       y, n, n;                 \
	VSUBPS       n, ZONE, y

// TANHOUT2(y, n, p, t, a, s, k) is the small branch, blended into y
// where a < 0.625, then the sign.
#define TANHOUT2(y, n, p, t, a, s, k) \
	VMULPS           a, a, p;                         \
	VBROADCASTSS     mathc<>+MC_Q4(SB), t;            \
	VFMADD213PS.BCST mathc<>+MC_Q3(SB), p, t;         \
	VFMADD213PS.BCST mathc<>+MC_Q2(SB), p, t;         \
	VFMADD213PS.BCST mathc<>+MC_Q1(SB), p, t;         \
	VFMADD213PS.BCST mathc<>+MC_Q0(SB), p, t;         \
	VMULPS           a, p, n;                         \
	VFMADD213PS      a, n, t;                         \
	VCMPPS.BCST      $0x11, mathc<>+MC_TANHSMALL(SB), a, k; \
	VMOVAPS          t, k, y;                         \
	VPORD            s, y, y

// TANH1 is the whole of TANH on the chain y, n, p, t, a, s.
#define TANH1(y, n, p, t, a, s, k) \
	TANHIN(y, a, s);                 \
	E1T(y, n);                       \
	E2(y, n, p);                     \
	E3(y, p);                        \
	E4(y, p);                        \
	E5(y, p, t);                     \
	E6(y, n);                        \
	TANHOUT1(y, n);                  \
	TANHOUT2(y, n, p, t, a, s, k)


// LSTMPIPE is gates_amd64.h's LSTMSTEP (same registers SI, R8-R11) for
// the current group, i in Z0-Z3, f in Z4-Z7, o in Z8-Z11 and g in
// Z12-Z17, with tanh(c) of the previous group as a fifth chain; it
// stores that group's tc and h at R12 and R13 under K7 and leaves this
// group's c in Z18 and o in Z24.
#define LSTMPIPE \
	LOADV((SI), Z0);                                              \
	LOADV((SI)(R9*1), Z4);                                        \
	LOADV((SI)(R8*1), Z8);                                        \
	LOADV((SI)(R9*2), Z12);                                       \
	SIGIN(Z0, K2);                                                \
	SIGIN(Z4, K3);                                                \
	SIGIN(Z8, K4);                                                \
	TANHIN(Z12, Z16, Z17);                                        \
	TANHIN(Z18, Z22, Z23);                                        \
	E1S(Z0, Z1); E1S(Z4, Z5); E1S(Z8, Z9); E1T(Z12, Z13); E1T(Z18, Z19); \
	E2(Z0, Z1, Z2); E2(Z4, Z5, Z6); E2(Z8, Z9, Z10);              \
	E2(Z12, Z13, Z14); E2(Z18, Z19, Z20);                         \
	E3(Z0, Z2); E3(Z4, Z6); E3(Z8, Z10); E3(Z12, Z14); E3(Z18, Z20); \
	E4(Z0, Z2); E4(Z4, Z6); E4(Z8, Z10); E4(Z12, Z14); E4(Z18, Z20); \
	E5(Z0, Z2, Z3); E5(Z4, Z6, Z7); E5(Z8, Z10, Z11);             \
	E5(Z12, Z14, Z15); E5(Z18, Z20, Z21);                         \
	E6(Z0, Z1); E6(Z4, Z5); E6(Z8, Z9); E6(Z12, Z13); E6(Z18, Z19); \
	SIGOUT(Z0, Z2, Z3, K2);                                       \
	SIGOUT(Z4, Z6, Z7, K3);                                       \
	SIGOUT(Z8, Z10, Z11, K4);                                     \
	TANHOUT1(Z12, Z13);                                           \
	TANHOUT1(Z18, Z19);                                           \
	TANHOUT2(Z12, Z13, Z14, Z15, Z16, Z17, K5);                   \
	TANHOUT2(Z18, Z19, Z20, Z21, Z22, Z23, K6);                                       \
	LSTMPREVOUT;                                                  \
	STOREV(Z0, (SI));                                             \
	STOREV(Z4, (SI)(R9*1));                                       \
	STOREV(Z12, (SI)(R9*2));                                      \
	STOREV(Z8, (SI)(R8*1));                                       \
	VMULPS      Z12, Z0, Z18;                                     \
	LOADV((R10), Z1);                                             \
	VFMADD231PS Z1, Z4, Z18;                                      \
	STOREV(Z18, (R11));                                           \
	VMOVAPS     Z8, Z24

// LSTMPREVOUT stores the previous group's tc = tanh(c) from Z18 and
// h = o·tc.
#define LSTMPREVOUT \
	VMOVUPS Z18, K7, (R12);   \
	VMULPS  Z24, Z18, Z18;    \
	VMOVUPS Z18, K7, (R13)

// GRUPIPE is gates_amd64.h's GRUSTEP (same registers SI, DI, R9) for the
// current group's r and z, in Z0-Z3 and Z4-Z7, with n of the previous
// group as a third chain; it stores that group's n at R12 + 2·R9 and h
// at R11 (reading hPrev at R10) under K7, and leaves this group's
// fma(r, gh_n, g_n) in Z18 and z in Z24.
#define GRUPIPE \
	LOADV((SI), Z0);                                      \
	LOADV((DI), Z1);                                      \
	VADDPS      Z1, Z0, Z0;                               \
	LOADV((SI)(R9*1), Z4);                                \
	LOADV((DI)(R9*1), Z5);                                \
	VADDPS      Z5, Z4, Z4;                               \
	SIGIN(Z0, K2);                                        \
	SIGIN(Z4, K3);                                        \
	TANHIN(Z18, Z22, Z23);                                \
	E1S(Z0, Z1); E1S(Z4, Z5); E1T(Z18, Z19);              \
	E2(Z0, Z1, Z2); E2(Z4, Z5, Z6); E2(Z18, Z19, Z20);    \
	E3(Z0, Z2); E3(Z4, Z6); E3(Z18, Z20);                 \
	E4(Z0, Z2); E4(Z4, Z6); E4(Z18, Z20);                 \
	E5(Z0, Z2, Z3); E5(Z4, Z6, Z7); E5(Z18, Z20, Z21);    \
	E6(Z0, Z1); E6(Z4, Z5); E6(Z18, Z19);                 \
	SIGOUT(Z0, Z2, Z3, K2);                               \
	SIGOUT(Z4, Z6, Z7, K3);                               \
	TANHOUT1(Z18, Z19);                                   \
	TANHOUT2(Z18, Z19, Z20, Z21, Z22, Z23, K6);                               \
	GRUPREVOUT;                                           \
	STOREV(Z0, (SI));                                     \
	STOREV(Z4, (SI)(R9*1));                               \
	LOADV((SI)(R9*2), Z18);                               \
	LOADV((DI)(R9*2), Z1);                                \
	VFMADD231PS Z1, Z0, Z18;                              \
	VMOVAPS     Z4, Z24

// GRUPREVOUT stores the previous group's n from Z18 and h = fma(z,
// hPrev - n, n).
#define GRUPREVOUT \
	VMOVUPS     Z18, K7, (R12)(R9*2); \
	VMOVUPS.Z   (R10), K7, Z19;       \
	VSUBPS      Z18, Z19, Z19;        \
	VFMADD213PS Z18, Z24, Z19;        \
	VMOVUPS     Z19, K7, (R11)

// The backward steps of gates512_amd64.s take two column groups at once:
// each instruction of gates_amd64.h's LSTMBACKSTEP or GRUBACKSTEP is
// applied to chain 0, on that step's V registers Z0-Z12 under K1, and
// then to chain 1, on the same registers 16 on (Z16-Z28) under K4, 64
// bytes further on; Z15 holds 1 for both. The steps are short but each
// is a dependent chain with many loads and stores, so two of them side
// by side give the out-of-order window independent work. Every lane
// runs the same operations on the same operands in the same order as the
// one-group steps, so the results are the same bits.

// LSTMBACK2 is LSTMBACKSTEP (same pointers) on two groups. It clobbers
// Z0-Z12 and Z16-Z28.
#define LSTMBACK2 \
	LOAD2((R13), Z0, Z16);                                \
	VMOVAPS      Z15, Z2;                                 \
	VMOVAPS      Z15, Z18;                                \
	VFNMADD231PS Z0, Z0, Z2;                              \
	VFNMADD231PS Z16, Z16, Z18;                           \
	LOAD2((SI)(R8*1), Z3, Z19);                           \
	LOAD2((R11), Z4, Z20);                                \
	VMULPS       Z3, Z4, Z5;                              \
	VMULPS       Z19, Z20, Z21;                           \
	LOAD2((R10), Z6, Z22);                                \
	VFMADD231PS  Z2, Z5, Z6;                              \
	VFMADD231PS  Z18, Z21, Z22;                           \
	VMULPS       Z0, Z4, Z7;                              \
	VMULPS       Z16, Z20, Z23;                           \
	VMOVAPS      Z3, Z8;                                  \
	VMOVAPS      Z19, Z24;                                \
	VFNMADD231PS Z3, Z3, Z8;                              \
	VFNMADD231PS Z19, Z19, Z24;                           \
	VMULPS       Z8, Z7, Z7;                              \
	VMULPS       Z24, Z23, Z23;                           \
	STORE2(Z7, Z23, (DI)(R8*1));                          \
	LOAD2((SI), Z9, Z25);                                 \
	LOAD2((SI)(R9*1), Z10, Z26);                          \
	LOAD2((SI)(R9*2), Z11, Z27);                          \
	VMULPS       Z11, Z6, Z7;                             \
	VMULPS       Z27, Z22, Z23;                           \
	VMOVAPS      Z9, Z8;                                  \
	VMOVAPS      Z25, Z24;                                \
	VFNMADD231PS Z9, Z9, Z8;                              \
	VFNMADD231PS Z25, Z25, Z24;                           \
	VMULPS       Z8, Z7, Z7;                              \
	VMULPS       Z24, Z23, Z23;                           \
	STORE2(Z7, Z23, (DI));                                \
	LOAD2((R12), Z12, Z28);                               \
	VMULPS       Z12, Z6, Z7;                             \
	VMULPS       Z28, Z22, Z23;                           \
	VMOVAPS      Z10, Z8;                                 \
	VMOVAPS      Z26, Z24;                                \
	VFNMADD231PS Z10, Z10, Z8;                            \
	VFNMADD231PS Z26, Z26, Z24;                           \
	VMULPS       Z8, Z7, Z7;                              \
	VMULPS       Z24, Z23, Z23;                           \
	STORE2(Z7, Z23, (DI)(R9*1));                          \
	VMULPS       Z9, Z6, Z7;                              \
	VMULPS       Z25, Z22, Z23;                           \
	VMOVAPS      Z15, Z8;                                 \
	VMOVAPS      Z15, Z24;                                \
	VFNMADD231PS Z11, Z11, Z8;                            \
	VFNMADD231PS Z27, Z27, Z24;                           \
	VMULPS       Z8, Z7, Z7;                              \
	VMULPS       Z24, Z23, Z23;                           \
	STORE2(Z7, Z23, (DI)(R9*2));                          \
	VMULPS       Z10, Z6, Z6;                             \
	VMULPS       Z26, Z22, Z22;                           \
	STORE2(Z6, Z22, (R10))

// GRUBACK2 is GRUBACKSTEP (same pointers) on two groups. It clobbers
// Z0-Z10 and Z16-Z26.
#define GRUBACK2 \
	LOAD2((R11), Z0, Z16);                 \
	LOAD2((SI)(R9*1), Z1, Z17);            \
	LOAD2((SI)(R9*2), Z2, Z18);            \
	LOAD2((SI), Z3, Z19);                  \
	LOAD2((R12), Z5, Z21);                 \
	VMOVAPS      Z0, Z6;                   \
	VMOVAPS      Z16, Z22;                 \
	VFNMADD231PS Z1, Z0, Z6;               \
	VFNMADD231PS Z17, Z16, Z22;            \
	VMOVAPS      Z15, Z7;                  \
	VMOVAPS      Z15, Z23;                 \
	VFNMADD231PS Z2, Z2, Z7;               \
	VFNMADD231PS Z18, Z18, Z23;            \
	VMULPS       Z7, Z6, Z6;               \
	VMULPS       Z23, Z22, Z22;            \
	LOAD2((R8)(R9*2), Z4, Z20);            \
	VMULPS       Z4, Z6, Z7;               \
	VMULPS       Z20, Z22, Z23;            \
	VMOVAPS      Z3, Z8;                   \
	VMOVAPS      Z19, Z24;                 \
	VFNMADD231PS Z3, Z3, Z8;               \
	VFNMADD231PS Z19, Z19, Z24;            \
	VMULPS       Z8, Z7, Z7;               \
	VMULPS       Z24, Z23, Z23;            \
	VSUBPS       Z2, Z5, Z8;               \
	VSUBPS       Z18, Z21, Z24;            \
	VMULPS       Z8, Z0, Z8;               \
	VMULPS       Z24, Z16, Z24;            \
	VMOVAPS      Z1, Z9;                   \
	VMOVAPS      Z17, Z25;                 \
	VFNMADD231PS Z1, Z1, Z9;               \
	VFNMADD231PS Z17, Z17, Z25;            \
	VMULPS       Z9, Z8, Z8;               \
	VMULPS       Z25, Z24, Z24;            \
	STORE2(Z7, Z23, (DI));                 \
	STORE2(Z8, Z24, (DI)(R9*1));           \
	STORE2(Z6, Z22, (DI)(R9*2));           \
	STORE2(Z7, Z23, (DX));                 \
	STORE2(Z8, Z24, (DX)(R9*1));           \
	VMULPS       Z3, Z6, Z10;              \
	VMULPS       Z19, Z22, Z26;            \
	STORE2(Z10, Z26, (DX)(R9*2));          \
	VMULPS       Z1, Z0, Z0;               \
	VMULPS       Z17, Z16, Z16;            \
	STORE2(Z0, Z16, (R10))
