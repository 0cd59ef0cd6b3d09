package kernels

// mathOps is the set of transcendental kernels (exp, sigmoid, tanh, GELU
// and their gradients, and the passes of the softmaxes). It is kept apart from ops so that the SIMD table
// of the simpler kernels need not change when one is added here; it
// follows the same switch: the SIMD set runs exactly when ops does.
type mathOps struct {
	exp          func(dst, x []float32)
	expSum       func(dst, x []float32, m float32) float32
	sumExp       func(x []float32, m float32) float32
	sigmoid      func(dst, x []float32)
	tanh         func(dst, x []float32)
	sigmoidBack  func(dx, dy, y []float32)
	tanhBack     func(dx, dy, y []float32)
	gelu         func(dst, x []float32)
	geluBack     func(dx, dy, x []float32)
	geluGrad     func(dst, grad, x []float32)
	geluTanh     func(dst, x []float32)
	geluTanhBack func(dx, dy, x []float32)
	geluTanhGrad func(dst, grad, x []float32)
	// logShift is LogSoftmaxRows' last pass, dst = (x-m) - ls.
	logShift func(dst, x []float32, m, ls float32)
}

// goMath is the pure-Go reference. Each function computes, lane by lane,
// exactly what the assembly computes (the same operations in the same
// order, fma32 where the assembly fuses), so the paths agree bit for bit.
var goMath = mathOps{
	exp:          expGo,
	expSum:       expSumGo,
	sumExp:       sumExpGo,
	sigmoid:      sigmoidGo,
	tanh:         tanhGo,
	sigmoidBack:  sigmoidBackGo,
	tanhBack:     tanhBackGo,
	gelu:         geluGo,
	geluBack:     geluBackGo,
	geluGrad:     geluGradGo,
	geluTanh:     geluTanhGo,
	geluTanhBack: geluTanhBackGo,
	geluTanhGrad: geluTanhGradGo,
	logShift:     logShiftGo,
}

// simdMath is set by the architecture's file when the CPU runs the
// assembly; every entry is then non-nil.
var simdMath *mathOps

// simdMathAll lists every SIMD set the CPU runs, simdMath first (on amd64
// with AVX-512: the AVX-512 set, then the AVX2 one), so that the tests
// check each against the Go set.
var simdMathAll []*mathOps

// mathActive returns the SIMD set when the assembly kernels are enabled
// (see SetSIMD), the Go set otherwise.
func mathActive() *mathOps {
	if simdMath != nil && active.Load() != &goOps {
		return simdMath
	}
	return &goMath
}
