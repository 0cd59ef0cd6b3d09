package kernels

import (
	"encoding/binary"
	"math"
	"testing"
)

// The fuzz targets compare the SIMD kernels with the Go reference on
// float32s decoded from the fuzzer's bytes, so every bit pattern (NaN
// payloads, signalling NaNs, denormals, ±0, ±Inf) eventually reaches the
// kernels. The seed corpus below runs under plain `go test`; explore with
// e.g. `go test ./kernels -run XXX -fuzz FuzzAdd -fuzztime 30s`.

// floats decodes b as little-endian float32s, dropping a partial last one.
func floats(b []byte) []float32 {
	x := make([]float32, len(b)/4)
	for i := range x {
		x[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
	}
	return x
}

// fuzzSeeds adds inputs of many lengths (so every tail path is seeded)
// holding ordinary values and the special ones.
func fuzzSeeds(f *testing.F) {
	specials := []uint32{
		0x00000000, 0x80000000, 0x7f800000, 0xff800000, // ±0, ±Inf
		0x7fc00000, 0xffc00001, 0x7f800001, // quiet NaNs, signalling NaN
		0x00000001, 0x807fffff, 0x7f7fffff, // denormals, MaxFloat32
		0x3f800000, 0xbf800000, 0x40490fdb, // 1, -1, pi
	}
	for _, n := range []int{0, 1, 3, 7, 8, 9, 15, 16, 17, 31, 33, 48, 67, 130} {
		b := make([]byte, 4*n)
		for i := 0; i < n; i++ {
			var u uint32
			if i%3 == 0 {
				u = specials[(i/3+n)%len(specials)]
			} else {
				u = math.Float32bits(float32(i%11)*0.37 - 1.5)
			}
			binary.LittleEndian.PutUint32(b[4*i:], u)
		}
		f.Add(b)
	}
}

func fuzzNeedSIMD(f *testing.F) {
	if simdOps == nil {
		f.Skip("no SIMD kernels in this build or CPU")
	}
}

// fuzzBinary splits the input into two equal operands. The kernel is
// picked by pick once simdOps is known to be non-nil.
func fuzzBinary(f *testing.F, pick func(*ops) func(dst, a, b []float32)) {
	fuzzNeedSIMD(f)
	fuzzSeeds(f)
	simd, ref := pick(simdOps), pick(&goOps)
	f.Fuzz(func(t *testing.T, data []byte) {
		x := floats(data)
		n := len(x) / 2
		a, b := x[:n], x[n:2*n]
		want := make([]float32, n)
		ref(want, a, b)
		got, back := guarded(n, 1)
		simd(got, a, b)
		checkGuards(t, "fuzz", back, 1, n)
		checkSame(t, "fuzz", got, want)
	})
}

func FuzzAdd(f *testing.F) { fuzzBinary(f, func(o *ops) func(d, a, b []float32) { return o.add }) }
func FuzzSub(f *testing.F) { fuzzBinary(f, func(o *ops) func(d, a, b []float32) { return o.sub }) }
func FuzzMul(f *testing.F) { fuzzBinary(f, func(o *ops) func(d, a, b []float32) { return o.mul }) }

func FuzzReLUBack(f *testing.F) {
	fuzzBinary(f, func(o *ops) func(d, a, b []float32) { return o.reluBack })
}

func FuzzReLU(f *testing.F) {
	fuzzNeedSIMD(f)
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		x := floats(data)
		want := make([]float32, len(x))
		goOps.relu(want, x)
		got, back := guarded(len(x), 2)
		simdOps.relu(got, x)
		checkGuards(t, "relu", back, 2, len(x))
		checkSame(t, "relu", got, want)
	})
}

// FuzzScale takes alpha from the first four bytes.
func FuzzScale(f *testing.F) {
	fuzzNeedSIMD(f)
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		x := floats(data)
		if len(x) == 0 {
			return
		}
		alpha, x := x[0], x[1:]
		want := append([]float32(nil), x...)
		goOps.scale(alpha, want)
		got, back := copyInto(x, 3)
		simdOps.scale(alpha, got)
		checkGuards(t, "scale", back, 3, len(x))
		checkSame(t, "scale", got, want)
	})
}

