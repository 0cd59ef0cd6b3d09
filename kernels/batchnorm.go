package kernels

import (
	"fmt"
	"math"
)

// The batch normalisation kernels work on one channel of an [N, C, ...]
// tensor: its n runs of inner contiguous values, stride apart (run i at
// x[i*stride : i*stride+inner]; for a channel c of C, x starts at
// c*inner and stride is C*inner).
//
// Their sums run in float64 on sixteen lane partial sums: element j of
// every run goes to lane j%16, the runs in order, and the lanes are added
// by a fixed tree (see bnLanes). The assembly and Go passes follow the
// same association, so they give identical bits.

// BatchNormStats returns the mean of the values of the n runs and the sum
// of their squared deviations from it, Σ(x - mean)², each from float64
// sums (the second fused: d·d is added in one rounding). With no values
// the mean is NaN.
func BatchNormStats(x []float32, n, inner, stride int) (mean, ssd float64) {
	bnCheck("BatchNormStats", n, inner, stride, x)
	if bnAsm(inner) {
		return bnStatsSIMD(x, n, inner, stride)
	}
	return bnStatsGo(x, n, inner, stride)
}

// BatchNormForward normalises the n runs of x into xhat and y:
//
//	xhat = float32((x - mean)·inv),  y = xhat·w + b
//
// with the difference and the product in float64 (so that the mean
// needs no rounding to float32) and y in float32, its product rounded
// before the sum.
func BatchNormForward(y, xhat, x []float32, n, inner, stride int, mean, inv float64, w, b float32) {
	bnCheck("BatchNormForward", n, inner, stride, y, xhat, x)
	if bnAsm(inner) {
		bnForwardSIMD(y, xhat, x, n, inner, stride, mean, inv, w, b)
		return
	}
	bnForwardGo(y, xhat, x, n, inner, stride, mean, inv, w, b)
}

// BatchNormBackwardSums returns Σdy and Σdy·xhat over the n runs, in
// float64 (each product is exact there).
func BatchNormBackwardSums(dy, xhat []float32, n, inner, stride int) (sumDy, sumDyH float64) {
	bnCheck("BatchNormBackwardSums", n, inner, stride, dy, xhat)
	if bnAsm(inner) {
		return bnBackSumsSIMD(dy, xhat, n, inner, stride)
	}
	return bnBackSumsGo(dy, xhat, n, inner, stride)
}

// BatchNormBackwardDx writes the input gradient of a training-mode pass
// over the n runs, in float32 with every operation rounded:
//
//	dx = k·((dy - meanDy) - xhat·meanDyH)
func BatchNormBackwardDx(dx, dy, xhat []float32, n, inner, stride int, k, meanDy, meanDyH float32) {
	bnCheck("BatchNormBackwardDx", n, inner, stride, dx, dy, xhat)
	if bnAsm(inner) {
		bnDxSIMD(dx, dy, xhat, n, inner, stride, k, meanDy, meanDyH, true)
		return
	}
	bnDxGo(dx, dy, xhat, n, inner, stride, k, meanDy, meanDyH)
}

// BatchNormScale writes dx = k·dy over the n runs: the input gradient in
// evaluation mode.
func BatchNormScale(dx, dy []float32, n, inner, stride int, k float32) {
	bnCheck("BatchNormScale", n, inner, stride, dx, dy)
	if bnAsm(inner) {
		bnDxSIMD(dx, dy, dy, n, inner, stride, k, 0, 0, false)
		return
	}
	bnScaleGo(dx, dy, n, inner, stride, k)
}

// bnMinInner is the shortest run given to the assembly: a shorter run
// would fill not even one vector step and go through the masked tail
// alone (BatchNorm1d on [N, C] has runs of one). Both paths give the same
// bits, so the choice is only one of speed.
const bnMinInner = 8

// bnAsm reports whether a pass over runs of inner values runs the assembly.
func bnAsm(inner int) bool { return bnHasAsm && inner >= bnMinInner && fusedSIMD() }

