package nn

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
)

// batchnorm1d(C) and batchnorm2d(C) in the architecture language (see
// Build), optionally with eps=<value> and momentum=<value>.
func init() {
	for _, kind := range []string{"batchnorm1d", "batchnorm2d"} {
		spatial := kind == "batchnorm2d"
		RegisterLayer(kind, func(args []string, _ *rand.Rand) (Layer, error) {
			c, eps, mom, err := parseBatchNorm(kind, args)
			if err != nil {
				return nil, err
			}
			b := newBatchNorm(c, spatial)
			b.Eps, b.Momentum = eps, mom
			return b, nil
		})
		// What the file holds: weight, bias, running_mean and running_var
		// of C values each, and num_batches_tracked.
		paramCounters[kind] = func(args []string) (int64, error) {
			c, _, _, err := parseBatchNorm(kind, args)
			return 4*int64(c) + 1, err
		}
	}
}

// parseBatchNorm reads (C[,eps=v][,momentum=v]).
func parseBatchNorm(kind string, args []string) (c int, eps, mom float32, err error) {
	if len(args) == 0 {
		return 0, 0, 0, fmt.Errorf("%s takes (channels[,eps=v][,momentum=v]), got no arguments", kind)
	}
	if c, err = PositiveInt(args[0]); err != nil {
		return 0, 0, 0, fmt.Errorf("%s: %w", kind, err)
	}
	if err = checkParams(kind, 4, c); err != nil {
		return 0, 0, 0, err
	}
	eps, mom = 1e-5, 0.1
	seen := map[string]bool{}
	for _, a := range args[1:] {
		name, val, ok := strings.Cut(a, "=")
		name = strings.ToLower(name)
		if !ok || (name != "eps" && name != "momentum") {
			return 0, 0, 0, fmt.Errorf("%s: unknown argument %q (want eps=v or momentum=v)", kind, a)
		}
		if seen[name] {
			return 0, 0, 0, fmt.Errorf("%s: %s given twice", kind, name)
		}
		seen[name] = true
		v, perr := strconv.ParseFloat(val, 32)
		switch {
		case perr != nil:
			return 0, 0, 0, fmt.Errorf("%s: %s %q is not a number", kind, name, val)
		case name == "eps" && !(v > 0 && v < 1):
			return 0, 0, 0, fmt.Errorf("%s: eps %q not in (0, 1)", kind, val)
		case name == "momentum" && !(v >= 0 && v <= 1):
			return 0, 0, 0, fmt.Errorf("%s: momentum %q not in [0, 1]", kind, val)
		}
		if name == "eps" {
			eps = float32(v)
		} else {
			mom = float32(v)
		}
	}
	return c, eps, mom, nil
}
