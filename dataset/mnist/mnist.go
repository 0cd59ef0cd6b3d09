package mnist

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
)

// Image geometry and class count of MNIST.
const (
	Rows    = 28
	Cols    = 28
	Pixels  = Rows * Cols // 784 inputs per image
	Classes = 10
)

// Standard sizes of the two MNIST splits.
const (
	TrainSize = 60000
	TestSize  = 10000
)

// Base names of the four MNIST files, without the ".gz" suffix they carry
// on the mirrors. Locate and Load accept each either gzipped (name + ".gz")
// or unpacked (name).
const (
	TrainImagesFile = "train-images-idx3-ubyte"
	TrainLabelsFile = "train-labels-idx1-ubyte"
	TestImagesFile  = "t10k-images-idx3-ubyte"
	TestLabelsFile  = "t10k-labels-idx1-ubyte"
)

// FileNames lists the four files as the mirrors serve them.
var FileNames = []string{
	TrainImagesFile + ".gz",
	TrainLabelsFile + ".gz",
	TestImagesFile + ".gz",
	TestLabelsFile + ".gz",
}

// Dataset is a set of labelled 28x28 images. Raw keeps the original
// bytes (for pictures and for re-normalising); Images holds the float32
// network input, N rows of Pixels values, filled by Normalize.
type Dataset struct {
	Raw    []uint8   // N*Pixels bytes, 0 = background, 255 = ink
	Images []float32 // N*Pixels preprocessed values; nil until Normalize
	Labels []uint8   // N labels, each < Classes
}

// Len returns the number of examples.
func (d *Dataset) Len() int { return len(d.Labels) }

// Image returns the preprocessed pixels of example i (a view, not a copy).
func (d *Dataset) Image(i int) []float32 { return d.Images[i*Pixels : (i+1)*Pixels] }

// RawImage returns the original bytes of example i (a view, not a copy).
func (d *Dataset) RawImage(i int) []uint8 { return d.Raw[i*Pixels : (i+1)*Pixels] }

// Slice returns examples [from, to) as a Dataset sharing d's memory.
func (d *Dataset) Slice(from, to int) *Dataset {
	s := &Dataset{
		Raw:    d.Raw[from*Pixels : to*Pixels : to*Pixels],
		Labels: d.Labels[from:to:to],
	}
	if d.Images != nil {
		s.Images = d.Images[from*Pixels : to*Pixels : to*Pixels]
	}
	return s
}

// Split divides d into its first Len()-n examples and its last n, for
// holding out a validation set (the last 5,000 training images, as usual).
// Both share d's memory.
func (d *Dataset) Split(n int) (train, heldOut *Dataset) {
	if n < 0 || n > d.Len() {
		panic(fmt.Sprintf("mnist: Split(%d) of %d examples", n, d.Len()))
	}
	k := d.Len() - n
	return d.Slice(0, k), d.Slice(k, d.Len())
}

// Normalize fills d.Images from d.Raw with the transform p.
func (d *Dataset) Normalize(p Preprocess) {
	if len(d.Images) != len(d.Raw) {
		d.Images = make([]float32, len(d.Raw))
	}
	p.Apply(d.Images, d.Raw)
}

// Load reads the training and test sets from dir, which must hold the four
// files (gzipped or not; see Locate to find or fetch them). The images are
// not yet normalised: call Normalize with a Preprocess fitted on the
// training data.
func Load(dir string) (train, test *Dataset, err error) {
	train, err = LoadFiles(findFile(dir, TrainImagesFile), findFile(dir, TrainLabelsFile))
	if err != nil {
		return nil, nil, err
	}
	test, err = LoadFiles(findFile(dir, TestImagesFile), findFile(dir, TestLabelsFile))
	if err != nil {
		return nil, nil, err
	}
	return train, test, nil
}

// findFile returns dir/base.gz if it exists, else dir/base if that exists,
// else dir/base.gz (so that the error of opening it names the usual file).
func findFile(dir, base string) string {
	gz := filepath.Join(dir, base+".gz")
	if _, err := os.Stat(gz); err == nil {
		return gz
	}
	raw := filepath.Join(dir, base)
	if _, err := os.Stat(raw); err == nil {
		return raw
	}
	return gz
}

// haveFile reports whether dir holds base, gzipped or not.
func haveFile(dir, base string) bool {
	_, err := os.Stat(findFile(dir, base))
	return !errors.Is(err, fs.ErrNotExist)
}

// LoadFiles reads one image file and its label file and checks that they
// match: 28x28 images, as many labels as images, every label below 10.
// Errors name the offending file.
func LoadFiles(imagesPath, labelsPath string) (*Dataset, error) {
	img, err := ReadIDXFile(imagesPath)
	if err != nil {
		return nil, err
	}
	n, rows, cols, err := img.Images()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", imagesPath, err)
	}
	if rows != Rows || cols != Cols {
		return nil, fmt.Errorf("%s: images are %dx%d pixels, want %dx%d", imagesPath, rows, cols, Rows, Cols)
	}
	lab, err := ReadIDXFile(labelsPath)
	if err != nil {
		return nil, err
	}
	labels, err := lab.Labels(Classes)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", labelsPath, err)
	}
	if len(labels) != n {
		return nil, fmt.Errorf("%s has %d images but %s has %d labels", imagesPath, n, labelsPath, len(labels))
	}
	return &Dataset{Raw: img.Data, Labels: labels}, nil
}

