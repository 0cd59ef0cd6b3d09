// The steps shared by the LayerNorm row kernels, layernorm_amd64.s
// (AVX2) and layernorm512_amd64.s (AVX-512): the reductions of the lane
// sums in the order of package kernels' lanes16 and the float64
// statistics.

// LNRows and LNRows512 take the rows in blocks of up to sixteen. A pass
// over the block's rows leaves each row's sixteen lane sums, added as
// A+B, in a slot of the frame; RED8 then reduces eight slots at once into
// one vector of eight row sums, in lanes16's order, and the float64
// statistics of four rows are formed in one ymm register with the very
// operations of the scalar sequence (so the bits are those of the Go
// reference). The rows of a block are independent, so their passes
// overlap where the division and square root of one row at a time would
// make each row wait for its statistics; blocks of sixteen rows hide
// that chain better than blocks of eight. The backward kernels keep one
// row at a time: their statistics are two divisions, and their speed is
// set by the passes over the data, so blocks did not help them
// (bench/TUNING.md).

// LANES16(A, B, XA, XB) adds the sixteen lanes of A and B into the low
// lane of XA in the order of package kernels' lanes16: A+B, then the two
// halves, then (l0+l2) + (l1+l3). B is clobbered.
#define LANES16(A, B, XA, XB) \
	VADDPS       B, A, A; \
	VEXTRACTF128 $1, A, XB; \
	VADDPS       XB, XA, XA; \
	VPERMILPD    $1, XA, XB; \
	VADDPS       XB, XA, XA; \
	VMOVSHDUP    XA, XB; \
	VADDSS       XB, XA, XA

// RED8(P, OUT) sets OUT to the eight sums of the slots at 0(P) to
// 224(P), row r in lane r, each added as LANES16 adds A+B: the halves of
// rows r and r+4 in one register, then (l0+l2) + (l1+l3) across pairs of
// rows. Y0-Y3 are clobbered.
#define RED8(P, OUT) \
	VMOVUPS    0(P), Y0; \
	VPERM2F128 $0x20, 128(P), Y0, Y1; \
	VPERM2F128 $0x31, 128(P), Y0, Y0; \
	VADDPS     Y1, Y0, Y0; \
	VMOVUPS    32(P), Y1; \
	VPERM2F128 $0x20, 160(P), Y1, Y2; \
	VPERM2F128 $0x31, 160(P), Y1, Y1; \
	VADDPS     Y2, Y1, Y1; \
	VSHUFPS    $0x44, Y1, Y0, Y2; \
	VSHUFPS    $0xee, Y1, Y0, Y0; \
	VADDPS     Y2, Y0, Y0; \
	VMOVUPS    64(P), Y1; \
	VPERM2F128 $0x20, 192(P), Y1, Y2; \
	VPERM2F128 $0x31, 192(P), Y1, Y1; \
	VADDPS     Y2, Y1, Y1; \
	VMOVUPS    96(P), Y2; \
	VPERM2F128 $0x20, 224(P), Y2, Y3; \
	VPERM2F128 $0x31, 224(P), Y2, Y2; \
	VADDPS     Y3, Y2, Y2; \
	VSHUFPS    $0x44, Y2, Y1, Y3; \
	VSHUFPS    $0xee, Y2, Y1, Y1; \
	VADDPS     Y3, Y1, Y1; \
	VSHUFPS    $0x88, Y1, Y0, Y2; \
	VSHUFPS    $0xdd, Y1, Y0, Y0; \
	VADDPS     Y2, Y0, OUT

// STATS4(M1, SD, SQ, MEAN, RSTD) forms the float64 statistics of four
// rows from their m1 (xmm or memory), sd and sq (xmm) and rounds them
// into MEAN and RSTD (xmm): mean = m1 + sd/n, var = max((sq - sd·sd/n)/n, 0), rstd =
// 1/sqrt(var + eps), with n, eps and 1.0 in Y13, Y12 and Y11; VMAXPD
// gives +0 for -0 and +0, as Go's max. Y0-Y3 are clobbered; the outputs
// may be the inputs.
#define STATS4(M1, SD, SQ, MEAN, RSTD) \
	VCVTPS2PD  M1, Y0; \
	VCVTPS2PD  SD, Y1; \
	VCVTPS2PD  SQ, Y2; \
	VDIVPD     Y13, Y1, Y3; \
	VADDPD     Y3, Y0, Y0; \
	VMULPD     Y1, Y1, Y1; \
	VDIVPD     Y13, Y1, Y1; \
	VSUBPD     Y1, Y2, Y2; \
	VDIVPD     Y13, Y2, Y2; \
	VXORPD     Y3, Y3, Y3; \
	VMAXPD     Y3, Y2, Y2; \
	VADDPD     Y12, Y2, Y2; \
	VSQRTPD    Y2, Y2; \
	VDIVPD     Y2, Y11, Y2; \
	VCVTPD2PSY Y0, MEAN; \
	VCVTPD2PSY Y2, RSTD

