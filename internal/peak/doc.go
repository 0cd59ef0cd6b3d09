// Package peak measures the fp32 FMA peak of the CPU core it runs on, for
// each vector width the kernels of package kernels use: AVX-512 (zmm) and
// AVX2/FMA (ymm) on amd64, NEON on arm64. It is the limit against which
// benchmarks and cmd/mnist state how close a workload comes to the
// machine ("peak-frac").
//
// Each measurement runs, in Go assembly, twelve independent FMA chains
// (enough to hide the FMA latency on current cores) with distinct starting
// values, and counts 2 FLOPs per lane per FMA. The result is a per-core
// figure: the peak of T threads is taken as T times it, which holds when
// each thread has a physical core of its own (two SMT siblings share one
// core's FMA units).
//
// Builds without assembly (the purego tag, gccgo, other architectures)
// measure nothing: Widths is empty and every figure is 0, which callers
// treat as "no peak known".
package peak
