package kernels

import (
	"fmt"
	"math"
)

// SoftmaxRows writes the softmax of each cols-wide row of the row-major
// matrix x into dst (which may be x): dst[j] = e^(x[j]-m) / Σ e^(x[k]-m)
// with m the row's maximum, so that no e^x overflows. len(x) must be a
// multiple of cols (cols > 0 unless x is empty).
//
// Each output is within 2 + cols/16 + 2|x[j]-m| ulps of the float64 value
// (the exponentials are within 1 ulp, rounding x[j]-m to float32 changes
// e^(x[j]-m) by up to |x[j]-m|·2^-24 relative, the float32 sum adds its
// rounding); the
// Go and assembly paths give identical bits. A row holding NaN or +Inf,
// or only -Inf, gives NaN.
func SoftmaxRows(dst, x []float32, cols int) {
	checkRows("SoftmaxRows", dst, x, cols)
	if len(x) == 0 {
		return
	}
	mo, o := mathActive(), active.Load()
	for i := 0; i < len(x); i += cols {
		row, out := x[i:i+cols], dst[i:i+cols]
		m := o.max(row)
		s := mo.expSum(out, row, m)
		o.scale(1/s, out)
	}
}

// LogSoftmaxRows writes the log-softmax of each cols-wide row of x into
// dst (which may be x): dst[j] = (x[j]-m) - log Σ e^(x[k]-m). Its error
// is below 2 ulps of |x[j]-m| plus the error of the log-sum, which is
// (2 + cols/16)·2^-24 in absolute terms; the Go and assembly paths give
// identical bits. Shapes as for SoftmaxRows.
func LogSoftmaxRows(dst, x []float32, cols int) {
	checkRows("LogSoftmaxRows", dst, x, cols)
	if len(x) == 0 {
		return
	}
	mo, o := mathActive(), active.Load()
	for i := 0; i < len(x); i += cols {
		// The exponentials are summed, not stored: dst may be x, and x
		// is still needed.
		row, out := x[i:i+cols], dst[i:i+cols]
		m := o.max(row)
		s := mo.sumExp(row, m)
		mo.logShift(out, row, m, float32(math.Log(float64(s))))
	}
}

// logShiftGo writes dst = (x-m) - ls, each difference rounded to
// float32, as the assembly does.
func logShiftGo(dst, x []float32, m, ls float32) {
	x = x[:len(dst)]
	for j, v := range x {
		dst[j] = float32(v-m) - ls
	}
}

// checkRows panics unless dst and x have the same length and hold whole
// rows of cols elements.
func checkRows(op string, dst, x []float32, cols int) {
	sameLen(op, len(dst), x)
	if cols < 0 || (cols == 0 && len(x) != 0) || (cols > 0 && len(x)%cols != 0) {
		panic(fmt.Sprintf("kernels: %s: length %d is not a whole number of rows of %d columns", op, len(x), cols))
	}
}
