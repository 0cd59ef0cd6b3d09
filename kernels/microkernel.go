package kernels

// microKernel is one CPU's part of the GEMM: a register-blocked kernel and
// the cache blocking that suits it. The blocked algorithm in gemm.go is the
// same for every CPU (BLIS-style); a new CPU needs only a new kernel and
// new block sizes here.
type microKernel struct {
	name string
	// mr x nr is the register block: the kernel keeps an mr x nr tile of C
	// in registers.
	mr, nr int
	// kc, mc and nc are the cache blocks: a kc x nr sliver of packed B stays
	// in L1 while the kernel streams mr x kc slivers of packed A, an mc x kc
	// block of packed A stays in L2 and a kc x nc panel of packed B in L3.
	// mc is a multiple of mr and nc a multiple of nr.
	kc, mc, nc int
	// kernel computes, for the mr x nr tile whose top-left element is c[0]
	// (rows ldc apart),
	//
	//	C[i][j] = alpha * sum_p a[p*mr+i]*b[p*nr+j] + beta*C[i][j],  p < k,
	//
	// summing p in increasing order from zero. With beta == 0 it does not
	// read C. k >= 1; a holds k*mr and b k*nr values (packed slivers).
	// next is only a hint: the kernel may prefetch up to 16*k bytes from
	// it into L2, and the blocked loop points it at the part of the next
	// B sliver that this call should bring in (see macro).
	kernel func(k int, a, b, c []float32, ldc int, alpha, beta float32, next *float32)
	// strided, when not nil, is kernel with A and B read in place: element
	// (i, p) of A is a[i*rsa+p*csa] and element (p, j) of B is b[p*rsb+j].
	// It does the same arithmetic in the same order as kernel, so the
	// choice between them never changes a result. Small GEMMs use it to
	// skip packing operands that would be reused too little to pay for it.
	strided func(k int, a []float32, rsa, csa int, b []float32, rsb int, c []float32, ldc int, alpha, beta float32)
	// panel, when not nil, is strided on tiles >= 1 full tiles stacked
	// down C on the same B, tile t reading its A from a[t*ats:]: one call
	// for a column of tiles instead of one per tile, the same arithmetic.
	// A non-empty bias (nr values) is added to each row of the tiles as
	// they are stored, rounding as AddBias after the store would. It
	// needs strided.
	panel func(k, tiles int, a []float32, rsa, csa, ats int, b []float32, rsb int, c []float32, ldc int, alpha, beta float32, bias []float32)
	// tail, when not nil, is strided for a tile of tailMR < mr rows (c
	// holds (tailMR-1)*ldc+nr elements), with the same arithmetic for each
	// element, and a bias as panel's. The last row tile of a matrix, when it has at most tailMR
	// rows, runs on it instead of on an mr-row tile that is mostly
	// padding (see macro). It needs strided.
	tail   func(k int, a []float32, rsa, csa int, b []float32, rsb int, c []float32, ldc int, alpha, beta float32, bias []float32)
	tailMR int
	// skinny, when not nil, is a kernel with a smaller register block
	// that runs speed/skinny.speed times slower per tile element, for
	// GEMMs with so few rows that most of an mr-high tile would be
	// padding (see forShape).
	skinny *microKernel
	// fusedBeta says that kernel's update of C, alpha*acc + beta*C, is
	// one FMA onto the rounded alpha*acc (the assembly kernels), rather
	// than a product and a sum (the Go kernel): copyTile finishes edge
	// tiles the same way, so that no element's bits depend on whether its
	// tile is an edge tile.
	fusedBeta bool
	// speed is the kernel's relative multiply-add rate (its vector width
	// in float32 lanes), used only to compare it with skinny.
	speed int
	// packRows, when not nil, packs a full mr-row sliver of a
	// non-transposed A, the common case: d[p*mr+r] = a[r*lda+p], p < kb.
	packRows func(d, a []float32, lda, kb int)
	// transpose8, when not nil, sets dst[j*ldd+i] = src[i*lds+j] for i <
	// rows, j < cols, both multiples of 8: packing a transposed B.
	transpose8 func(dst []float32, ldd int, src []float32, lds, rows, cols int)
	// packSlivers (required) packs kb rows of a non-transposed B into
	// slivers nr-wide slivers: dst[t*nr*kb+p*nr+j] = b[p*ldb+t*nr+j].
	packSlivers func(dst, b []float32, ldb, kb, nr, slivers int)
}

