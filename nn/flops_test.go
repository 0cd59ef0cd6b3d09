package nn

import (
	"slices"
	"strings"
	"testing"

	"github.com/corten-ml/corten/tensor"
)

// TestLayerFLOPs checks each layer's count and output shape against a hand
// count.
func TestLayerFLOPs(t *testing.T) {
	rng := tensor.NewRand(1)
	for _, tc := range []struct {
		layer   Layer
		in, out []int
		f       int64 // FLOPs of each of forward, weight gradient, input gradient
	}{
		// 2·64·784·128: one GEMM per pass.
		{Linear(784, 128, rng), []int{64, 784}, []int{64, 128}, 2 * 64 * 784 * 128},
		// A sequence: rows are 2·5 = 10; 2·10·8·3 = 480.
		{Linear(8, 3, rng), []int{2, 5, 8}, []int{2, 5, 3}, 480},
		// LeNet-5's first convolution: 28x28 out (padding 2), 6 channels,
		// 1·5·5 weights each: 2·64·6·28·28·25 = 15,052,800.
		{Conv(1, 6, 5, 1, 2, rng), []int{64, 1, 28, 28}, []int{64, 6, 28, 28}, 15_052_800},
		// Stride 2, padding 1: OH = (9+2-3)/2+1 = 5; 2·2·4·5·5·3·3·3 = 10,800.
		{Conv(3, 4, 3, 2, 1, rng), []int{2, 3, 9, 9}, []int{2, 4, 5, 5}, 10_800},
		{NewMaxPool2D(2, 2), []int{64, 6, 28, 28}, []int{64, 6, 14, 14}, 0},
		{NewAvgPool2D(3, 2), []int{1, 2, 7, 7}, []int{1, 2, 3, 3}, 0},
		{&ReLU{}, []int{4, 10}, []int{4, 10}, 0},
		{&Sigmoid{}, []int{4, 10}, []int{4, 10}, 0},
		{&Tanh{}, []int{4, 2, 10}, []int{4, 2, 10}, 0},
		{&Softmax{}, []int{4, 10}, []int{4, 10}, 0},
		{NewDropout(0.5, rng), []int{4, 10}, []int{4, 10}, 0},
		{&Flatten{}, []int{64, 16, 5, 5}, []int{64, 400}, 0},
		{NewReshape(28, 28), []int{3, 784}, []int{3, 28, 28}, 0},
	} {
		out, c, err := tc.layer.(FLOPCounter).FLOPs(tc.in)
		if err != nil {
			t.Errorf("%s on %v: %v", tc.layer.Spec(), tc.in, err)
			continue
		}
		want := FLOPCount{tc.f, tc.f, tc.f}
		if !slices.Equal(out, tc.out) || c != want || c.Backward() != 2*tc.f {
			t.Errorf("%s on %v: %v, %+v; want %v, %+v", tc.layer.Spec(), tc.in, out, c, tc.out, want)
		}
	}
}

// TestLayerFLOPsShapeErrors checks that a shape a layer cannot take is an
// error giving the shape.
func TestLayerFLOPsShapeErrors(t *testing.T) {
	rng := tensor.NewRand(1)
	for _, tc := range []struct {
		layer Layer
		in    []int
	}{
		{Linear(784, 128, rng), []int{64, 783}},
		{Linear(784, 128, rng), []int{784}},
		{Conv(1, 6, 5, 1, 0, rng), []int{64, 3, 28, 28}},
		{Conv(1, 6, 5, 1, 0, rng), []int{64, 1, 4, 28}},
		{Conv(1, 6, 5, 1, 0, rng), []int{64, 784}},
		{NewMaxPool2D(2, 2), []int{64, 6, 1, 28}},
		{NewAvgPool2D(2, 2), []int{64, 784}},
		{&Softmax{}, []int{64}},
		{NewReshape(28, 28), []int{3, 780}},
	} {
		_, _, err := tc.layer.(FLOPCounter).FLOPs(tc.in)
		if err == nil || !strings.Contains(err.Error(), "input shape") {
			t.Errorf("%s on %v: error %v, want one about the input shape", tc.layer.Spec(), tc.in, err)
		}
	}
}

