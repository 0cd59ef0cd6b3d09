// Package bench holds the repository's benchmarks: the vector kernels and
// GEMM of package kernels against plain Go loops, and whole training steps.
// It has no non-test code; run it with
//
//	go test ./bench -run XXX -bench . -benchtime 200ms
//
// Kernel benchmarks are named Kernel/n=SIZE/impl=IMPL, where impl=naive is
// a plain Go loop written here, impl=generic is the kernels API on its
// pure-Go path and impl=simd the same API on the assembly path.
//
// BenchmarkPeak gives the fp32 FMA peak of one core for each vector width
// (package internal/peak). GEMM and training-step benchmarks report
// GFLOPS (training steps from nn.CountFLOPs: GEMM and convolution work
// only) and peak-frac, that rate over the peak of the active kernels
// path's width times parallel.Threads(); the pure-Go path reports no
// peak-frac.
//
// TUNING.md records the measurements behind the kernels' tuned constants,
// with their dates and machines, and how to repeat them.
package bench
