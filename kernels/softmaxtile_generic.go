//go:build !amd64 || purego || !gc

package kernels

// softmaxTileAsm reports that there is no SoftmaxTile kernel here.
func softmaxTileAsm(x []float32, rows, cols, ld int, causal bool) bool { return false }

// softmaxTileBackwardAsm reports that there is no SoftmaxTileBackward
// kernel here.
func softmaxTileBackwardAsm(dp, p []float32, rows, cols, ld int, causal bool) bool { return false }