// TestCountFLOPsMLP checks the MNIST MLP, 784-128-10, batch 64, by hand.
func TestCountFLOPsMLP(t *testing.T) {
	m := MustBuild("linear(784,128),relu,linear(128,10)", tensor.NewRand(1))
	const (
		fwd = 2 * 64 * (784*128 + 128*10) // 13,008,896
		// Both weight gradients, and the input gradient of the second
		// layer only: the first layer skips its own.
		bwd = 2*64*(784*128+128*10) + 2*64*128*10 // 13,172,736
	)
	f, b, err := CountFLOPs(m, []int{64, 784})
	if err != nil || f != fwd || b != bwd {
		t.Errorf("CountFLOPs = %d, %d, %v; want %d, %d", f, b, err, fwd, bwd)
	}
	// With the input gradient on, the first layer computes it too.
	m.SetInputGrad(true)
	if f, b, err := CountFLOPs(m, []int{64, 784}); err != nil || f != fwd || b != 2*fwd {
		t.Errorf("with the input gradient: CountFLOPs = %d, %d, %v; want %d, %d", f, b, err, fwd, 2*fwd)
	}
	// A partial last batch counts its own rows.
	if f, _, err := CountFLOPs(m, []int{32, 784}); err != nil || f != fwd/2 {
		t.Errorf("batch 32: forward %d, %v; want %d", f, err, fwd/2)
	}
}

// TestCountFLOPsLeNet5 checks LeNet-5 (cmd/mnist -model cnn), batch 64.
// Multiply-adds per sample:
//
//	conv2d(1,6,5,padding=2)  28x28x6 outputs x 1·5·5 weights  = 117,600
//	conv2d(6,16,5) on 14x14  10x10x16 outputs x 6·5·5 weights = 240,000
//	linear(400,120)                                           =  48,000
//	linear(120,84)                                            =  10,080
//	linear(84,10)                                             =     840
//	total                                                     = 416,520
//
// Forward is 2·64·416,520; backward is every weight gradient (416,520)
// plus every input gradient but the first convolution's (416,520 -
// 117,600 = 298,920), so 2·64·715,440. An epoch of 60,000 images is then
// 60,000·2·(416,520 + 715,440) = 135.8 GFLOP.
func TestCountFLOPsLeNet5(t *testing.T) {
	m := MustBuild("conv2d(1,6,5,padding=2),relu,maxpool2d(2),conv2d(6,16,5),relu,maxpool2d(2),flatten,"+
		"linear(400,120),relu,linear(120,84),relu,dropout(0.1),linear(84,10)", tensor.NewRand(1))
	f, b, err := CountFLOPs(m, []int{64, 1, 28, 28})
	if err != nil || f != 2*64*416_520 || b != 2*64*715_440 {
		t.Errorf("CountFLOPs = %d, %d, %v; want %d, %d", f, b, err, 2*64*416_520, 2*64*715_440)
	}
}

// TestCountFLOPsFirstLayer checks that the input gradient of the first
// layer with parameters is left out when the model skips it (behind
// parameter-free layers such as Flatten too, see SetInputGrad), and
// counted when the model computes it.
func TestCountFLOPsFirstLayer(t *testing.T) {
	m := MustBuild("flatten,linear(784,10)", tensor.NewRand(1))
	f, b, err := CountFLOPs(m, []int{8, 1, 28, 28})
	if err != nil || f != 2*8*7840 || b != 2*8*7840 {
		t.Errorf("CountFLOPs = %d, %d, %v; want %d, %d", f, b, err, 2*8*7840, 2*8*7840)
	}
	m.SetInputGrad(true)
	f, b, err = CountFLOPs(m, []int{8, 1, 28, 28})
	if err != nil || f != 2*8*7840 || b != 2*2*8*7840 {
		t.Errorf("with the input gradient: CountFLOPs = %d, %d, %v; want %d, %d", f, b, err, 2*8*7840, 2*2*8*7840)
	}
}

// opaque is a layer that does not count its FLOPs.
type opaque struct{}

func (opaque) Forward(x *tensor.Tensor) *tensor.Tensor   { return x }
func (opaque) Backward(dy *tensor.Tensor) *tensor.Tensor { return dy }
func (opaque) Params() []Param                           { return nil }
func (opaque) Spec() string                              { return "opaque" }

// TestCountFLOPsErrors checks that the errors name the layer at fault.
func TestCountFLOPsErrors(t *testing.T) {
	rng := tensor.NewRand(1)
	m := NewSequential(Linear(4, 3, rng), Named("mystery", opaque{}), Linear(3, 2, rng))
	if _, _, err := CountFLOPs(m, []int{2, 4}); err == nil || !strings.Contains(err.Error(), "layer mystery (opaque)") {
		t.Errorf("unknown layer: error %v, want one naming layer mystery (opaque)", err)
	}
	m = MustBuild("linear(784,128),relu,linear(64,10)", rng)
	if _, _, err := CountFLOPs(m, []int{64, 784}); err == nil || !strings.Contains(err.Error(), "layer 2 (linear(64,10)): input shape [64 128]") {
		t.Errorf("shape mismatch: error %v, want one naming layer 2 and the shape", err)
	}
	for _, in := range [][]int{nil, {0, 784}, {64, -1}} {
		if _, _, err := CountFLOPs(m, in); err == nil {
			t.Errorf("input %v: no error", in)
		}
	}
}
