//go:build amd64 && gc && !purego

package kernels

import "github.com/corten-ml/corten/kernels/amd64"

// softmaxTileAsm runs SoftmaxTile on the AVX-512 kernel (cols <= 16) and
// reports whether it did.
func softmaxTileAsm(x []float32, rows, cols, ld int, causal bool) bool {
	if !smallAsm {
		return false
	}
	amd64.SoftmaxTile16(x, rows, cols, ld, boolInt(causal))
	return true
}

// softmaxTileBackwardAsm is softmaxTileAsm for SoftmaxTileBackward.
func softmaxTileBackwardAsm(dp, p []float32, rows, cols, ld int, causal bool) bool {
	if !smallAsm {
		return false
	}
	amd64.SoftmaxTileBackward16(dp, p, rows, cols, ld, boolInt(causal))
	return true
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
