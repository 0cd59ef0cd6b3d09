package kernels

import (
	"os"
	"sync/atomic"
)

// ops is one complete implementation of the vector kernels. The pure-Go
// set is always available; an architecture file may register a SIMD set.
// Public wrappers validate arguments and then call through the active set,
// so the assembly never has to check lengths.
type ops struct {
	name           string
	axpy           func(alpha float32, x, y []float32)
	dot            func(x, y []float32) float32
	scale          func(alpha float32, x []float32)
	add            func(dst, a, b []float32)
	sub            func(dst, a, b []float32)
	mul            func(dst, a, b []float32)
	addBias        func(x, bias []float32)
	relu           func(dst, x []float32)
	reluBack       func(dx, dy, x []float32)
	addColSums     func(dst, x []float32)
	max            func(x []float32) float32
	argmax         func(x []float32) int
	adam           func(p, g, m, v []float32, lr, beta1, beta2, eps, vscale float32)
	rmsprop        func(p, g, sq []float32, lr, alpha, eps float32)
	convTile       func(ta, tb []int32, a, b, c []float32, ldc int)
	convFast       bool // convTile is an assembly kernel
	convWindow     func(ta, tb []int32, a []float32, lda int, b, c []float32, ldc int, init []float32)
	convWindowFast bool // convWindow is an assembly kernel
	convStrip      func(ta, tb []int32, a, b, c []float32, ldc int, init []float32)
	convStripFast  bool // convStrip is an assembly kernel
	dots6x4        func(a []float32, lda int, b []float32, o0, o1, o2, o3, n int, c []float32)
	dotsFast       bool // dots6x4 is an assembly kernel
	maxPool2x2     func(y []float32, code []uint8, x []float32, h, w int)
	maxPool2x2Back func(dx, dy []float32, code []uint8, h, w int)
	gemmKernel     *microKernel
}

// goOps is the pure-Go reference and fallback.
var goOps = ops{
	name:           "go",
	axpy:           axpyGo,
	dot:            dotGo,
	scale:          scaleGo,
	add:            addGo,
	sub:            subGo,
	mul:            mulGo,
	addBias:        addBiasGo,
	relu:           reluGo,
	reluBack:       reluBackGo,
	addColSums:     addColSumsGo,
	max:            maxGo,
	argmax:         argmaxGo,
	adam:           adamGo,
	rmsprop:        rmspropGo,
	convTile:       convTileGo,
	convWindow:     convWindowGo,
	convStrip:      convStripGo,
	dots6x4:        dots6x4Go,
	maxPool2x2:     maxPool2x2Go,
	maxPool2x2Back: maxPool2x2BackGo,
	gemmKernel:     &goMicroKernel,
}

// simdOps is set by the architecture's init when the CPU supports the
// assembly kernels; nil otherwise. Entries it leaves nil fall back to Go.
var simdOps *ops

// active is the implementation in use. It is an atomic pointer so that
// SetSIMD from a test is race-free against readers.
var active atomic.Pointer[ops]

func init() {
	registerSIMD()
	if simdOps != nil {
		fillMissing(simdOps)
	}
	active.Store(&goOps)
	if simdOps != nil && os.Getenv("CORTEN_NOSIMD") != "1" {
		active.Store(simdOps)
	}
}

// fillMissing lets an architecture provide only the kernels where SIMD
// pays; the rest use the Go versions.
func fillMissing(s *ops) {
	g := goOps
	if s.axpy == nil {
		s.axpy = g.axpy
	}
	if s.dot == nil {
		s.dot = g.dot
	}
	if s.scale == nil {
		s.scale = g.scale
	}
	if s.add == nil {
		s.add = g.add
	}
	if s.sub == nil {
		s.sub = g.sub
	}
	if s.mul == nil {
		s.mul = g.mul
	}
	if s.addBias == nil {
		s.addBias = g.addBias
	}
	if s.relu == nil {
		s.relu = g.relu
	}
	if s.reluBack == nil {
		s.reluBack = g.reluBack
	}
	if s.addColSums == nil {
		s.addColSums = g.addColSums
	}
	if s.max == nil {
		s.max = g.max
	}
	if s.argmax == nil {
		s.argmax = g.argmax
	}
	if s.maxPool2x2 == nil {
		s.maxPool2x2 = g.maxPool2x2
	}
	if s.maxPool2x2Back == nil {
		s.maxPool2x2Back = g.maxPool2x2Back
	}
	if s.adam == nil {
		s.adam = g.adam
	}
	if s.rmsprop == nil {
		s.rmsprop = g.rmsprop
	}
	if s.convTile == nil {
		s.convTile = g.convTile
	}
	if s.convWindow == nil {
		s.convWindow = g.convWindow
	}
	if s.convStrip == nil {
		s.convStrip = g.convStrip
	}
	if s.dots6x4 == nil {
		s.dots6x4 = g.dots6x4
	}
	if s.gemmKernel == nil {
		s.gemmKernel = g.gemmKernel
	}
}

// Path names the kernel implementation in use: "avx2+fma" (with
// "+avx512" when the GEMM runs its AVX-512 micro-kernel) or "neon" when the
// assembly kernels run, "go" otherwise.
func Path() string { return active.Load().name }

// HasSIMD reports whether this build and CPU have assembly kernels,
// whether or not they are currently enabled.
func HasSIMD() bool { return simdOps != nil }

// SetSIMD enables or disables the assembly kernels and returns whether they
// were enabled before. Enabling has no effect when HasSIMD is false. It is
// meant for tests and benchmarks that compare the paths; do not call it
// while other goroutines are running kernels.
func SetSIMD(on bool) (was bool) {
	was = active.Load() != &goOps
	if on && simdOps != nil {
		active.Store(simdOps)
	} else {
		active.Store(&goOps)
	}
	return was
}
