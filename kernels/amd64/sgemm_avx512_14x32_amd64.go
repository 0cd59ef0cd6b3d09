//go:build amd64 && gc && !purego

package amd64

// Sgemm14x32 is the AVX-512 GEMM micro-kernel, with the same contract as
// Sgemm6x16 for a 14 x 32 tile: a and b are packed slivers of at least 14k
// and 32k elements, k >= 1, c must hold 13*ldc+32 elements, and k*16 bytes
// from next are prefetched into L2. It needs AVX512F; nothing is checked.
//
//go:noescape
func Sgemm14x32(k int, a, b, c []float32, ldc int, alpha, beta float32, next *float32)

// Sgemm14x32Strided is Sgemm14x32 reading A and B in place: element (i, p)
// of A is a[i*rsa+p*csa] and element (p, j) of B is b[p*rsb+j]. It lets
// small GEMMs skip packing. Nothing is checked.
//
//go:noescape
func Sgemm14x32Strided(k int, a []float32, rsa, csa int, b []float32, rsb int, c []float32, ldc int, alpha, beta float32)

// Sgemm14x32Panel runs Sgemm14x32Strided on tiles >= 1 tiles stacked down
// C that share B: tile t reads its A from a[t*ats:] (with the strides rsa
// and csa) and writes rows 14t .. 14t+13 of C, so c must hold
// (14*tiles-1)*ldc+32 elements. Each tile gets exactly the instructions
// of Sgemm14x32Strided; one call spares the GEMM's loop a call per tile.
// A non-empty bias (32 floats) is added to every row as it is stored,
// with the rounding of AddBias after the store. Nothing is checked.
//
//go:noescape
func Sgemm14x32Panel(k, tiles int, a []float32, rsa, csa, ats int, b []float32, rsb int, c []float32, ldc int, alpha, beta float32, bias []float32)
