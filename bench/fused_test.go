package bench

import (
	"fmt"
	"testing"

	"github.com/corten-ml/corten/kernels"
)

// The fused LayerNorm and recurrent gate kernels, each on its Go
// reference ("generic") and its assembly ("simd": AVX2 or AVX-512 on
// amd64, NEON on arm64). bytes/s counts each operand read or written once.

// benchPaths runs f on both paths as sub-benchmarks named by shape.
func benchPaths(b *testing.B, shape string, bytes int, f func()) {
	for _, simd := range []bool{false, true} {
		name := "generic"
		if simd {
			name = "simd"
		}
		b.Run(shape+"/impl="+name, func(b *testing.B) {
			if simd && !kernels.HasSIMD() {
				b.Skip("no SIMD kernels on this CPU or build")
			}
			was := kernels.SetSIMD(simd)
			defer kernels.SetSIMD(was)
			b.SetBytes(int64(bytes))
			b.ReportAllocs()
			for b.Loop() {
				f()
			}
		})
	}
}

// layerNormShapes are the encoder's rows (64 sequences of 16 tokens of
// width 64), a wider model's, and a tail-heavy width.
var layerNormShapes = [][2]int{{1024, 64}, {256, 768}, {512, 100}}

func BenchmarkLayerNormRows(b *testing.B) {
	for _, s := range layerNormShapes {
		rows, cols := s[0], s[1]
		x, y := filled(rows*cols, 1), make([]float32, rows*cols)
		w, bias := filled(cols, 2), filled(cols, 3)
		mean, rstd := make([]float32, rows), make([]float32, rows)
		benchPaths(b, fmt.Sprintf("%dx%d", rows, cols), 8*rows*cols, func() {
			kernels.LayerNormRows(y, x, w, bias, cols, 1e-5, mean, rstd)
		})
	}
}

func BenchmarkLayerNormRowsBackward(b *testing.B) {
	for _, s := range layerNormShapes {
		rows, cols := s[0], s[1]
		x, dy, dx := filled(rows*cols, 1), filled(rows*cols, 4), make([]float32, rows*cols)
		w, bias := filled(cols, 2), filled(cols, 3)
		dw, db := make([]float32, cols), make([]float32, cols)
		mean, rstd := make([]float32, rows), make([]float32, rows)
		kernels.LayerNormRows(dx, x, w, bias, cols, 1e-5, mean, rstd)
		benchPaths(b, fmt.Sprintf("%dx%d", rows, cols), 12*rows*cols, func() {
			kernels.LayerNormRowsBackward(dx, dw, db, dy, x, w, cols, mean, rstd)
		})
	}
}

// gateShapes are the LSTM step (batch 64, hidden 128) and a
// hidden size with a tail.
var gateShapes = [][2]int{{64, 128}, {64, 100}}

func BenchmarkLSTMGates(b *testing.B) {
	for _, s := range gateShapes {
		n, hs := s[0], s[1]
		pre, g := filled(4*n*hs, 1), make([]float32, 4*n*hs)
		cp, c, tc, h := filled(n*hs, 2), make([]float32, n*hs), make([]float32, n*hs), make([]float32, n*hs)
		benchPaths(b, fmt.Sprintf("%dx%d", n, hs), 4*9*n*hs, func() {
			copy(g, pre) // the kernel works in place
			kernels.LSTMGates(g, cp, c, tc, h, hs)
		})
	}
}

func BenchmarkLSTMGatesBackward(b *testing.B) {
	for _, s := range gateShapes {
		n, hs := s[0], s[1]
		g, da := filled(4*n*hs, 1), make([]float32, 4*n*hs)
		for i := range g {
			g[i] = 0.5 + 0.4*g[i]
		}
		dc, dh, cp, tc := filled(n*hs, 2), filled(n*hs, 3), filled(n*hs, 4), filled(n*hs, 5)
		benchPaths(b, fmt.Sprintf("%dx%d", n, hs), 4*13*n*hs, func() {
			kernels.LSTMGatesBackward(da, dc, dh, g, cp, tc, hs)
		})
	}
}

func BenchmarkGRUGates(b *testing.B) {
	for _, s := range gateShapes {
		n, hs := s[0], s[1]
		pre, g, gh := filled(3*n*hs, 1), make([]float32, 3*n*hs), filled(3*n*hs, 2)
		hp, h := filled(n*hs, 3), make([]float32, n*hs)
		benchPaths(b, fmt.Sprintf("%dx%d", n, hs), 4*11*n*hs, func() {
			copy(g, pre)
			kernels.GRUGates(g, gh, hp, h, hs)
		})
	}
}

func BenchmarkGRUGatesBackward(b *testing.B) {
	for _, s := range gateShapes {
		n, hs := s[0], s[1]
		g, gh := filled(3*n*hs, 1), filled(3*n*hs, 2)
		for i := range g {
			g[i] = 0.5 + 0.4*g[i]
		}
		dg, dgh := make([]float32, 3*n*hs), make([]float32, 3*n*hs)
		dp, dh, hp := make([]float32, n*hs), filled(n*hs, 3), filled(n*hs, 4)
		benchPaths(b, fmt.Sprintf("%dx%d", n, hs), 4*17*n*hs, func() {
			kernels.GRUGatesBackward(dg, dgh, dp, dh, g, gh, hp, hs)
		})
	}
}
