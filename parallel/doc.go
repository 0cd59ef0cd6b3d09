// Package parallel runs corten's kernels and layer passes on one shared
// pool of worker goroutines.
//
// Training issues thousands of GEMMs, optimizer steps and layer passes a
// second, many of them only microseconds long, so what counts is the
// latency of handing work to another core. The pool's workers spin while
// the process keeps asking for help, nap once the calls stop and park
// after a long idle spell (see pool.go). A job is split into parts
// 0..n-1, which the caller and the workers claim from a shared counter:
// the caller starts at once and runs whatever no worker has claimed, so a
// worker that is slow to come, or busy with another caller's job, delays
// the job by at most the part it took. Which goroutine runs a part never
// changes what the part computes, so a job whose parts depend only on
// their index gives bit-identical results for every thread count.
//
// Run spreads a job's parts over the pool; For does the same for an
// elementwise job over a range of indices, split into cache-line-aligned
// ranges. SetThreads bounds the goroutines of both, and so of every kernel
// built on them. Job and Demand are for callers that choose their own
// split and recycle their own call records (the GEMM), and FreeList
// recycles the objects a call hands to the workers, which would otherwise
// escape to the heap at every call: with them, dispatch allocates nothing.
//
// Everything here is safe for concurrent use, and Run and For may be
// called from inside a part (the nested call runs on whichever workers are
// free, perhaps on its caller alone); only a Job serves one call at a
// time. SetThreads affects the calls that start after it.
package parallel