// Preprocess is the affine map from a raw pixel byte b to a network input,
//
//	x = (b*Scale - Mean) / Std,
//
// recorded with a trained model so that inference applies the same
// transform. Scale is 1/255 (inputs in [0,1]); Standardize fits Mean and
// Std to the training pixels as torchvision's Normalize does, MinMax maps
// the training range onto [0,1].
type Preprocess struct {
	Method string  // "standardize", "minmax" or "scale"
	Scale  float32 // input_scale, 1/255
	Mean   float32 // subtracted after scaling (the minimum for "minmax")
	Std    float32 // divisor after subtracting (max-min for "minmax")
}

// InputScale maps bytes 0..255 onto [0,1].
const InputScale = 1.0 / 255

// ScaleOnly returns the transform that only scales to [0,1].
func ScaleOnly() Preprocess {
	return Preprocess{Method: "scale", Scale: InputScale, Mean: 0, Std: 1}
}

// Standardize returns the transform that scales to [0,1] and then
// subtracts the global pixel mean and divides by the global standard
// deviation of raw (for the MNIST training set about 0.1307 and 0.3081).
func Standardize(raw []uint8) Preprocess {
	// A histogram makes the statistics exact and cheap: 256 bins, then
	// sums in float64 over the bins.
	var hist [256]int64
	for _, b := range raw {
		hist[b]++
	}
	var n, sum, sumSq float64
	for v, c := range hist {
		x := float64(v) * InputScale
		n += float64(c)
		sum += float64(c) * x
		sumSq += float64(c) * x * x
	}
	p := Preprocess{Method: "standardize", Scale: InputScale, Mean: 0, Std: 1}
	if n == 0 {
		return p
	}
	mean := sum / n
	std := math.Sqrt(math.Max(sumSq/n-mean*mean, 0))
	p.Mean = float32(mean)
	if std > 0 {
		p.Std = float32(std)
	}
	return p
}

// MinMax returns the transform that maps the smallest byte in raw to 0 and
// the largest to 1 (for MNIST, whose bytes span 0..255, the same as
// ScaleOnly).
func MinMax(raw []uint8) Preprocess {
	p := Preprocess{Method: "minmax", Scale: InputScale, Mean: 0, Std: 1}
	if len(raw) == 0 {
		return p
	}
	lo, hi := raw[0], raw[0]
	for _, b := range raw {
		lo = min(lo, b)
		hi = max(hi, b)
	}
	// Explicit conversions round here, so that arm64's fused multiply-add
	// cannot merge these products into Value's subtraction.
	p.Mean = float32(float32(lo) * InputScale)
	if hi > lo {
		p.Std = float32(float32(hi-lo) * InputScale)
	}
	return p
}

// Value returns the input value of raw byte b.
func (p Preprocess) Value(b uint8) float32 {
	// The explicit conversion rounds the product before the subtraction,
	// so that arm64 (where Go fuses multiply-add) gives the same values as
	// amd64.
	return (float32(float32(b)*p.Scale) - p.Mean) / p.Std
}

// Apply writes the transformed value of every byte of src to dst.
func (p Preprocess) Apply(dst []float32, src []uint8) {
	if len(dst) != len(src) {
		panic(fmt.Sprintf("mnist: Preprocess.Apply: len(dst)=%d, len(src)=%d", len(dst), len(src)))
	}
	// A byte has only 256 values: a lookup table beats the arithmetic.
	var lut [256]float32
	for i := range lut {
		lut[i] = p.Value(uint8(i))
	}
	for i, b := range src {
		dst[i] = lut[b]
	}
}

// Metadata returns the transform as string pairs, for a saved model's
// metadata (safetensors __metadata__).
func (p Preprocess) Metadata() map[string]string {
	return map[string]string{
		"preprocess":  p.Method,
		"input_scale": fmt.Sprint(p.Scale),
		"input_mean":  fmt.Sprint(p.Mean),
		"input_std":   fmt.Sprint(p.Std),
	}
}

// PreprocessFromMetadata is the inverse of Metadata.
func PreprocessFromMetadata(m map[string]string) (Preprocess, error) {
	var p Preprocess
	p.Method = m["preprocess"]
	if p.Method == "" {
		return p, errors.New("metadata has no preprocess entry")
	}
	for _, f := range []struct {
		key string
		dst *float32
	}{{"input_scale", &p.Scale}, {"input_mean", &p.Mean}, {"input_std", &p.Std}} {
		if _, err := fmt.Sscan(m[f.key], f.dst); err != nil {
			return p, fmt.Errorf("metadata %s=%q: %v", f.key, m[f.key], err)
		}
	}
	if p.Std == 0 {
		return p, errors.New("metadata input_std is 0")
	}
	return p, nil
}
