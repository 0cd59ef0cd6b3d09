package nn

import (
	"fmt"

	"github.com/corten-ml/corten/tensor"
)

// Patches cuts images into non-overlapping P×P patches, the tokens of a
// vision transformer: [N, C, H, W] becomes [N, (H/P)·(W/P), C·P·P], the
// patches in row-major order over the image and each patch's values
// channel by channel, row-major inside the channel (the order of a
// Conv2d(C, E, P, stride=P) weight, so a linear layer on the patches is
// that convolution). For one channel this is the ViT of
// peers/torch_mnist.py: x.view(-1,4,7,4,7).permute(0,1,3,2,4).reshape(-1,16,49)
// on 28×28 images.
//
// Flat images [N, H·W] (one channel, as MNIST rows) take their size from
// H and W when set, or are square. H and W must be multiples of P. The
// layer moves data only; it has no parameters. Spec: patches(P) for
// [N, C, H, W] or square flat images, patches(P,H,W) for flat H×W images.
type Patches struct {
	P, H, W int // W and H are 0 unless given in the spec

	skipDx    bool
	in        []int // the last input's shape
	c, hh, ww int   // its channels, height and width
	y, dx     buffer
}

// geometry reads the channel count and image size from an input shape.
func (p *Patches) geometry(s []int) (c, h, w int) {
	switch {
	case len(s) == 4:
		c, h, w = s[1], s[2], s[3]
		if p.H != 0 && (h != p.H || w != p.W) {
			h = -1
		}
	case len(s) == 2 && p.H != 0:
		c, h, w = 1, p.H, p.W
		if h*w != s[1] {
			h = -1
		}
	case len(s) == 2:
		c, h = 1, isqrt(s[1])
		w = h
		if h*h != s[1] {
			h = -1
		}
	default:
		h = -1
	}
	if h <= 0 || w <= 0 || h%p.P != 0 || w%p.P != 0 {
		panic(fmt.Sprintf("nn: Patches: input shape %v: want [N C H W] or [N H·W] with H and W multiples of %d (%s)", s, p.P, p.Spec()))
	}
	return c, h, w
}

func isqrt(n int) int {
	r := 0
	for (r+1)*(r+1) <= n {
		r++
	}
	return r
}

// Forward gathers the patches.
func (p *Patches) Forward(x *tensor.Tensor) *tensor.Tensor {
	if !sameShape(x.Shape(), p.in) {
		p.c, p.hh, p.ww = p.geometry(x.Shape())
		p.in = append(p.in[:0], x.Shape()...)
	}
	n := x.Dim(0)
	y := p.y.get(n, (p.hh/p.P)*(p.ww/p.P), p.c*p.P*p.P)
	p.move(y.Data(), x.Data(), n, true)
	return y
}

// Backward scatters dy back to the pixels (nil when skipped).
func (p *Patches) Backward(dy *tensor.Tensor) *tensor.Tensor {
	mustSameShape("Patches", "gradient", dy, p.y.cur)
	if p.skipDx {
		return nil
	}
	dx := p.dx.get(p.in...)
	p.move(dy.Data(), dx.Data(), dy.Dim(0), false)
	return dx
}

// move copies between the patch layout pt and the image layout img, one
// patch row (P values) at a time, gathering when toPatches.
func (p *Patches) move(pt, img []float32, n int, toPatches bool) {
	P, c, h, w := p.P, p.c, p.hh, p.ww
	i := 0 // position in pt, which is walked in order
	for s := 0; s < n; s++ {
		for pr := 0; pr < h/P; pr++ {
			for pc := 0; pc < w/P; pc++ {
				for ch := 0; ch < c; ch++ {
					for r := 0; r < P; r++ {
						off := ((s*c+ch)*h+pr*P+r)*w + pc*P
						if toPatches {
							copy(pt[i:i+P], img[off:off+P])
						} else {
							copy(img[off:off+P], pt[i:i+P])
						}
						i += P
					}
				}
			}
		}
	}
}

// SkipInputGrad makes Backward skip dx, as for the first layer.
func (p *Patches) SkipInputGrad(skip bool) { p.skipDx = skip }

// Params returns nil: Patches has no parameters.
func (p *Patches) Params() []Param { return nil }

// Spec returns "patches(P)" or "patches(P,H,W)".
func (p *Patches) Spec() string {
	if p.H != 0 {
		return fmt.Sprintf("patches(%d,%d,%d)", p.P, p.H, p.W)
	}
	return fmt.Sprintf("patches(%d)", p.P)
}