// bnCheck panics unless n runs of inner values stride apart fit in every
// slice, so that the assembly addresses only their elements; the span is
// computed without overflow.
func bnCheck(op string, n, inner, stride int, s ...[]float32) {
	if n < 0 || inner < 0 || (n > 1 && stride < inner) {
		panic(fmt.Sprintf("kernels: %s: %d runs of %d values %d apart", op, n, inner, stride))
	}
	need, ok := span(n, inner, stride)
	if !ok {
		panic(fmt.Sprintf("kernels: %s: %d runs of %d values %d apart overflow an int", op, n, inner, stride))
	}
	for _, x := range s {
		if len(x) < need {
			panic(fmt.Sprintf("kernels: %s: slice of %d values, want at least %d (%d runs of %d values %d apart)",
				op, len(x), need, n, inner, stride))
		}
	}
}

// bnLanes adds sixteen lane sums in the order of the assembly: four
// vectors of four lanes as (a0+a1) + (a2+a3), then the lanes as (v0+v2)
// + (v1+v3).
func bnLanes(a *[16]float64) float64 {
	var v [4]float64
	for k := range v {
		v[k] = (a[k] + a[k+4]) + (a[k+8] + a[k+12])
	}
	return (v[0] + v[2]) + (v[1] + v[3])
}

// The Go passes. Runs of no values are skipped, however far apart: the
// span that bnCheck admits does not cover them.

func bnStatsGo(x []float32, n, inner, stride int) (mean, ssd float64) {
	if inner == 0 {
		n = 0
	}
	var acc [16]float64
	for i := range n {
		for j, v := range x[i*stride : i*stride+inner] {
			acc[j&15] += float64(v)
		}
	}
	mean = bnLanes(&acc) / float64(n*inner)
	acc = [16]float64{}
	for i := range n {
		for j, v := range x[i*stride : i*stride+inner] {
			d := float64(v) - mean
			acc[j&15] = math.FMA(d, d, acc[j&15])
		}
	}
	return mean, bnLanes(&acc)
}

func bnForwardGo(y, xhat, x []float32, n, inner, stride int, mean, inv float64, w, b float32) {
	if inner == 0 {
		n = 0
	}
	for i := range n {
		lo, hi := i*stride, i*stride+inner
		h, yy := xhat[lo:hi], y[lo:hi]
		for j, v := range x[lo:hi] {
			h[j] = float32((float64(v) - mean) * inv)
			yy[j] = float32(h[j]*w) + b
		}
	}
}

func bnBackSumsGo(dy, xhat []float32, n, inner, stride int) (sumDy, sumDyH float64) {
	if inner == 0 {
		n = 0
	}
	var s, q [16]float64
	for i := range n {
		lo, hi := i*stride, i*stride+inner
		h := xhat[lo:hi]
		for j, g := range dy[lo:hi] {
			s[j&15] += float64(g)
			q[j&15] += float64(g) * float64(h[j]) // exact: fused or not, the same bits
		}
	}
	return bnLanes(&s), bnLanes(&q)
}

func bnDxGo(dx, dy, xhat []float32, n, inner, stride int, k, meanDy, meanDyH float32) {
	if inner == 0 {
		n = 0
	}
	for i := range n {
		lo, hi := i*stride, i*stride+inner
		d, h := dx[lo:hi], xhat[lo:hi]
		for j, g := range dy[lo:hi] {
			d[j] = k * (float32(g-meanDy) - float32(h[j]*meanDyH))
		}
	}
}

func bnScaleGo(dx, dy []float32, n, inner, stride int, k float32) {
	if inner == 0 {
		n = 0
	}
	for i := range n {
		lo, hi := i*stride, i*stride+inner
		d := dx[lo:hi]
		for j, g := range dy[lo:hi] {
			d[j] = k * g
		}
	}
}
