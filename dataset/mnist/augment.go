package mnist

import (
	"math"
	"math/rand/v2"
)

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

// Transform writes to dst the rows x cols image src rotated by angle
// radians (positive: clockwise on screen, rows running down) about the
// image centre and then translated by (dx, dy) pixels, sampling src
// bilinearly; pixels that map outside src blend with bg. Rotation and
// shift are one resampling pass, so the image is interpolated only once.
// With a zero angle and whole-pixel shifts it is Shift exactly. dst and
// src must not overlap; it allocates nothing.
func Transform(dst, src []float32, rows, cols int, angle, dx, dy float64, bg float32) {
	if len(dst) < rows*cols || len(src) < rows*cols {
		panic("mnist: Transform: image shorter than rows x cols")
	}
	cos, sin := math.Cos(angle), math.Sin(angle)
	cx, cy := float64(cols-1)/2, float64(rows-1)/2
	// Source of destination pixel (x, y): the inverse rotation of
	// (x - cx - dx, y - cy - dy) about the centre. Along a row it moves by
	// (cos, -sin) per pixel.
	for y := 0; y < rows; y++ {
		u, v := -cx-dx, float64(y)-cy-dy
		sx, sy := cos*u+sin*v+cx, -sin*u+cos*v+cy
		d := dst[y*cols : (y+1)*cols]
		for x := range d {
			d[x] = bilinear(src, rows, cols, sx+float64(x)*cos, sy-float64(x)*sin, bg)
		}
	}
}

// bilinear samples the image at (sx, sy), reading bg outside it.
func bilinear(src []float32, rows, cols int, sx, sy float64, bg float32) float32 {
	if sx <= -1 || sy <= -1 || sx >= float64(cols) || sy >= float64(rows) {
		return bg
	}
	// Floor by truncation of a positive number (sx, sy > -1), which is
	// one instruction where math.Floor may be a call.
	x0, y0 := int(sx+1)-1, int(sy+1)-1
	fx, fy := float32(sx-float64(x0)), float32(sy-float64(y0))
	var v00, v01, v10, v11 float32
	if x0 >= 0 && y0 >= 0 && x0+1 < cols && y0+1 < rows { // inside: no checks
		i := y0*cols + x0
		v00, v01, v10, v11 = src[i], src[i+1], src[i+cols], src[i+cols+1]
	} else {
		at := func(x, y int) float32 {
			if x < 0 || y < 0 || x >= cols || y >= rows {
				return bg
			}
			return src[y*cols+x]
		}
		v00, v01, v10, v11 = at(x0, y0), at(x0+1, y0), at(x0, y0+1), at(x0+1, y0+1)
	}
	top := v00 + fx*(v01-v00)
	bot := v10 + fx*(v11-v10)
	return top + fy*(bot-top)
}

// AugmentRotate writes to dst a copy of the Rows x Cols image src rotated
// by a random angle of up to maxDegrees either way and shifted by a
// random whole number of pixels, up to maxShift in each direction, in one
// bilinear resampling (Transform). Small rotations with the shifts are
// the augmentation that lifts a LeNet on MNIST past 99.3%. bg is the
// input value of a blank pixel. It allocates nothing.
func AugmentRotate(dst, src []float32, maxShift int, maxDegrees float64, bg float32, rng *rand.Rand) {
	angle, dx, dy := DrawRotate(maxShift, maxDegrees, rng)
	Transform(dst, src, Rows, Cols, angle, dx, dy, bg)
}

// DrawRotate draws AugmentRotate's random transform: an angle in radians
// of up to maxDegrees either way and whole-pixel shifts of up to maxShift,
// for Transform. Drawing a batch's transforms in order and applying them
// in parallel gives the same images as AugmentRotate image by image.
func DrawRotate(maxShift int, maxDegrees float64, rng *rand.Rand) (angle, dx, dy float64) {
	ix := rng.IntN(2*maxShift+1) - maxShift
	iy := rng.IntN(2*maxShift+1) - maxShift
	angle = (2*rng.Float64() - 1) * maxDegrees * math.Pi / 180
	return angle, float64(ix), float64(iy)
}