// forShape returns the kernel to use for an m x n result: mk, or its
// skinny alternative when that computes fewer padded tile elements per
// unit of speed. The choice depends on the shape only, never on the
// thread count, so results stay bit-identical for any number of workers
// (bench/TUNING.md, micro-kernels, has shapes measured both ways).
func (mk *microKernel) forShape(m, n int) *microKernel {
	s := mk.skinny
	if s == nil {
		return mk
	}
	big := roundUp(m, mk.mr) * roundUp(n, mk.nr) * s.speed
	small := roundUp(m, s.mr) * roundUp(n, s.nr) * mk.speed
	if small < big {
		return s
	}
	return mk
}

// goMicroKernel is the pure-Go kernel, used by the purego build, on CPUs
// without the assembly and after SetSIMD(false). 2 x 4 keeps its 8
// accumulators and 5 operands in registers: Go has 15 allocatable float
// registers on amd64, and a 4 x 4 tile spilled to the stack at every step.
// Block sizes: a 256 x 4 B sliver is 4 KiB (L1), a 128 x 256 A block
// 128 KiB (L2), a 256 x 2048 B panel 2 MiB (L3).
var goMicroKernel = microKernel{
	name: "go 2x4",
	mr:   2, nr: 4,
	kc: 256, mc: 128, nc: 2048,
	kernel:      gemmKernel2x4Go,
	packSlivers: packSliversGo,
}

// gemmKernel2x4Go is the pure-Go 2 x 4 micro-kernel; see microKernel.kernel.
func gemmKernel2x4Go(k int, a, b, c []float32, ldc int, alpha, beta float32, _ *float32) {
	var c00, c01, c02, c03 float32
	var c10, c11, c12, c13 float32
	a = a[:2*k]
	b = b[:4*k]
	for p := 0; p < k; p++ {
		ap := a[2*p : 2*p+2 : 2*p+2]
		bp := b[4*p : 4*p+4 : 4*p+4]
		b0, b1, b2, b3 := bp[0], bp[1], bp[2], bp[3]
		a0 := ap[0]
		c00 += a0 * b0
		c01 += a0 * b1
		c02 += a0 * b2
		c03 += a0 * b3
		a1 := ap[1]
		c10 += a1 * b0
		c11 += a1 * b1
		c12 += a1 * b2
		c13 += a1 * b3
	}
	storeRow4(c[0:4:4], c00, c01, c02, c03, alpha, beta)
	storeRow4(c[ldc:ldc+4:ldc+4], c10, c11, c12, c13, alpha, beta)
}

// storeRow4 writes alpha*acc + beta*row into row, not reading row when
// beta == 0. The conversions round both products, so that no compiler
// fuses one of them into the sum (Go does on arm64): copyTile rounds the
// same way for this kernel.
func storeRow4(row []float32, x0, x1, x2, x3, alpha, beta float32) {
	row = row[:4]
	if beta == 0 {
		row[0], row[1], row[2], row[3] = alpha*x0, alpha*x1, alpha*x2, alpha*x3
		return
	}
	row[0] = float32(alpha*x0) + float32(beta*row[0])
	row[1] = float32(alpha*x1) + float32(beta*row[1])
	row[2] = float32(alpha*x2) + float32(beta*row[2])
	row[3] = float32(alpha*x3) + float32(beta*row[3])
}
