// One step of the gate kernels (gates_amd64.s with eight columns,
// gates512_amd64.s's backward passes with sixteen at the end of a row;
// gates512_amd64.h interleaves the same operations over gates and column
// groups for its other steps), on the registers V0-V15 of the width
// header the file includes before exp_amd64.h, with its LOADV and
// STOREV. The nonlinearities are exp_amd64.h's SIGMOID
// and TANH, so the results are those of Sigmoid and Tanh bit for bit;
// the products are those of package kernels' lstmGo, lstmBackGo, gruGo
// and gruBackGo.

// LSTMSTEP: SI points at the i block of g (f, g, o at R9, 2·R9 and R8 =
// 3·R9 bytes further), R10 at cPrev, R11 c, R12 tc, R13 h. The gates
// become their activations in place; c = fma(f, cPrev, i·g), tc =
// tanh(c), h = o·tc. cPrev is read before c is written, so they may be
// the same.
#define LSTMSTEP \
	LOADV((SI), V5);                    \
	SIGMOID(V5, V12, V1, V2, V3);       \
	STOREV(V12, (SI));                  \
	LOADV((SI)(R9*1), V5);              \
	SIGMOID(V5, V13, V1, V2, V3);       \
	STOREV(V13, (SI)(R9*1));            \
	LOADV((SI)(R9*2), V5);              \
	TANH(V5, V14, V1, V2, V3, V6, V7);  \
	STOREV(V14, (SI)(R9*2));            \
	LOADV((SI)(R8*1), V5);              \
	SIGMOID(V5, V15, V1, V2, V3);       \
	STOREV(V15, (SI)(R8*1));            \
	VMULPS      V14, V12, V12;          \
	LOADV((R10), V4);                   \
	VFMADD231PS V4, V13, V12;           \
	STOREV(V12, (R11));                 \
	TANH(V12, V0, V1, V2, V3, V6, V7);  \
	STOREV(V0, (R12));                  \
	VMULPS      V15, V0, V0;            \
	STOREV(V0, (R13))

// LSTMBACKSTEP: SI walks g and DI da (gate blocks at 0, R9, 2·R9, R8 =
// 3·R9), R10 dc, R11 dh, R12 cPrev, R13 tc; V15 holds 1. It clobbers
// V0-V12.
#define LSTMBACKSTEP \
	LOADV((R13), V0);                                   \
	VMOVAPS      V15, V2;                               \
	VFNMADD231PS V0, V0, V2;                            \
	LOADV((SI)(R8*1), V3);                              \
	LOADV((R11), V4);                                   \
	VMULPS       V3, V4, V5;                            \
	LOADV((R10), V6);                                   \
	VFMADD231PS  V2, V5, V6;                            \
	VMULPS       V0, V4, V7;                            \
	VMOVAPS      V3, V8;                                \
	VFNMADD231PS V3, V3, V8;                            \
	VMULPS       V8, V7, V7;                            \
	STOREV(V7, (DI)(R8*1));                             \
	LOADV((SI), V9);                                    \
	LOADV((SI)(R9*1), V10);                             \
	LOADV((SI)(R9*2), V11);                             \
	VMULPS       V11, V6, V7;                           \
	VMOVAPS      V9, V8;                                \
	VFNMADD231PS V9, V9, V8;                            \
	VMULPS       V8, V7, V7;                            \
	STOREV(V7, (DI));                                   \
	LOADV((R12), V12);                                  \
	VMULPS       V12, V6, V7;                           \
	VMOVAPS      V10, V8;                               \
	VFNMADD231PS V10, V10, V8;                          \
	VMULPS       V8, V7, V7;                            \
	STOREV(V7, (DI)(R9*1));                             \
	VMULPS       V9, V6, V7;                            \
	VMOVAPS      V15, V8;                               \
	VFNMADD231PS V11, V11, V8;                          \
	VMULPS       V8, V7, V7;                            \
	STOREV(V7, (DI)(R9*2));                             \
	VMULPS       V10, V6, V6;                           \
	STOREV(V6, (R10))

// GRUSTEP: SI walks g and DI gh (gate blocks at 0, R9, 2·R9), R10 hPrev,
// R11 h. r = σ(g_r + gh_r), z = σ(g_z + gh_z), n = tanh(fma(r, gh_n,
// g_n)) replace g; h = fma(z, hPrev - n, n).
#define GRUSTEP \
	LOADV((SI), V0);                    \
	LOADV((DI), V4);                    \
	VADDPS      V4, V0, V0;             \
	SIGMOID(V0, V12, V1, V2, V3);       \
	STOREV(V12, (SI));                  \
	LOADV((SI)(R9*1), V0);              \
	LOADV((DI)(R9*1), V4);              \
	VADDPS      V4, V0, V0;             \
	SIGMOID(V0, V13, V1, V2, V3);       \
	STOREV(V13, (SI)(R9*1));            \
	LOADV((SI)(R9*2), V0);              \
	LOADV((DI)(R9*2), V4);              \
	VFMADD231PS V4, V12, V0;            \
	TANH(V0, V14, V1, V2, V3, V6, V7);  \
	STOREV(V14, (SI)(R9*2));            \
	LOADV((R10), V1);                   \
	VSUBPS      V14, V1, V1;            \
	VFMADD213PS V14, V13, V1;           \
	STOREV(V1, (R11))

// GRUBACKSTEP: DI walks dg, DX dgh, SI g and R8 gh (gate blocks at 0,
// R9, 2·R9), R10 dhPrev, R11 dh, R12 hPrev; V15 holds 1. It clobbers
// V0-V10.
#define GRUBACKSTEP \
	LOADV((R11), V0);                   \
	LOADV((SI)(R9*1), V1);              \
	LOADV((SI)(R9*2), V2);              \
	LOADV((SI), V3);                    \
	LOADV((R12), V5);                   \
	VMOVAPS      V0, V6;                \
	VFNMADD231PS V1, V0, V6;            \
	VMOVAPS      V15, V7;               \
	VFNMADD231PS V2, V2, V7;            \
	VMULPS       V7, V6, V6;            \
	LOADV((R8)(R9*2), V4);              \
	VMULPS       V4, V6, V7;            \
	VMOVAPS      V3, V8;                \
	VFNMADD231PS V3, V3, V8;            \
	VMULPS       V8, V7, V7;            \
	VSUBPS       V2, V5, V8;            \
	VMULPS       V8, V0, V8;            \
	VMOVAPS      V1, V9;                \
	VFNMADD231PS V1, V1, V9;            \
	VMULPS       V9, V8, V8;            \
	STOREV(V7, (DI));                   \
	STOREV(V8, (DI)(R9*1));             \
	STOREV(V6, (DI)(R9*2));             \
	STOREV(V7, (DX));                   \
	STOREV(V8, (DX)(R9*1));             \
	VMULPS       V3, V6, V10;           \
	STOREV(V10, (DX)(R9*2));            \
	VMULPS       V1, V0, V0;            \
	STOREV(V0, (R10))
