//go:build amd64 && gc && !purego

package amd64

// The gate kernels of package kernels' LSTMGates, GRUGates and their
// backward passes. Each handles the first w columns (a multiple of 8) of
// each of rows rows with hidden size hs (the row stride of the states,
// and of each gate block); the caller finishes the rows. The
// nonlinearities are those of Sigmoid and Tanh in exp_amd64.s, step for
// step, so the results are bit-identical to package kernels' Go code.

//go:noescape
func LSTMGates(g, cPrev, c, tc, h []float32, rows, hs, w int)

//go:noescape
func LSTMGatesBack(da, dc, dh, g, cPrev, tc []float32, rows, hs, w int)

//go:noescape
func GRUGates(g, gh, hPrev, h []float32, rows, hs, w int)

//go:noescape
func GRUGatesBack(dg, dgh, dhPrev, dh, g, gh, hPrev []float32, rows, hs, w int)

// The AVX-512 variants run every column of each row, sixteen at a time
// with the last partial group masked, with the operations per lane of
// the AVX2 kernels above (the forward ones interleaved over gates and
// column groups), so the results are the same bits. They need AVX512F;
// nothing is checked.

// LSTMGates512 is LSTMGates over all hs columns of each row.
//
//go:noescape
func LSTMGates512(g, cPrev, c, tc, h []float32, rows, hs int)

// LSTMGatesBack512 is LSTMGatesBack over all hs columns of each row.
//
//go:noescape
func LSTMGatesBack512(da, dc, dh, g, cPrev, tc []float32, rows, hs int)

// GRUGates512 is GRUGates over all hs columns of each row.
//
//go:noescape
func GRUGates512(g, gh, hPrev, h []float32, rows, hs int)

// GRUGatesBack512 is GRUGatesBack over all hs columns of each row.
//
//go:noescape
func GRUGatesBack512(dg, dgh, dhPrev, dh, g, gh, hPrev []float32, rows, hs int)
