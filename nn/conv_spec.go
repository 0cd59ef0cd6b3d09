package nn

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
)

// conv2d(...) in the architecture language (see Build).
func init() {
	RegisterLayer("conv2d", buildConv2D)
}

// buildConv2D parses conv2d(in,out,kernel[,stride[,padding]]) with
// PyTorch's argument order; stride, padding (or pad) and init may also be
// given as name=value. Without init=<scheme> the layer gets PyTorch's
// default initialisation (see Conv).
func buildConv2D(args []string, rng *rand.Rand) (Layer, error) {
	v, init, err := parseWindowArgs("conv2d", args, []string{"in", "out", "kernel", "stride", "padding"}, 3)
	if err != nil {
		return nil, err
	}
	if err := checkParams("conv2d", v["out"], v["in"], v["kernel"], v["kernel"]); err != nil {
		return nil, err
	}
	stride, pad := 1, 0
	if s, ok := v["stride"]; ok {
		stride = s
	}
	if p, ok := v["padding"]; ok {
		pad = p
	}
	if init < 0 {
		return Conv(v["in"], v["out"], v["kernel"], stride, pad, rng), nil
	}
	return NewConv2D(v["in"], v["out"], v["kernel"], stride, pad, init, rng), nil
}

// Spec returns "conv2d(in,out,k)" followed by stride=s and padding=p where
// they differ from 1 and 0.
func (l *Conv2D) Spec() string {
	s := fmt.Sprintf("conv2d(%d,%d,%d", l.In, l.Out, l.KH)
	if l.Stride != 1 {
		s += fmt.Sprintf(",stride=%d", l.Stride)
	}
	if l.Pad != 0 {
		s += fmt.Sprintf(",padding=%d", l.Pad)
	}
	return s + ")"
}

// parseWindowArgs reads the integer arguments of a convolution or pooling
// spec: positional ones in the order of names (the first required of them
// mandatory), then name=value pairs for any of names, "pad" standing for
// "padding", and init=<scheme> (returned separately; -1 when absent).
// Every size must be positive, except padding, which may be 0.
func parseWindowArgs(layer string, args []string, names []string, required int) (map[string]int, Init, error) {
	vals := map[string]int{}
	init := Init(-1)
	known := func(name string) bool {
		for _, n := range names {
			if n == name {
				return true
			}
		}
		return false
	}
	keyword := false
	for i, a := range args {
		name, val, isKw := strings.Cut(a, "=")
		if !isKw {
			if keyword {
				return nil, 0, fmt.Errorf("%s: positional argument %q after a name=value argument", layer, a)
			}
			if i >= len(names) {
				return nil, 0, fmt.Errorf("%s takes at most %d arguments (%s), got %d", layer, len(names), strings.Join(names, ","), len(args))
			}
			name, val = names[i], a
		} else {
			keyword = true
			name = strings.ToLower(name)
			if name == "pad" {
				name = "padding"
			}
			if name == "init" && layer == "conv2d" {
				var ok bool
				if init, ok = parseInit(val); !ok {
					return nil, 0, fmt.Errorf("%s: unknown init %q", layer, val)
				}
				continue
			}
			if !known(name) {
				return nil, 0, fmt.Errorf("%s: unknown argument %q", layer, name)
			}
		}
		if _, dup := vals[name]; dup {
			return nil, 0, fmt.Errorf("%s: %s given twice", layer, name)
		}
		var n int
		var err error
		if name == "padding" {
			n, err = strconv.Atoi(val)
			if err != nil || n < 0 || n > 1<<20 {
				err = fmt.Errorf("%q is not a non-negative padding", val)
			}
		} else {
			n, err = PositiveInt(val)
		}
		if err != nil {
			return nil, 0, fmt.Errorf("%s: %s: %w", layer, name, err)
		}
		vals[name] = n
	}
	for _, n := range names[:required] {
		if _, ok := vals[n]; !ok {
			return nil, 0, fmt.Errorf("%s: missing %s (want %s(%s))", layer, n, layer, strings.Join(names, ","))
		}
	}
	return vals, init, nil
}
