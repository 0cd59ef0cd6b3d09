package nn

import (
	"fmt"
	"strings"

	"github.com/corten-ml/corten/tensor"
)

// MaxLayerParams bounds the parameter count of any one layer that Build
// makes (2^30 values, 4 GiB): a spec asking for more is a mistake or a
// hostile file, and gets an error naming the layer instead of an
// allocation that exhausts memory.
const MaxLayerParams = 1 << 30

// checkParams returns an error unless a parameter tensor of the given
// shape has a size that neither overflows nor exceeds MaxLayerParams.
func checkParams(layer string, shape ...int) error {
	n, err := tensor.Size(shape...)
	if err != nil {
		return fmt.Errorf("%s: %w", layer, err)
	}
	if n > MaxLayerParams {
		return fmt.Errorf("%s: weight %v has %d values, more than the limit of %d", layer, shape, n, MaxLayerParams)
	}
	return nil
}

// paramCounters give, for the built-in layer kinds, the number of values a
// spec's parameters hold, without building the layer: a loader compares it
// with what the file holds before Build allocates anything.
var paramCounters = map[string]func(args []string) (int64, error){
	"linear": func(args []string) (int64, error) {
		if len(args) < 2 {
			return 0, nil // Build reports it
		}
		in, err1 := PositiveInt(args[0])
		out, err2 := PositiveInt(args[1])
		if err := firstErr(err1, err2); err != nil {
			return 0, err
		}
		if err := checkParams("linear", out, in); err != nil {
			return 0, err
		}
		return int64(in)*int64(out) + int64(out), nil
	},
	"conv2d": func(args []string) (int64, error) {
		v, _, err := parseWindowArgs("conv2d", args, []string{"in", "out", "kernel", "stride", "padding"}, 3)
		if err != nil {
			return 0, err
		}
		if err := checkParams("conv2d", v["out"], v["in"], v["kernel"], v["kernel"]); err != nil {
			return 0, err
		}
		return int64(v["out"])*int64(v["in"])*int64(v["kernel"])*int64(v["kernel"]) + int64(v["out"]), nil
	},
}

// checkArchSize refuses a spec whose layers need more parameter values
// than the file holds, before Build allocates them: a corrupt or hostile
// "arch" such as linear(1000000,1000000) or conv2d(1000,1000,20) in a small
// file must give an error, not exhaust memory.
func checkArchSize(arch string, tensors []NamedTensor) error {
	var have int64
	for _, t := range tensors {
		have += int64(t.Tensor.Len())
	}
	items, err := splitTop(strings.Join(strings.Fields(arch), ""))
	if err != nil {
		return fmt.Errorf("arch %q: %w", arch, err)
	}
	var need int64
	for _, it := range items {
		_, it, err := splitLabel(it)
		if err != nil {
			continue // Build reports it
		}
		name, args, err := parseItem(it)
		if err != nil {
			continue
		}
		count, ok := paramCounters[name]
		if !ok {
			continue
		}
		n, err := count(args)
		if err != nil {
			return fmt.Errorf("arch %q: %s: %w", arch, it, err)
		}
		if need += n; need > have {
			return fmt.Errorf("arch %q: %s needs more weights than the file's %d values", arch, it, have)
		}
	}
	return nil
}
