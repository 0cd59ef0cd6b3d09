// The steps that the AVX-512 GEMM micro-kernels (14 x 32 and 8 x 32)
// share, so that a tile of C gets the same instructions, hence the same
// bits, whichever kernel computes it. B is in Z0 and Z1 during the k loop,
// alpha and beta in Z0 and Z1 during the store; Z2 and Z3 take the
// broadcast A elements, then, in a store with a bias, the bias.

// KPAIRAT does rows r and r+1 of one k step with their A elements at a0 and
// a1 (any addressing mode), B in Z0 and Z1.
#define KPAIRAT(a0, a1, acc0, acc1, acc2, acc3) \
	VBROADCASTSS a0, Z2;         \
	VBROADCASTSS a1, Z3;         \
	VFMADD231PS  Z0, Z2, acc0;   \
	VFMADD231PS  Z1, Z2, acc1;   \
	VFMADD231PS  Z0, Z3, acc2;   \
	VFMADD231PS  Z1, Z3, acc3

// The stores of one row of C (at DI) are made of these steps: ROW_SCALE
// (alpha*acc, alpha in Z0), ROW_BETA (+ beta*C, one FMA, beta in Z1),
// ROW_BIAS (+ the row's 32 bias values in Z2 and Z3: the rounding of a
// store and then AddBias) and ROW_PUT.
#define ROW_SCALE(acc0, acc1) \
	VMULPS Z0, acc0, acc0; \
	VMULPS Z0, acc1, acc1

#define ROW_BETA(acc0, acc1) \
	VFMADD231PS (DI), Z1, acc0; \
	VFMADD231PS 64(DI), Z1, acc1

#define ROW_BIAS(acc0, acc1) \
	VADDPS Z2, acc0, acc0; \
	VADDPS Z3, acc1, acc1

#define ROW_PUT(acc0, acc1) \
	VMOVUPS acc0, (DI); \
	VMOVUPS acc1, 64(DI)

// STORE_ROW_BETA sets one row of C to alpha*acc + beta*C.
#define STORE_ROW_BETA(acc0, acc1) \
	ROW_SCALE(acc0, acc1); \
	ROW_BETA(acc0, acc1);  \
	ROW_PUT(acc0, acc1)

// STORE_ROW_NOBETA sets one row of C to alpha*acc without reading it.
#define STORE_ROW_NOBETA(acc0, acc1) \
	ROW_SCALE(acc0, acc1); \
	ROW_PUT(acc0, acc1)

// STORE_ROW_BETA_BIAS and STORE_ROW_NOBETA_BIAS are the same, then add
// the bias.
#define STORE_ROW_BETA_BIAS(acc0, acc1) \
	ROW_SCALE(acc0, acc1); \
	ROW_BETA(acc0, acc1);  \
	ROW_BIAS(acc0, acc1);  \
	ROW_PUT(acc0, acc1)

#define STORE_ROW_NOBETA_BIAS(acc0, acc1) \
	ROW_SCALE(acc0, acc1); \
	ROW_BIAS(acc0, acc1);  \
	ROW_PUT(acc0, acc1)