// LNCONSTS loads LNRows's arguments (DI dst, SI x, AX w, CX cols, BX b)
// and constants: Y12 eps and Y13 cols as float64, Y14 cols as float32,
// Y11 1.0 as float64.
#define LNCONSTS \
	MOVQ         dst_base+0(FP), DI; \
	MOVQ         x_base+24(FP), SI; \
	MOVQ         w_base+48(FP), AX; \
	MOVQ         w_len+56(FP), CX; \
	MOVQ         b_base+72(FP), BX; \
	VMOVSS       eps+144(FP), X12; \
	VCVTSS2SD    X12, X12, X12; \
	VBROADCASTSD X12, Y12; \
	VCVTSI2SDQ   CX, X13, X13; \
	VBROADCASTSD X13, Y13; \
	VCVTSI2SSQ   CX, X14, X14; \
	VBROADCASTSS X14, Y14; \
	MOVQ         $0x3ff0000000000000, R10; \
	VMOVQ        R10, X11; \
	VBROADCASTSD X11, Y11

// LNM1 reduces a block's first sums (frame slots at 0(SP)) to
// m1 = sum / n for its sixteen rows at 1024(SP); DX gets a bit for each
// row whose sum is not finite.
#define LNM1 \
	MOVQ      SP, R13; \
	RED8(R13, Y10); \
	LEAQ      256(SP), R13; \
	RED8(R13, Y9); \
	VSUBPS    Y10, Y10, Y0; \
	VCMPPS    $3, Y0, Y0, Y0; \
	VMOVMSKPS Y0, DX; \
	VSUBPS    Y9, Y9, Y1; \
	VCMPPS    $3, Y1, Y1, Y1; \
	VMOVMSKPS Y1, R10; \
	SHLQ      $8, R10; \
	ORQ       R10, DX; \
	VDIVPS    Y14, Y10, Y10; \
	VDIVPS    Y14, Y9, Y9; \
	VMOVUPS   Y10, 1024(SP); \
	VMOVUPS   Y9, 1056(SP)

// LNSTOP reduces a block's centred sums sd (0(SP)) and squares sq
// (512(SP)) into Y7/Y6 and Y5/Y4 (rows 0-7, 8-15) and ends the block
// before its first row whose float32 sums are not finite: R10 = j rows
// done, the rest left to the caller.
#define LNSTOP \
	MOVQ SP, R13; \
	RED8(R13, Y7); \
	LEAQ 256(SP), R13; \
	RED8(R13, Y6); \
	LEAQ 512(SP), R13; \
	RED8(R13, Y5); \
	LEAQ 768(SP), R13; \
	RED8(R13, Y4); \
	VSUBPS    Y5, Y5, Y0; \
	VCMPPS    $3, Y0, Y0, Y0; \
	VMOVMSKPS Y0, R10; \
	ORQ       R10, DX; \
	VSUBPS    Y4, Y4, Y1; \
	VCMPPS    $3, Y1, Y1, Y1; \
	VMOVMSKPS Y1, R10; \
	SHLQ      $8, R10; \
	ORQ       R10, DX; \
	MOVQ      R8, R11; \
	SHRQ      $5, R11; \
	BTSQ      R11, DX; \
	BSFQ      DX, R10

// LNSTATS computes the statistics of a block, four rows at a time,
// into 1024(SP) (means) and 1088(SP) (rstds).
#define LNSTATS \
	STATS4(1024(SP), X7, X5, X8, X9); \
	VMOVUPS      X8, 1024(SP); \
	VMOVUPS      X9, 1088(SP); \
	VEXTRACTF128 $1, Y7, X7; \
	VEXTRACTF128 $1, Y5, X5; \
	STATS4(1040(SP), X7, X5, X8, X9); \
	VMOVUPS      X8, 1040(SP); \
	VMOVUPS      X9, 1104(SP); \
	STATS4(1056(SP), X6, X4, X8, X9); \
	VMOVUPS      X8, 1056(SP); \
	VMOVUPS      X9, 1120(SP); \
	VEXTRACTF128 $1, Y6, X6; \
	VEXTRACTF128 $1, Y4, X4; \
	STATS4(1072(SP), X6, X4, X8, X9); \
	VMOVUPS      X8, 1072(SP); \
	VMOVUPS      X9, 1136(SP)
