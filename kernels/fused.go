package kernels

// The fused row kernels (LayerNorm) and the gate steps of the recurrent
// cells choose between their assembly and Go passes with fusedSIMD. They
// have no table of their own (a call through a function value would make
// their small stack buffers escape); they follow the switch of ops: the
// assembly runs exactly when the other SIMD kernels do (see SetSIMD and
// CORTEN_NOSIMD).
//
// The LayerNorm kernels run many whole rows a call, the statistics and
// the last partial group of each row included, with the Go reference's
// arithmetic step for step. The gate steps' Go passes take from, the
// first column of every row they handle: the AVX2 and NEON gate passes
// run their assembly over the whole groups of eight or four and then
// call the Go pass for the rest, whose arithmetic is the assembly's lane
// by lane. The AVX-512 gate passes run whole rows, the last group under
// a mask.

// fusedAsm is set by the architecture's file when the CPU runs the
// assembly passes.
var fusedAsm bool

// fusedWide is set by the architecture's file when the gate passes run
// their wider assembly (AVX-512 on amd64, which also takes the last
// partial group of a row); the tests clear it to check the narrower one
// as well.
var fusedWide bool

// fusedSIMD reports whether the fused kernels run their assembly passes.
func fusedSIMD() bool { return fusedAsm && active.Load() != &goOps }