// FuzzAddBias takes the row length from the first float's low bits; the
// rest is the bias followed by as many whole rows as fit.
func FuzzAddBias(f *testing.F) {
	fuzzNeedSIMD(f)
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		x := floats(data)
		if len(x) < 2 {
			return
		}
		n := 1 + int(math.Float32bits(x[0])%40)
		x = x[1:]
		if len(x) < n {
			n = len(x)
		}
		bias, mat := x[:n], x[n:]
		mat = mat[:len(mat)/n*n]

		want := append([]float32(nil), mat...)
		goOps.addBias(want, bias)
		got, back := copyInto(mat, 1)
		simdOps.addBias(got, bias)
		checkGuards(t, "addBias", back, 1, len(mat))
		checkSame(t, "addBias", got, want)

		want = append([]float32(nil), bias...)
		goOps.addColSums(want, mat)
		got, back = copyInto(bias, 1)
		simdOps.addColSums(got, mat)
		checkGuards(t, "addColSums", back, 1, n)
		checkSame(t, "addColSums", got, want)
	})
}

// FuzzMaxArgMax checks both reductions, which must agree exactly with the
// reference on every bit pattern.
func FuzzMaxArgMax(f *testing.F) {
	fuzzNeedSIMD(f)
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		x := floats(data)
		if len(x) == 0 {
			return
		}
		if got, want := simdOps.argmax(x), goOps.argmax(x); got != want {
			t.Fatalf("argmax = %d, want %d", got, want)
		}
		checkSame(t, "max", []float32{simdOps.max(x)}, []float32{goOps.max(x)})
	})
}

// fuzzMath compares a transcendental kernel's SIMD paths with the Go one on the fuzzer's
// floats; gradients take the second half of the input as dy.
func fuzzMath(f *testing.F, k func(o *mathOps, dst, x, dy []float32)) {
	if simdMath == nil {
		f.Skip("no SIMD kernels in this build or CPU")
	}
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		x := floats(data)
		n := len(x) / 2
		a, dy := x[:n], x[n:2*n]
		want := make([]float32, n)
		k(&goMath, want, a, dy)
		for _, m := range simdMathAll {
			got, back := guarded(n, 1)
			k(m, got, a, dy)
			checkGuards(t, "fuzz", back, 1, n)
			checkSame(t, "fuzz", got, want)
		}
	})
}

// mathKernelNamed returns the entry of mathKernels called name.
func mathKernelNamed(name string) func(o *mathOps, dst, x, dy []float32) {
	for _, k := range mathKernels {
		if k.name == name {
			return k.f
		}
	}
	panic("no math kernel " + name)
}

func FuzzExp(f *testing.F)          { fuzzMath(f, mathKernelNamed("exp")) }
func FuzzSigmoid(f *testing.F)      { fuzzMath(f, mathKernelNamed("sigmoid")) }
func FuzzTanh(f *testing.F)         { fuzzMath(f, mathKernelNamed("tanh")) }
func FuzzGELU(f *testing.F)         { fuzzMath(f, mathKernelNamed("gelu")) }
func FuzzGELUTanh(f *testing.F)     { fuzzMath(f, mathKernelNamed("geluTanh")) }
func FuzzSigmoidBack(f *testing.F)  { fuzzMath(f, mathKernelNamed("sigmoidBack")) }
func FuzzTanhBack(f *testing.F)     { fuzzMath(f, mathKernelNamed("tanhBack")) }
func FuzzGELUBack(f *testing.F)     { fuzzMath(f, mathKernelNamed("geluBack")) }
func FuzzGELUTanhBack(f *testing.F) { fuzzMath(f, mathKernelNamed("geluTanhBack")) }
func FuzzExpSum(f *testing.F)       { fuzzMath(f, mathKernelNamed("expSum")) }
func FuzzLogShift(f *testing.F)     { fuzzMath(f, mathKernelNamed("logShift")) }

// fuzzGELUGrad compares a kernel's two outputs (activation and
// derivative) on every SIMD path with the Go path's, with guards after
// both.
func fuzzGELUGrad(f *testing.F, k geluGradKernel) {
	if simdMath == nil {
		f.Skip("no SIMD kernels in this build or CPU")
	}
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		x := floats(data)
		n := len(x)
		wantY, wantG := make([]float32, n), make([]float32, n)
		k.grad(&goMath)(wantY, wantG, x)
		for _, m := range simdMathAll {
			y, yb := guarded(n, 1)
			g, gb := guarded(n, 3)
			k.grad(m)(y, g, x)
			checkGuards(t, "fuzz dst", yb, 1, n)
			checkGuards(t, "fuzz grad", gb, 3, n)
			checkSame(t, "fuzz dst", y, wantY)
			checkSame(t, "fuzz grad", g, wantG)
		}
	})
}

func FuzzGELUWithGrad(f *testing.F)     { fuzzGELUGrad(f, geluGradKernels[0]) }
func FuzzGELUTanhWithGrad(f *testing.F) { fuzzGELUGrad(f, geluGradKernels[1]) }
