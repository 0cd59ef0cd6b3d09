//go:build amd64 && gc && !purego

package amd64

// The batch normalisation passes of package kernels over the n runs of
// inner float32 values, stride elements apart, of one channel, with the
// arithmetic of the Go reference step for step: element j of every run
// goes to lane j%16 of the float64 sums, and the lanes are added by
// kernels' fixed tree. The caller checks that the runs fit in every
// slice. BNStats, BNForward, BNBackSums and BNDx need AVX2 and FMA; the
// variants named 512 give the same bits and need AVX512F.

// BNStats returns the mean of the values and Σ(x - mean)² (fused).
//
//go:noescape
func BNStats(x []float32, n, inner, stride int) (mean, ssd float64)

// BNForward writes xhat = float32((x - mean)·inv) and y = xhat·w + b.
//
//go:noescape
func BNForward(y, xhat, x []float32, n, inner, stride int, mean, inv float64, w, b float32)

// BNBackSums returns Σdy and Σdy·xhat.
//
//go:noescape
func BNBackSums(dy, xhat []float32, n, inner, stride int) (sumDy, sumDyH float64)

// BNDx writes dx = k·((dy - meanDy) - xhat·meanDyH), or dx = k·dy
// without reading xhat when train is false.
//
//go:noescape
func BNDx(dx, dy, xhat []float32, n, inner, stride int, k, meanDy, meanDyH float32, train bool)

// BNStats512 is BNStats for AVX-512.
//
//go:noescape
func BNStats512(x []float32, n, inner, stride int) (mean, ssd float64)

// BNForward512 is BNForward for AVX-512.
//
//go:noescape
func BNForward512(y, xhat, x []float32, n, inner, stride int, mean, inv float64, w, b float32)

// BNBackSums512 is BNBackSums for AVX-512.
//
//go:noescape
func BNBackSums512(dy, xhat []float32, n, inner, stride int) (sumDy, sumDyH float64)

// BNDx512 is BNDx for AVX-512.
//
//go:noescape
func BNDx512(dx, dy, xhat []float32, n, inner, stride int, k, meanDy, meanDyH float32, train bool)
