package mnist

import "math/rand/v2"

// Shift copies the rows x cols image src to dst translated by (dx, dy)
// pixels (positive: right and down), filling uncovered pixels with bg.
// dst and src must not overlap.
func Shift(dst, src []float32, rows, cols, dx, dy int, bg float32) {
	for y := 0; y < rows; y++ {
		d := dst[y*cols : (y+1)*cols]
		sy := y - dy
		if sy < 0 || sy >= rows {
			for x := range d {
				d[x] = bg
			}
			continue
		}
		s := src[sy*cols : (sy+1)*cols]
		for x := range d {
			sx := x - dx
			if sx < 0 || sx >= cols {
				d[x] = bg
			} else {
				d[x] = s[sx]
			}
		}
	}
}

// Augment writes to dst a copy of the Rows x Cols image src shifted by a
// random offset of up to maxShift pixels in each direction, the usual
// light-weight MNIST augmentation. bg is the input value of a blank pixel
// (Preprocess.Value(0)). It allocates nothing, so it fits a training loop.
func Augment(dst, src []float32, maxShift int, bg float32, rng *rand.Rand) {
	dx := rng.IntN(2*maxShift+1) - maxShift
	dy := rng.IntN(2*maxShift+1) - maxShift
	Shift(dst, src, Rows, Cols, dx, dy, bg)
}
