package nn

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"sync"
)

// The architecture language is described in the package documentation
// (doc.go, "Architecture specs").

// LayerBuilder makes a layer from the arguments of its spec (the strings
// between the parentheses, split at top-level commas and trimmed).
// Random initialisation draws from rng.
type LayerBuilder func(args []string, rng *rand.Rand) (Layer, error)

var (
	registryMu sync.RWMutex
	registry   = map[string]LayerBuilder{}
)

// RegisterLayer makes a layer kind available to Build under name
// (lower case, like "conv2d"). Registering a name twice panics.
func RegisterLayer(name string, build LayerBuilder) {
	registryMu.Lock()
	defer registryMu.Unlock()
	if _, dup := registry[name]; dup {
		panic("nn: RegisterLayer: duplicate layer kind " + name)
	}
	registry[name] = build
}

func init() {
	RegisterLayer("linear", buildLinear)
	RegisterLayer("relu", noArgs(func() Layer { return &ReLU{} }))
	RegisterLayer("sigmoid", noArgs(func() Layer { return &Sigmoid{} }))
	RegisterLayer("tanh", noArgs(func() Layer { return &Tanh{} }))
	RegisterLayer("softmax", noArgs(func() Layer { return &Softmax{} }))
	RegisterLayer("flatten", noArgs(func() Layer { return &Flatten{} }))
	RegisterLayer("dropout", func(args []string, rng *rand.Rand) (Layer, error) {
		if len(args) != 1 {
			return nil, fmt.Errorf("dropout takes 1 argument (p), got %d", len(args))
		}
		p, err := strconv.ParseFloat(args[0], 32)
		if err != nil || !(p >= 0 && p < 1) {
			return nil, fmt.Errorf("dropout probability %q not in [0, 1)", args[0])
		}
		return NewDropout(float32(p), rng), nil
	})
}

func noArgs(f func() Layer) LayerBuilder {
	return func(args []string, _ *rand.Rand) (Layer, error) {
		if len(args) != 0 {
			return nil, fmt.Errorf("takes no arguments, got %d", len(args))
		}
		return f(), nil
	}
}

func buildLinear(args []string, rng *rand.Rand) (Layer, error) {
	if len(args) != 2 && len(args) != 3 {
		return nil, fmt.Errorf("linear takes (in,out[,init]), got %d arguments", len(args))
	}
	in, err1 := PositiveInt(args[0])
	out, err2 := PositiveInt(args[1])
	if err := firstErr(err1, err2); err != nil {
		return nil, fmt.Errorf("linear: %w", err)
	}
	if err := checkParams("linear", out, in); err != nil {
		return nil, err
	}
	init := HeNormal
	if len(args) == 3 {
		var ok bool
		if init, ok = parseInit(args[2]); !ok {
			return nil, fmt.Errorf("linear: unknown init %q", args[2])
		}
	}
	return NewDense(in, out, init, rng), nil
}

func parseInit(s string) (Init, bool) {
	for i := HeNormal; i <= Torch; i++ {
		if i.String() == s {
			return i, true
		}
	}
	return 0, false
}

// PositiveInt parses a spec argument that must be a positive integer (a
// size), for layer builders.
func PositiveInt(s string) (int, error) {
	v, err := strconv.Atoi(s)
	if err != nil || v <= 0 || v > 1<<30 {
		return 0, fmt.Errorf("%q is not a positive integer size", s)
	}
	return v, nil
}

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

// Build makes a model from its architecture spec, initialising weights
// from rng (see the package documentation for the language).
func Build(spec string, rng *rand.Rand) (*Sequential, error) {
	items, err := splitTop(strings.Join(strings.Fields(spec), ""))
	if err != nil {
		return nil, fmt.Errorf("nn: Build %q: %w", spec, err)
	}
	names := make([]string, len(items))
	argss := make([][]string, len(items))
	labels := make([]string, len(items))
	for i, it := range items {
		if labels[i], it, err = splitLabel(it); err != nil {
			return nil, fmt.Errorf("nn: Build %q: layer %d: %w", spec, i, err)
		}
		items[i] = it
		if names[i], argss[i], err = parseItem(it); err != nil {
			return nil, fmt.Errorf("nn: Build %q: layer %d: %w", spec, i, err)
		}
	}
	layers := make([]Layer, len(items))
	for i, name := range names {
		args := argss[i]
		// Xavier suits the symmetric activations, He the rectifiers.
		if name == "linear" && len(args) == 2 && i+1 < len(names) && (names[i+1] == "sigmoid" || names[i+1] == "tanh") {
			args = append(args, XavierUniform.String())
		}
		registryMu.RLock()
		build, ok := registry[name]
		registryMu.RUnlock()
		if !ok {
			return nil, fmt.Errorf("nn: Build %q: layer %d: unknown layer kind %q", spec, i, name)
		}
		if layers[i], err = build(args, rng); err != nil {
			return nil, fmt.Errorf("nn: Build %q: layer %d (%s): %w", spec, i, items[i], err)
		}
	}
	seen := map[string]bool{}
	for i, label := range labels {
		name := label
		if name == "" {
			name = strconv.Itoa(i)
		}
		if seen[name] {
			return nil, fmt.Errorf("nn: Build %q: two layers named %q", spec, name)
		}
		seen[name] = true
		if label != "" {
			layers[i] = Named(label, layers[i])
		}
	}
	return NewSequential(layers...), nil
}

// splitLabel splits "name:kind(args)" into the layer's name and its spec;
// an item without a name before its first '(' gives an empty name.
func splitLabel(it string) (string, string, error) {
	colon := strings.IndexByte(it, ':')
	if colon < 0 || (strings.IndexByte(it, '(') >= 0 && strings.IndexByte(it, '(') < colon) {
		return "", it, nil
	}
	name := it[:colon]
	if !validName(name) {
		return "", "", fmt.Errorf("invalid layer name %q", name)
	}
	return name, it[colon+1:], nil
}

// MustBuild is Build for specs known to be valid; it panics on error.
func MustBuild(spec string, rng *rand.Rand) *Sequential {
	m, err := Build(spec, rng)
	if err != nil {
		panic(err)
	}
	return m
}

// splitTop splits s at commas outside parentheses.
func splitTop(s string) ([]string, error) {
	var out []string
	depth, start := 0, 0
	for i, c := range s {
		switch c {
		case '(':
			depth++
		case ')':
			depth--
			if depth < 0 {
				return nil, fmt.Errorf("unbalanced ')' at %d", i)
			}
		case ',':
			if depth == 0 {
				out = append(out, s[start:i])
				start = i + 1
			}
		}
	}
	if depth != 0 {
		return nil, fmt.Errorf("unbalanced '('")
	}
	out = append(out, s[start:])
	for _, it := range out {
		if it == "" {
			return nil, fmt.Errorf("empty layer")
		}
	}
	return out, nil
}

// parseItem splits "name(a,b)" into name and arguments.
func parseItem(it string) (string, []string, error) {
	open := strings.IndexByte(it, '(')
	if open < 0 {
		return strings.ToLower(it), nil, nil
	}
	if !strings.HasSuffix(it, ")") || open == 0 {
		return "", nil, fmt.Errorf("malformed %q", it)
	}
	inner := it[open+1 : len(it)-1]
	var args []string
	if inner != "" {
		var err error
		if args, err = splitTop(inner); err != nil {
			return "", nil, fmt.Errorf("%q: %w", it, err)
		}
	}
	return strings.ToLower(it[:open]), args, nil
}
