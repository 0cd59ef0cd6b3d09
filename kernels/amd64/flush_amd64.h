// Shared by the optimizer kernels (adam_amd64.s, rmsprop_amd64.s).

// FLUSH_CONSTS loads FLUSH's constants: the abs mask 0x7fffffff into ABSX
// and its broadcast ABSY, and the threshold 2^-126 into THRX and THRY.
// It clobbers AX.
#define FLUSH_CONSTS(ABSX, ABSY, THRX, THRY) \
	MOVL         $0x7fffffff, AX; \
	VMOVD        AX, ABSX; \
	VBROADCASTSS ABSX, ABSY; \
	MOVL         $0x00800000, AX; \
	VMOVD        AX, THRX; \
	VBROADCASTSS THRX, THRY

// FLUSH sets the lanes of R whose magnitude is below 2^-126 (denormals and
// zeros) to +0 and keeps the rest, NaN included: T = !(|R| < 2^-126)
// (predicate NLT_UQ, true for NaN), R &= T. ABS and THR hold the constants
// of FLUSH_CONSTS, as Y registers for 8 lanes or X for the scalar tail.
#define FLUSH(R, T, ABS, THR) \
	VANDPS ABS, R, T; \
	VCMPPS $0x15, THR, T, T; \
	VANDPS T, R, R
