// The steps that the AVX-512 GEMM micro-kernels (14 x 32 and 8 x 32)
// share, so that a tile of C gets the same instructions, hence the same
// bits, whichever kernel computes it. B is in Z0 and Z1 during the k loop,
// alpha and beta in Z0 and Z1 during the store; Z2 and Z3 take the
// broadcast A elements.

// KPAIRAT does rows r and r+1 of one k step with their A elements at a0 and
// a1 (any addressing mode), B in Z0 and Z1.
#define KPAIRAT(a0, a1, acc0, acc1, acc2, acc3) \
	VBROADCASTSS a0, Z2;         \
	VBROADCASTSS a1, Z3;         \
	VFMADD231PS  Z0, Z2, acc0;   \
	VFMADD231PS  Z1, Z2, acc1;   \
	VFMADD231PS  Z0, Z3, acc2;   \
	VFMADD231PS  Z1, Z3, acc3

// STORE_ROW_BETA sets one row of C (at DI) to alpha*acc + beta*C, alpha in
// Z0 and beta in Z1.
#define STORE_ROW_BETA(acc0, acc1) \
	VMULPS      Z0, acc0, acc0;   \
	VMULPS      Z0, acc1, acc1;   \
	VFMADD231PS (DI), Z1, acc0;   \
	VFMADD231PS 64(DI), Z1, acc1; \
	VMOVUPS     acc0, (DI);       \
	VMOVUPS     acc1, 64(DI)

// STORE_ROW_BETA_BIAS is STORE_ROW_BETA, then adds the bias of the row's
// 32 columns, in Z2 and Z3: the rounding of a store and then AddBias.
#define STORE_ROW_BETA_BIAS(acc0, acc1) \
	VMULPS      Z0, acc0, acc0;   \
	VMULPS      Z0, acc1, acc1;   \
	VFMADD231PS (DI), Z1, acc0;   \
	VFMADD231PS 64(DI), Z1, acc1; \
	VADDPS      Z2, acc0, acc0;   \
	VADDPS      Z3, acc1, acc1;   \
	VMOVUPS     acc0, (DI);       \
	VMOVUPS     acc1, 64(DI)

// STORE_ROW_NOBETA_BIAS is STORE_ROW_NOBETA, then adds the bias in Z2
// and Z3.
#define STORE_ROW_NOBETA_BIAS(acc0, acc1) \
	VMULPS  Z0, acc0, acc0; \
	VMULPS  Z0, acc1, acc1; \
	VADDPS  Z2, acc0, acc0; \
	VADDPS  Z3, acc1, acc1; \
	VMOVUPS acc0, (DI);     \
	VMOVUPS acc1, 64(DI)

// STORE_ROW_NOBETA sets one row of C (at DI) to alpha*acc without reading it.
#define STORE_ROW_NOBETA(acc0, acc1) \
	VMULPS  Z0, acc0, acc0; \
	VMULPS  Z0, acc1, acc1; \
	VMOVUPS acc0, (DI);     \
	VMOVUPS acc1, 64(DI)
