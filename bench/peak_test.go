package bench

import (
	"testing"

	"github.com/corten-ml/corten/internal/peak"
	"github.com/corten-ml/corten/kernels"
	"github.com/corten-ml/corten/parallel"
)

// BenchmarkPeak measures the fp32 FMA throughput of one core for each
// vector width the kernels use (twelve independent FMA chains, package
// internal/peak), in GFLOPS: the limit the peak-frac metric of the other
// benchmarks is a fraction of. Unlike peak.PerCore, which keeps the best
// of short runs, it reports the mean over b.N runs.
func BenchmarkPeak(b *testing.B) {
	widths := peak.Widths()
	if len(widths) == 0 {
		b.Skip("no assembly widths in this build or on this CPU")
	}
	for _, w := range widths {
		b.Run("width="+w, func(b *testing.B) {
			peak.Run(w, 1<<14) // brings the core to its vector clock
			var flops float64
			for b.Loop() {
				flops += peak.Run(w, 1<<14)
			}
			b.ReportMetric(flops/b.Elapsed().Seconds()/1e9, "GFLOPS")
		})
	}
}

// fractionOfPeak returns gflops as a fraction of the FMA peak of the
// active kernels path's vector width on parallel.Threads() cores
// (peak.ForPath), or 0 where there is no peak to compare with: the
// pure-Go path and builds without assembly.
func fractionOfPeak(gflops float64) float64 {
	p, _ := peak.ForPath(kernels.Path(), parallel.Threads())
	if p == 0 {
		return 0
	}
	return gflops / p
}

// reportFLOPS stops the timer and reports the rate of flopsPerOp FLOPs an
// operation in GFLOPS, and its fraction of the peak as peak-frac where
// there is a peak (see fractionOfPeak). The peak is measured on the first
// call, outside the timed region.
func reportFLOPS(b *testing.B, flopsPerOp float64) {
	b.StopTimer()
	gflops := flopsPerOp * float64(b.N) / b.Elapsed().Seconds() / 1e9
	b.ReportMetric(gflops, "GFLOPS")
	if f := fractionOfPeak(gflops); f > 0 {
		b.ReportMetric(f, "peak-frac")
	}
}
