package nn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
)

// The sequence, normalisation and transformer layers in the architecture
// language (see Build):
//
//	layernorm(dim)           LayerNorm over the last axis
//	gelu, gelu(tanh)         GELU, exact or tanh approximation
//	leakyrelu[(slope)]       LeakyReLU, slope 0.01 by default
//	elu[(alpha)]             ELU, alpha 1 by default
//	silu                     SiLU
//	mha(E,heads[,causal])    MultiheadAttention
//	encoder(d,heads,ff[,causal])  TransformerEncoderLayer (pre-norm, GELU)
//	residual(f[,g...])       Residual around one layer or a Sequential
//	posembed(T,E)            PositionalEmbedding, learned [1, T, E]
//	patches(P[,H,W])         Patches of P×P pixels
//	meansteps, laststep      MeanSteps, LastStep: [N, T, F] -> [N, F]
func init() {
	RegisterLayer("posembed", func(args []string, rng *rand.Rand) (Layer, error) {
		t, e, err := parsePosEmbed(args)
		if err != nil {
			return nil, err
		}
		return NewPositionalEmbedding(t, e, rng), nil
	})
	paramCounters["posembed"] = func(args []string) (int64, error) {
		t, e, err := parsePosEmbed(args)
		return int64(t) * int64(e), err
	}
	RegisterLayer("patches", buildPatches)
	RegisterLayer("meansteps", noArgs(func() Layer { return &MeanSteps{} }))
	RegisterLayer("laststep", noArgs(func() Layer { return &LastStep{} }))
	RegisterLayer("encoder", buildEncoder)
	paramCounters["encoder"] = func(args []string) (int64, error) {
		d, _, ff, _, err := parseEncoder(args)
		if err != nil {
			return 0, err
		}
		d64, f64 := int64(d), int64(ff)
		return 4*d64*d64 + 4*d64 + 2*d64*f64 + f64 + d64 + 4*d64, nil
	}
	RegisterLayer("residual", buildResidual)
	paramCounters["residual"] = countResidual
	RegisterLayer("mha", buildMHA)
	paramCounters["mha"] = func(args []string) (int64, error) {
		e, _, _, err := parseMHA(args)
		if err != nil {
			return 0, err
		}
		return 4*int64(e)*int64(e) + 4*int64(e), nil
	}
	RegisterLayer("layernorm", buildLayerNorm)
	RegisterLayer("gelu", func(args []string, _ *rand.Rand) (Layer, error) {
		switch {
		case len(args) == 0:
			return &GELU{}, nil
		case len(args) == 1 && args[0] == "tanh":
			return &GELU{Tanh: true}, nil
		}
		return nil, fmt.Errorf("gelu takes no argument or \"tanh\", got %q", args)
	})
	RegisterLayer("leakyrelu", func(args []string, _ *rand.Rand) (Layer, error) {
		s, err := optFloat("leakyrelu", "negative slope", args, DefaultLeakySlope)
		if err != nil {
			return nil, err
		}
		return &LeakyReLU{Slope: s}, nil
	})
	RegisterLayer("elu", func(args []string, _ *rand.Rand) (Layer, error) {
		a, err := optFloat("elu", "alpha", args, 1)
		if err != nil {
			return nil, err
		}
		return &ELU{Alpha: a}, nil
	})
	RegisterLayer("silu", noArgs(func() Layer { return &SiLU{} }))

	paramCounters["layernorm"] = func(args []string) (int64, error) {
		if len(args) != 1 {
			return 0, nil // Build reports it
		}
		d, err := PositiveInt(args[0])
		if err != nil {
			return 0, err
		}
		return 2 * int64(d), nil
	}
}

// optFloat parses the optional single finite float argument of a layer.
func optFloat(layer, what string, args []string, def float32) (float32, error) {
	switch len(args) {
	case 0:
		return def, nil
	case 1:
		v, err := strconv.ParseFloat(args[0], 32)
		if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
			return 0, fmt.Errorf("%s: %s %q is not a finite number", layer, what, args[0])
		}
		return float32(v), nil
	}
	return 0, fmt.Errorf("%s takes at most 1 argument (%s), got %d", layer, what, len(args))
}

func buildLayerNorm(args []string, _ *rand.Rand) (Layer, error) {
	if len(args) != 1 {
		return nil, fmt.Errorf("layernorm takes 1 argument (dim), got %d", len(args))
	}
	d, err := PositiveInt(args[0])
	if err != nil {
		return nil, fmt.Errorf("layernorm: %w", err)
	}
	if err := checkParams("layernorm", d); err != nil {
		return nil, err
	}
	return NewLayerNorm(d), nil
}

// parseMHA reads mha(E,heads[,causal]).
func parseMHA(args []string) (e, heads int, causal bool, err error) {
	if len(args) != 2 && len(args) != 3 {
		return 0, 0, false, fmt.Errorf("mha takes (E,heads[,causal]), got %d arguments", len(args))
	}
	if len(args) == 3 {
		if args[2] != "causal" {
			return 0, 0, false, fmt.Errorf("mha: third argument %q, want causal", args[2])
		}
		causal = true
	}
	return parseWidthHeads("mha", args[0], args[1], causal)
}

