//go:build arm64 && gc && !purego

package arm64

// The gate kernels of package kernels' LSTMGates, GRUGates and their
// backward passes. Each handles the first w columns (a multiple of 4) of
// each of rows rows with hidden size hs (the row stride of the states,
// and of each gate block); the caller finishes the rows. The
// nonlinearities are those of Sigmoid and Tanh in exp_arm64.s, step for
// step, so the results are bit-identical to package kernels' Go code.

// LSTMGates activates the gates in place and writes c, tc and h.
//
//go:noescape
func LSTMGates(g, cPrev, c, tc, h []float32, rows, hs, w int)

// LSTMGatesBack writes da and replaces dc by dL/dcPrev.
//
//go:noescape
func LSTMGatesBack(da, dc, dh, g, cPrev, tc []float32, rows, hs, w int)

// GRUGates activates the gates in place and writes h.
//
//go:noescape
func GRUGates(g, gh, hPrev, h []float32, rows, hs, w int)

// GRUGatesBack writes dg, dgh and dhPrev.
//
//go:noescape
func GRUGatesBack(dg, dgh, dhPrev, dh, g, gh, hPrev []float32, rows, hs, w int)
