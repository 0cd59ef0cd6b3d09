package kernels

import (
	"math"
	"testing"
)

// The fuzz targets of the fused kernels: the width comes from the first
// float's low bits, the rest of the input is split among the operands,
// and both paths must agree bit for bit with their guards intact.

// fuzzSplit returns the width and k operands of n·width values each from
// the fuzzer's floats, n as large as they allow (nil when none fit).
func fuzzSplit(data []byte, maxWidth, k int) (int, [][]float32) {
	x := floats(data)
	if len(x) < 2 {
		return 0, nil
	}
	width := 1 + int(math.Float32bits(x[0])%uint32(maxWidth))
	x = x[1:]
	n := len(x) / (k * width)
	if n == 0 {
		return 0, nil
	}
	ops := make([][]float32, k)
	for i := range ops {
		ops[i] = x[i*n*width : (i+1)*n*width]
	}
	return width, ops
}

func FuzzLayerNorm(f *testing.F) {
	fuzzNeedSIMD(f)
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		cols, ops := fuzzSplit(data, 40, 2)
		if ops == nil {
			return
		}
		x, dy := ops[0], ops[1]
		rows := len(x) / cols
		w, b := dy[:cols], x[:cols]
		in := [][]float32{make([]float32, len(x)), x, w, b, make([]float32, rows), make([]float32, rows)}
		fusedBoth(t, "LayerNormRows", 1, in, func(s [][]float32) {
			LayerNormRows(s[0], s[1], s[2], s[3], cols, 1e-5, s[4], s[5])
		})
		mean, rstd := make([]float32, rows), make([]float32, rows)
		LayerNormRows(make([]float32, len(x)), x, w, b, cols, 1e-5, mean, rstd)
		in = [][]float32{make([]float32, len(x)), make([]float32, cols), make([]float32, cols), dy, x, w, mean, rstd}
		fusedBoth(t, "LayerNormRowsBackward", 2, in, func(s [][]float32) {
			LayerNormRowsBackward(s[0], s[1], s[2], s[3], s[4], s[5], cols, s[6], s[7])
		})
	})
}

func FuzzLSTMGates(f *testing.F) {
	fuzzNeedSIMD(f)
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		hs, ops := fuzzSplit(data, 24, 6)
		if ops == nil {
			return
		}
		nh := len(ops[0])
		g := append(append(append(append([]float32(nil), ops[0]...), ops[1]...), ops[2]...), ops[3]...)
		in := [][]float32{g, ops[4], make([]float32, nh), make([]float32, nh), make([]float32, nh)}
		fusedBoth(t, "LSTMGates", 1, in, func(s [][]float32) {
			LSTMGates(s[0], s[1], s[2], s[3], s[4], hs)
		})
		// The backward pass takes the raw floats as activations too.
		in = [][]float32{make([]float32, 4*nh), ops[4], ops[5], g, ops[0], ops[1]}
		fusedBoth(t, "LSTMGatesBackward", 2, in, func(s [][]float32) {
			LSTMGatesBackward(s[0], s[1], s[2], s[3], s[4], s[5], hs)
		})
	})
}

func FuzzGRUGates(f *testing.F) {
	fuzzNeedSIMD(f)
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		hs, ops := fuzzSplit(data, 24, 8)
		if ops == nil {
			return
		}
		nh := len(ops[0])
		g := append(append(append([]float32(nil), ops[0]...), ops[1]...), ops[2]...)
		gh := append(append(append([]float32(nil), ops[3]...), ops[4]...), ops[5]...)
		in := [][]float32{g, gh, ops[6], make([]float32, nh)}
		fusedBoth(t, "GRUGates", 1, in, func(s [][]float32) {
			GRUGates(s[0], s[1], s[2], s[3], hs)
		})
		in = [][]float32{make([]float32, 3*nh), make([]float32, 3*nh), make([]float32, nh), ops[7], g, gh, ops[6]}
		fusedBoth(t, "GRUGatesBackward", 2, in, func(s [][]float32) {
			GRUGatesBackward(s[0], s[1], s[2], s[3], s[4], s[5], s[6], hs)
		})
	})
}
