package kernels

import "fmt"

// SoftmaxTile replaces each row of the rows x cols tile x (rows ld
// elements apart) by its softmax, e^(x[j]-m)/Σ e^(x[k]-m) with m the
// row's maximum: the attention probabilities of a head. With causal, row i
// is the softmax of its first min(i+1, cols) entries and the rest of the
// row is set to 0 (the causal mask). A row holding NaN or +Inf, or only
// -Inf, gives NaN.
//
// Where the CPU has AVX-512 and cols <= 16, a row is one vector: its
// maximum and sum are reduced across the lanes (softmaxTile16Go gives the
// same bits); elsewhere the rows run as SoftmaxRows's. The result does
// not depend on where or how often it is called.
func SoftmaxTile(x []float32, rows, cols, ld int, causal bool) {
	checkTile("SoftmaxTile", "x", len(x), rows, cols, ld)
	if rows == 0 || cols == 0 {
		return
	}
	if cols <= 16 && active.Load() == simdOps && softmaxTileAsm(x, rows, cols, ld, causal) {
		return
	}
	mo, o := mathActive(), active.Load()
	for i := 0; i < rows; i++ {
		row := x[i*ld : i*ld+cols]
		n := tileEntries(i, cols, causal)
		m := o.max(row[:n])
		s := mo.expSum(row[:n], row[:n], m)
		o.scale(1/s, row[:n])
		clear(row[n:])
	}
}

// SoftmaxTileBackward replaces dp, the gradient of the softmax rows p of
// SoftmaxTile (same shape, stride and causal rule), by the gradient of
// their scores, p ⊙ (dp - Σ dp·p); entries outside a causal row become 0.
func SoftmaxTileBackward(dp, p []float32, rows, cols, ld int, causal bool) {
	checkTile("SoftmaxTileBackward", "dp", len(dp), rows, cols, ld)
	checkTile("SoftmaxTileBackward", "p", len(p), rows, cols, ld)
	if rows == 0 || cols == 0 {
		return
	}
	if cols <= 16 && active.Load() == simdOps && softmaxTileBackwardAsm(dp, p, rows, cols, ld, causal) {
		return
	}
	o := active.Load()
	for i := 0; i < rows; i++ {
		g, pr := dp[i*ld:i*ld+cols], p[i*ld:i*ld+cols]
		n := tileEntries(i, cols, causal)
		dot := o.dot(g[:n], pr[:n])
		for j, v := range pr[:n] {
			g[j] = v * (g[j] - dot)
		}
		clear(g[n:])
	}
}

// tileEntries is the number of entries the softmax of row i covers.
func tileEntries(i, cols int, causal bool) int {
	if causal {
		return min(i+1, cols)
	}
	return cols
}

// checkTile panics unless a slice of length n holds a rows x cols tile
// with row stride ld.
func checkTile(op, name string, n, rows, cols, ld int) {
	if rows < 0 || cols < 0 || ld < max(cols, 1) {
		panic(fmt.Sprintf("kernels: %s: bad tile %dx%d with stride %d", op, rows, cols, ld))
	}
	if want, ok := span(rows, cols, ld); !ok || n < want {
		panic(fmt.Sprintf("kernels: %s: %s has %d elements, want %d for %dx%d with stride %d", op, name, n, want, rows, cols, ld))
	}
}

// softmaxTile16Go is the reference of the AVX-512 SoftmaxTile on rows of
// at most 16 entries: the maximum, e = exp32(x-m), the sum by a butterfly
// over lanes 8, 4, 2 and 1 apart (absent lanes adding 0), then e·(1/sum).
func softmaxTile16Go(x []float32, rows, cols, ld int, causal bool) {
	for i := 0; i < rows; i++ {
		row := x[i*ld : i*ld+cols]
		n := tileEntries(i, cols, causal)
		m := row[0]
		for _, v := range row[1:n] {
			m = max(m, v)
		}
		var e [16]float32
		for j, v := range row[:n] {
			e[j] = exp32(float32(v - m))
		}
		r := 1 / lanesSum16(e)
		for j := range row {
			row[j] = 0
			if j < n {
				row[j] = e[j] * r
			}
		}
	}
}

// softmaxTileBackward16Go is the reference of the AVX-512
// SoftmaxTileBackward: the dot product Σ dp·p of the products summed by
// lanesSum16.
func softmaxTileBackward16Go(dp, p []float32, rows, cols, ld int, causal bool) {
	for i := 0; i < rows; i++ {
		g, pr := dp[i*ld:i*ld+cols], p[i*ld:i*ld+cols]
		n := tileEntries(i, cols, causal)
		var e [16]float32
		for j := range n {
			e[j] = g[j] * pr[j]
		}
		dot := lanesSum16(e)
		for j := range g {
			if j < n {
				g[j] = pr[j] * (g[j] - dot)
			} else {
				g[j] = 0
			}
		}
	}
}

// lanesSum16 adds 16 lanes as the assembly's butterfly does: lanes 8,
// then 4, 2 and 1 apart.
func lanesSum16(e [16]float32) float32 {
	for d := 8; d >= 1; d /= 2 {
		var s [16]float32
		for j := range s {
			s[j] = e[j] + e[j^d]
		}
		e = s
	}
	return e[0]
}
