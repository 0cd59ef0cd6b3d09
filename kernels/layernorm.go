package kernels

import (
	"fmt"
	"math"
)

// LayerNormRows normalises each row of x, a [rows, cols] row-major
// matrix, and applies the affine map of PyTorch's nn.LayerNorm:
//
//	dst = (x - mean)·rstd·w + b,  rstd = 1/sqrt(var + eps)
//
// with the biased variance of the row. mean and rstd, one entry per row,
// receive the statistics that LayerNormRowsBackward reads. dst may be x.
//
// The row sums run in float32 on sixteen lanes (element j goes to lane
// j%16, then a fixed tree), in two passes: the sum of x gives a first
// mean m1, the second pass sums d = x - m1 and d², and the statistics are
// the corrected two-pass ones, mean = m1 + Σd/n and var = (Σd² -
// (Σd)²/n)/n (Chan, Golub and LeVeque), formed in float64. Near the mean,
// d is exact, so a row far from zero (mean 1e4, spread 1e-2) keeps its
// variance. A row whose float32 sums overflow (values beyond about 1e19)
// or hold Inf or NaN gets its statistics from float64 sums instead (two
// passes about the float64 mean); Inf or NaN inputs make the row NaN.
//
// The statistics are stored in float32, as the backward pass reads them,
// so each output carries the rounding of the mean, up to
// ulp(mean)/2·rstd·|w|, as the float64 reference rounded to float32 does.
// Beyond that, against float64 arithmetic, |dst - dst64| <=
// 2^-21·(|w|·(1 + |x̂|) + |b|), x̂ = (x - mean)·rstd; this is tested on
// random rows of every width 1..300 (normal, constant, offset 1e4 with
// spread 1e-2, tiny, huge, with an outlier of 1e38), where the largest
// error seen was about 2^-23. The float32 sums' worst case grows with
// cols/16 ulps, so much wider rows may exceed it. The assembly and Go
// paths give identical bits.
func LayerNormRows(dst, x, w, b []float32, cols int, eps float32, mean, rstd []float32) {
	lnCheck("LayerNormRows", x, w, cols, mean, rstd)
	sameLen("LayerNormRows (bias)", cols, b)
	sameLen("LayerNormRows (dst)", len(x), dst)
	if cols == 0 {
		for i := range mean {
			mean[i], rstd[i] = float32(math.NaN()), float32(math.NaN())
		}
		return
	}
	if fusedSIMD() {
		lnRowsSIMD(dst, x, w, b, cols, eps, mean, rstd)
		return
	}
	lnRowsGo(dst, x, w, b, cols, eps, mean, rstd)
}

// lnRowsGo is the Go reference of LayerNormRows for rows of cols > 0.
func lnRowsGo(dst, x, w, b []float32, cols int, eps float32, mean, rstd []float32) {
	for i := range mean {
		lnRowGo(dst[i*cols:(i+1)*cols], x[i*cols:(i+1)*cols], w, b, eps, &mean[i], &rstd[i])
	}
}

// lnRowGo normalises one row.
func lnRowGo(out, row, w, b []float32, eps float32, mean, rstd *float32) {
	m, r := lnStats(row, eps)
	*mean, *rstd = m, r
	lnNormGo(out, row, w, b, m, r, 0)
}

// LayerNormRowsBackward is the backward pass of LayerNormRows for the
// input x, the weight w and the statistics mean and rstd that the forward
// pass recorded. It adds the parameter gradients into dw (Σ over rows of
// dy·x̂) and db (Σ dy), and writes
//
//	dx = rstd·(g - mean(g) - x̂·mean(g·x̂)),  g = dy·w
//
// row by row. dx may be dy; dw and db must not overlap the others.
//
// The row means of g and g·x̂ are float32 sums on sixteen lanes, as in
// the forward pass. Against float64 arithmetic from the same inputs and
// statistics, |dx - dx64| <= 2^-21·rstd·(|g| + mean|g| + (1 +
// |x̂|)·mean|g·x̂|), tested as the forward bound is (largest error seen
// about 2^-23); db gets dy added exactly as float32 addition does and dw
// gets dy·x̂ in one fused rounding. The assembly and Go paths give
// identical bits.
func LayerNormRowsBackward(dx, dw, db, dy, x, w []float32, cols int, mean, rstd []float32) {
	lnCheck("LayerNormRowsBackward", x, w, cols, mean, rstd)
	sameLen("LayerNormRowsBackward (dx, dy)", len(x), dx, dy)
	sameLen("LayerNormRowsBackward (dw, db)", cols, dw, db)
	if cols == 0 {
		return
	}
	if fusedSIMD() {
		lnBackRowsSIMD(dx, dw, db, dy, x, w, mean, rstd)
		return
	}
	lnBackRowsGo(dx, dw, db, dy, x, w, cols, mean, rstd)
}