// parseWidthHeads reads a model width and a head count that divides it,
// and checks the size of the [3E, E] input projection.
func parseWidthHeads(layer, es, hs string, causal bool) (e, heads int, c bool, err error) {
	e, err1 := PositiveInt(es)
	heads, err2 := PositiveInt(hs)
	if err := firstErr(err1, err2); err != nil {
		return 0, 0, false, fmt.Errorf("%s: %w", layer, err)
	}
	if e%heads != 0 {
		return 0, 0, false, fmt.Errorf("%s: width %d is not divisible by %d heads", layer, e, heads)
	}
	if err := checkParams(layer, 3*e, e); err != nil {
		return 0, 0, false, err
	}
	return e, heads, causal, nil
}

func buildMHA(args []string, rng *rand.Rand) (Layer, error) {
	e, heads, causal, err := parseMHA(args)
	if err != nil {
		return nil, err
	}
	return NewMultiheadAttention(e, heads, causal, rng), nil
}

// parseEncoder reads encoder(d,heads,ff[,causal]).
func parseEncoder(args []string) (d, heads, ff int, causal bool, err error) {
	if len(args) != 3 && len(args) != 4 {
		return 0, 0, 0, false, fmt.Errorf("encoder takes (d_model,heads,ff[,causal]), got %d arguments", len(args))
	}
	if len(args) == 4 {
		if args[3] != "causal" {
			return 0, 0, 0, false, fmt.Errorf("encoder: fourth argument %q, want causal", args[3])
		}
		causal = true
	}
	if d, heads, _, err = parseWidthHeads("encoder", args[0], args[1], causal); err != nil {
		return 0, 0, 0, false, err
	}
	if ff, err = PositiveInt(args[2]); err != nil {
		return 0, 0, 0, false, fmt.Errorf("encoder: %w", err)
	}
	if err := checkParams("encoder", ff, d); err != nil {
		return 0, 0, 0, false, err
	}
	return d, heads, ff, causal, nil
}

func buildEncoder(args []string, rng *rand.Rand) (Layer, error) {
	d, heads, ff, causal, err := parseEncoder(args)
	if err != nil {
		return nil, err
	}
	return NewTransformerEncoderLayer(d, heads, ff, causal, rng), nil
}

// buildResidual builds residual(f) around the layer f, and
// residual(f,g,...) around a Sequential of the layers.
func buildResidual(args []string, rng *rand.Rand) (Layer, error) {
	if len(args) == 0 {
		return nil, fmt.Errorf("residual needs a body, as residual(layer,...)")
	}
	body, err := Build(strings.Join(args, ","), rng)
	if err != nil {
		return nil, err
	}
	if len(body.Layers) == 1 {
		return NewResidual(body.Layers[0]), nil
	}
	return NewResidual(body), nil
}

// countResidual counts the parameters of a residual's body, layer by
// layer, as checkArchSize does for a whole model.
func countResidual(args []string) (int64, error) {
	var n int64
	for _, it := range args {
		name, inner, err := parseItem(it)
		if err != nil {
			continue // Build reports it
		}
		count, ok := paramCounters[name]
		if !ok {
			continue
		}
		c, err := count(inner)
		if err != nil {
			return 0, err
		}
		if n += c; n > 1<<62 {
			return 0, fmt.Errorf("residual: too many parameters")
		}
	}
	return n, nil
}

func parsePosEmbed(args []string) (t, e int, err error) {
	if len(args) != 2 {
		return 0, 0, fmt.Errorf("posembed takes (steps,width), got %d arguments", len(args))
	}
	t, err1 := PositiveInt(args[0])
	e, err2 := PositiveInt(args[1])
	if err := firstErr(err1, err2); err != nil {
		return 0, 0, fmt.Errorf("posembed: %w", err)
	}
	if err := checkParams("posembed", 1, t, e); err != nil {
		return 0, 0, err
	}
	return t, e, nil
}

// buildPatches parses patches(P) and patches(P,H,W).
func buildPatches(args []string, _ *rand.Rand) (Layer, error) {
	if len(args) != 1 && len(args) != 3 {
		return nil, fmt.Errorf("patches takes (P) or (P,H,W), got %d arguments", len(args))
	}
	var v [3]int
	for i, a := range args {
		n, err := PositiveInt(a)
		if err != nil {
			return nil, fmt.Errorf("patches: %w", err)
		}
		v[i] = n
	}
	if len(args) == 3 && (v[1]%v[0] != 0 || v[2]%v[0] != 0) {
		return nil, fmt.Errorf("patches: image %dx%d is not a whole number of %dx%d patches", v[1], v[2], v[0], v[0])
	}
	return &Patches{P: v[0], H: v[1], W: v[2]}, nil
}
