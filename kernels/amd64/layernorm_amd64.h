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
// row at a time: their statistics are two divisions, and blocks measured
// slower in LNBackRows (eight rows) and no faster in LNBackRows512
// (sixteen), whose speed is set by the passes over the data.

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