// lnBackRowsGo is the Go reference of LayerNormRowsBackward for rows of
// cols > 0.
func lnBackRowsGo(dx, dw, db, dy, x, w []float32, cols int, mean, rstd []float32) {
	n := float64(cols)
	for i := range mean {
		lo, hi := i*cols, (i+1)*cols
		m, r := mean[i], rstd[i]
		var sg, sgx [16]float32
		lnBackSumsGo(&sg, &sgx, db, dw, dy[lo:hi], x[lo:hi], w, m, r, 0)
		gm, gxm := float32(float64(lanes16(&sg))/n), float32(float64(lanes16(&sgx))/n)
		lnBackDxGo(dx[lo:hi], dy[lo:hi], x[lo:hi], w, m, r, gm, gxm, 0)
	}
}

// lnCheck validates the shapes common to both passes and returns the
// number of rows.
func lnCheck(op string, x, w []float32, cols int, mean, rstd []float32) int {
	if cols < 0 || (cols == 0 && len(x) != 0) || (cols > 0 && len(x)%cols != 0) {
		panic(fmt.Sprintf("kernels: %s: %d values do not make rows of %d", op, len(x), cols))
	}
	if len(w) != cols {
		panic(fmt.Sprintf("kernels: %s: weight length mismatch: %d != %d", op, len(w), cols))
	}
	rows := len(mean)
	if cols > 0 {
		rows = len(x) / cols
	}
	if len(mean) != rows || len(rstd) != rows {
		panic(fmt.Sprintf("kernels: %s: %d means and %d rstds for %d rows", op, len(mean), len(rstd), rows))
	}
	return rows
}

// lnStats returns a row's mean and rstd as documented at LayerNormRows.
func lnStats(row []float32, eps float32) (float32, float32) {
	n := float64(len(row))
	var acc, s, q [16]float32
	lnSumGo(&acc, row, 0)
	sum := lanes16(&acc)
	m1 := sum / float32(len(row))
	lnCenteredGo(&s, &q, row, m1, 0)
	sd, sq := lanes16(&s), lanes16(&q)
	var m, v float64
	if finite32(sum) && finite32(sq) {
		m = float64(m1) + float64(sd)/n
		v = max((float64(sq)-float64(sd)*float64(sd)/n)/n, 0)
	} else {
		for _, e := range row {
			m += float64(e)
		}
		m /= n
		for _, e := range row {
			d := float64(e) - m
			v += d * d
		}
		v /= n
	}
	return float32(m), float32(1 / math.Sqrt(v+float64(eps)))
}

func finite32(x float32) bool { return x-x == 0 }

// lanes16 adds sixteen lane sums in the order of the assembly: the two
// vectors, then the eight lanes as (l0+l4)+(l2+l6) + ((l1+l5)+(l3+l7)).
func lanes16(a *[16]float32) float32 {
	var v [8]float32
	for k := range v {
		v[k] = a[k] + a[k+8]
	}
	b0, b1, b2, b3 := float32(v[0]+v[4]), float32(v[1]+v[5]), float32(v[2]+v[6]), float32(v[3]+v[7])
	return float32(float32(b0+b2) + float32(b1+b3))
}

// The Go passes, from element from on; element j goes to lane j%16.

func lnSumGo(acc *[16]float32, x []float32, from int) {
	for j := from; j < len(x); j++ {
		acc[j&15] += x[j]
	}
}

func lnCenteredGo(s, q *[16]float32, x []float32, m float32, from int) {
	for j := from; j < len(x); j++ {
		d := float32(x[j] - m)
		s[j&15] += d
		q[j&15] = fma32(d, d, q[j&15])
	}
}

func lnNormGo(dst, x, w, b []float32, m, r float32, from int) {
	x, w, b = x[:len(dst)], w[:len(dst)], b[:len(dst)]
	for j := from; j < len(dst); j++ {
		xh := float32(float32(x[j]-m) * r)
		dst[j] = fma32(xh, w[j], b[j])
	}
}

func lnBackSumsGo(sg, sgx *[16]float32, db, dw, dy, x, w []float32, m, r float32, from int) {
	x, w, db, dw = x[:len(dy)], w[:len(dy)], db[:len(dy)], dw[:len(dy)]
	for j := from; j < len(dy); j++ {
		xh := float32(float32(x[j]-m) * r)
		g := float32(dy[j] * w[j])
		sg[j&15] += g
		sgx[j&15] = fma32(g, xh, sgx[j&15])
		db[j] += dy[j]
		dw[j] = fma32(dy[j], xh, dw[j])
	}
}

func lnBackDxGo(dx, dy, x, w []float32, m, r, gm, gxm float32, from int) {
	dy, x, w = dy[:len(dx)], x[:len(dx)], w[:len(dx)]
	for j := from; j < len(dx); j++ {
		xh := float32(float32(x[j]-m) * r)
		g := float32(dy[j] * w[j])
		dx[j] = float32(fma32(-xh, gxm, float32(g-gm)) * r)
	}
}
