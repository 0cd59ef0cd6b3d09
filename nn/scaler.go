package nn

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/corten-ml/corten/tensor"
)

// Scaler preprocesses inputs as x' = (x·Scale - Mean) / Std, per feature
// (column). Fit it on the training data only and apply the same Scaler,
// unchanged, to validation and test data and to any input at prediction
// time: statistics taken from test data would leak it into training.
//
// One type covers the usual cases: standardisation (FitStandard: Mean and
// Std are the column means and standard deviations), min-max scaling to
// [0, 1] (FitMinMax: Mean is the minimum, Std the range) and a fixed
// rescaling such as pixels/255 (Scale alone). Mean and Std hold one value
// per feature, or a single value that applies to every feature.
//
// A saved model records its Scaler in the metadata (input_scale,
// input_mean, input_std), so a loaded model knows how its inputs were
// prepared.
type Scaler struct {
	Scale     float32   // applied first; 0 means 1
	Mean, Std []float32 // per feature, or one for all; empty means 0 and 1
}

// FitStandard returns a Scaler that standardises each column of x [N, F]
// (after multiplying by scale, 0 meaning 1) to mean 0 and standard
// deviation 1. Constant columns get Std 1, so they map to 0 rather than
// dividing by zero.
func FitStandard(x *tensor.Tensor, scale float32) *Scaler {
	n, f := matrixDims("FitStandard", x)
	s := &Scaler{Scale: scale, Mean: make([]float32, f), Std: make([]float32, f)}
	k := s.scale()
	sum, sq := make([]float64, f), make([]float64, f)
	d := x.Data()
	for i := 0; i < n; i++ {
		for j, v := range d[i*f : (i+1)*f] {
			v64 := float64(v * k)
			sum[j] += v64
			sq[j] += v64 * v64
		}
	}
	for j := range f {
		mean := sum[j] / float64(n)
		std := math.Sqrt(max(sq[j]/float64(n)-mean*mean, 0))
		if std < 1e-12 {
			std = 1
		}
		s.Mean[j], s.Std[j] = float32(mean), float32(std)
	}
	return s
}

// FitMinMax returns a Scaler that maps each column of x [N, F] (after
// multiplying by scale) from its training range onto [0, 1]. Constant
// columns map to 0.
func FitMinMax(x *tensor.Tensor, scale float32) *Scaler {
	n, f := matrixDims("FitMinMax", x)
	s := &Scaler{Scale: scale, Mean: make([]float32, f), Std: make([]float32, f)}
	k := s.scale()
	d := x.Data()
	for j := range f {
		lo, hi := float32(math.Inf(1)), float32(math.Inf(-1))
		for i := 0; i < n; i++ {
			v := d[i*f+j] * k
			lo, hi = min(lo, v), max(hi, v)
		}
		if n == 0 {
			lo, hi = 0, 1
		}
		s.Mean[j], s.Std[j] = lo, hi-lo
		if s.Std[j] == 0 {
			s.Std[j] = 1
		}
	}
	return s
}

func matrixDims(op string, x *tensor.Tensor) (n, f int) {
	if x.Dims() != 2 {
		panic(fmt.Sprintf("nn: %s: data shape %v, want [N F]", op, x.Shape()))
	}
	return x.Dim(0), x.Dim(1)
}

func (s *Scaler) scale() float32 {
	if s.Scale == 0 {
		return 1
	}
	return s.Scale
}

// Transform writes the scaled x into dst (which may be x; nil allocates)
// and returns it. x is [N, F], or any shape whose rows (first dimension)
// hold F features when Mean and Std are per feature.
func (s *Scaler) Transform(dst, x *tensor.Tensor) *tensor.Tensor {
	if dst == nil {
		dst = tensor.New(x.Shape()...)
	}
	mustSameShape("Scaler.Transform", "destination", dst, x)
	f := max(len(s.Mean), len(s.Std), 1)
	if x.Len()%f != 0 {
		panic(fmt.Sprintf("nn: Scaler.Transform: shape %v does not hold rows of %d features", x.Shape(), f))
	}
	k := s.scale()
	xd, out := x.Data(), dst.Data()
	for i := 0; i+f <= len(xd); i += f {
		for j := range f {
			out[i+j] = (xd[i+j]*k - pick(s.Mean, j, 0)) / pick(s.Std, j, 1)
		}
	}
	return dst
}

// pick returns v[j], v[0] when v has one entry, or def when it is empty.
func pick(v []float32, j int, def float32) float32 {
	switch len(v) {
	case 0:
		return def
	case 1:
		return v[0]
	}
	return v[j]
}

// Metadata returns the scaler as safetensors metadata: input_scale,
// input_mean and input_std, each a comma-separated list of numbers (one
// number when it applies to every feature); unset parts are omitted.
func (s *Scaler) Metadata() map[string]string {
	m := map[string]string{}
	if s.Scale != 0 && s.Scale != 1 {
		m["input_scale"] = formatFloats([]float32{s.Scale})
	}
	if len(s.Mean) > 0 {
		m["input_mean"] = formatFloats(s.Mean)
	}
	if len(s.Std) > 0 {
		m["input_std"] = formatFloats(s.Std)
	}
	return m
}

// ScalerFromMetadata rebuilds the Scaler recorded in a model's metadata.
// It returns nil and no error when the metadata records none.
func ScalerFromMetadata(meta map[string]string) (*Scaler, error) {
	sc, hasScale := meta["input_scale"]
	mean, hasMean := meta["input_mean"]
	std, hasStd := meta["input_std"]
	if !hasScale && !hasMean && !hasStd {
		return nil, nil
	}
	s := &Scaler{}
	if hasScale {
		v, err := parseFloats(sc)
		if err != nil || len(v) != 1 {
			return nil, fmt.Errorf("nn: metadata input_scale %q is not one number", sc)
		}
		s.Scale = v[0]
	}
	var err error
	if hasMean {
		if s.Mean, err = parseFloats(mean); err != nil {
			return nil, fmt.Errorf("nn: metadata input_mean: %w", err)
		}
	}
	if hasStd {
		if s.Std, err = parseFloats(std); err != nil {
			return nil, fmt.Errorf("nn: metadata input_std: %w", err)
		}
	}
	if len(s.Mean) > 1 && len(s.Std) > 1 && len(s.Mean) != len(s.Std) {
		return nil, fmt.Errorf("nn: metadata has %d means but %d standard deviations", len(s.Mean), len(s.Std))
	}
	return s, nil
}

func formatFloats(v []float32) string {
	parts := make([]string, len(v))
	for i, x := range v {
		parts[i] = strconv.FormatFloat(float64(x), 'g', -1, 32)
	}
	return strings.Join(parts, ",")
}

func parseFloats(s string) ([]float32, error) {
	parts := strings.Split(s, ",")
	v := make([]float32, len(parts))
	for i, p := range parts {
		x, err := strconv.ParseFloat(strings.TrimSpace(p), 32)
		if err != nil {
			return nil, fmt.Errorf("%q is not a number", p)
		}
		v[i] = float32(x)
	}
	return v, nil
}
