//go:build amd64 && gc && !purego

package amd64

// The row kernels of package kernels' LayerNormRows and
// LayerNormRowsBackward: whole rows of len(w) elements, the lane sums,
// the statistics and the last partial group included, with the
// arithmetic of the Go reference step for step. The caller checks the
// shapes: len(x) = len(mean)·len(w) and so on.

// LNRows normalises the rows of x into dst and records their mean and
// rstd, from the first row until one whose float32 sums are not finite;
// it returns the number of rows done, so that the caller can take that
// row's statistics from float64 sums and call again for the rest.
//
//go:noescape
func LNRows(dst, x, w, b, mean, rstd []float32, eps float32) int

// LNBackRows is the backward pass of LNRows over all the rows: it adds
// dy into db and dy·x̂ into dw and writes dx. dx may be dy.
//
//go:noescape
func LNBackRows(dx, dw, db, dy, x, w, mean, rstd []float32)

// LNRows512 and LNBackRows512 are LNRows and LNBackRows with sixteen
// lanes a step in zmm registers, the same bits. They need AVX512F;
// nothing is checked.

// LNRows512 is LNRows for AVX-512.
//
//go:noescape
func LNRows512(dst, x, w, b, mean, rstd []float32, eps float32) int

// LNBackRows512 is LNBackRows for AVX-512.
//
//go:noescape
func LNBackRows512(dx, dw, db, dy, x, w, mean, rstd []float32)
