// NEON single-precision instructions the Go arm64 assembler does not know,
// as WORD encodings (Arm ARM, "Advanced SIMD three same" and "two-register
// misc", Q=1, sz=0). Operands are register numbers in Arm order:
// destination first, so FSUB4(d, n, m) is Vd.4S = Vn.4S - Vm.4S.

#define FADD4(d, n, m) WORD $(0x4E20D400 | ((m)<<16) | ((n)<<5) | (d))
#define FSUB4(d, n, m) WORD $(0x4EA0D400 | ((m)<<16) | ((n)<<5) | (d))
#define FMUL4(d, n, m) WORD $(0x6E20DC00 | ((m)<<16) | ((n)<<5) | (d))
#define FDIV4(d, n, m) WORD $(0x6E20FC00 | ((m)<<16) | ((n)<<5) | (d))
#define FADDP4(d, n, m) WORD $(0x6E20D400 | ((m)<<16) | ((n)<<5) | (d))
// FCMGT4 sets each lane of Vd to all ones where Vn > Vm (false for NaN).
#define FCMGT4(d, n, m) WORD $(0x6EA0E400 | ((m)<<16) | ((n)<<5) | (d))
// FCMEQ4 sets each lane of Vd to all ones where Vn == Vm.
#define FCMEQ4(d, n, m) WORD $(0x4E20E400 | ((m)<<16) | ((n)<<5) | (d))
// FCMGTZ4 sets each lane of Vd to all ones where Vn > 0.
#define FCMGTZ4(d, n) WORD $(0x4EA0C800 | ((n)<<5) | (d))
#define FSQRT4(d, n) WORD $(0x6EA1F800 | ((n)<<5) | (d))
// FMAXV4 puts the largest of the four lanes of Vn in Sd.
#define FMAXV4(d, n) WORD $(0x6E30F800 | ((n)<<5) | (d))
// BIT16 inserts each bit of Vn into Vd where Vm is 1 (VBIT with numeric
// operands, for use inside macros).
#define BIT16(d, n, m) WORD $(0x6EA01C00 | ((m)<<16) | ((n)<<5) | (d))
// FACGT4 sets each lane of Vd to all ones where |Vn| > |Vm| (false for
// NaN).
#define FACGT4(d, n, m) WORD $(0x6EA0EC00 | ((m)<<16) | ((n)<<5) | (d))
// BIC16 is Vd = Vn AND NOT Vm, bitwise over the 16 bytes.
#define BIC16(d, n, m) WORD $(0x4E601C00 | ((m)<<16) | ((n)<<5) | (d))
// FLUSH4 sets the lanes of Vr whose magnitude is below that of the lanes
// of Vthr (2^-126: denormals and zeros) to +0 and keeps the rest, NaN
// included; Vt is a scratch register.
#define FLUSH4(r, thr, t) FACGT4(t, thr, r); BIC16(r, r, t)
// FMLAE4 is Vd.4S += Vn.4S * Vm.S[i] and FMULE4 is Vd.4S = Vn.4S * Vm.S[i]
// (by element; the Go assembler has neither). i is split into the H (bit
// 11) and L (bit 21) index bits.
#define FMLAE4(d, n, m, i) WORD $(0x4F801000 | (((i)&1)<<21) | ((m)<<16) | (((i)>>1)<<11) | ((n)<<5) | (d))
#define FMULE4(d, n, m, i) WORD $(0x4F809000 | (((i)&1)<<21) | ((m)<<16) | (((i)>>1)<<11) | ((n)<<5) | (d))
