package main

import (
	"math"
	"math/rand/v2"

	"github.com/corten-ml/corten/cmd/mnist/internal/progress"
	"github.com/corten-ml/corten/dataset/mnist"
	"github.com/corten-ml/corten/nn"
	"github.com/corten-ml/corten/parallel"
	"github.com/corten-ml/corten/tensor"
)

// trainer runs training epochs over one data set with buffers allocated
// once, so that a step allocates nothing.
type trainer struct {
	model   *nn.Sequential
	opt     nn.Optimizer
	loss    nn.SoftmaxCrossEntropy
	x       *tensor.Tensor // the whole training set
	y       []int
	batches *nn.Batches
	xb      *tensor.Tensor // batch buffers
	yb      []int
	pred    []int
	augment bool
	aug     augmenter
	rng     *rand.Rand
	started bool
}

func newTrainer(c *config, model *nn.Sequential, train *mnist.Dataset, image bool, bg float32, rng *rand.Rand) (*trainer, error) {
	batches := nn.NewBatches(nn.Range(train.Len()), c.batch, rng)
	opt, err := newOptimizer(c, model.Params(), c.epochs*batches.Len())
	if err != nil {
		return nil, err
	}
	x := inputs(train, image)
	shape := append([]int(nil), x.Shape()...) // Shape may share the tensor's own slice
	shape[0] = c.batch
	return &trainer{
		model: model, opt: opt, x: x, y: labels(train),
		batches: batches,
		xb:      tensor.New(shape...), yb: make([]int, c.batch), pred: make([]int, c.batch),
		augment: c.augment, aug: newAugmenter(c.batch, bg),
		rng: rng,
	}, nil
}

// augParts is how many parts a batch's augmentation is split into for the
// worker pool (package parallel).
const augParts = 4

// augmenter rotates and shifts the images of a batch in place. The random
// transforms are drawn in order on the calling goroutine, so the images do
// not depend on how the parts are spread over threads.
type augmenter struct {
	data          []float32 // the batch's images
	n             int       // images in the batch
	angle, dx, dy []float64 // one transform per image
	tmp           [augParts][]float32
	bg            float32 // input value of a blank pixel
}

func newAugmenter(batch int, bg float32) augmenter {
	a := augmenter{angle: make([]float64, batch), dx: make([]float64, batch), dy: make([]float64, batch), bg: bg}
	for p := range a.tmp {
		a.tmp[p] = make([]float32, mnist.Pixels)
	}
	return a
}

// apply augments the n images in data, drawing from rng.
func (a *augmenter) apply(data []float32, n int, rng *rand.Rand) {
	a.data, a.n = data, n
	for i := range n {
		a.angle[i], a.dx[i], a.dy[i] = mnist.DrawRotate(2, 10, rng)
	}
	parallel.Run(augParts, a)
}

// RunPart transforms part p's contiguous share of the batch.
func (a *augmenter) RunPart(p int) {
	from, to := p*a.n/augParts, (p+1)*a.n/augParts
	for i := from; i < to; i++ {
		img := a.data[i*mnist.Pixels : (i+1)*mnist.Pixels]
		copy(a.tmp[p], img)
		mnist.Transform(img, a.tmp[p], mnist.Rows, mnist.Cols, a.angle[i], a.dx[i], a.dy[i], a.bg)
	}
}

// epoch trains one pass over the data and returns the mean training loss
// and the training accuracy (of the predictions made while training).
func (t *trainer) epoch(bar *progress.Bar) (loss, acc float64) {
	if t.started {
		t.batches.Shuffle() // NewBatches starts shuffled
	}
	t.started = true
	t.model.Train()
	n, correct := 0, 0
	var sum float64
	for idx := t.batches.Next(); idx != nil; idx = t.batches.Next() {
		l, ok := t.step(idx)
		sum += l * float64(len(idx))
		n += len(idx)
		correct += ok
		bar.Update(n, sum/float64(n))
	}
	if n == 0 {
		return math.NaN(), math.NaN()
	}
	return sum / float64(n), float64(correct) / float64(n)
}

// step trains on the samples idx and returns the batch loss and how many
// of the batch the model classified correctly before the update.
func (t *trainer) step(idx []int) (float64, int) {
	x := nn.GatherRows(t.xb, t.x, idx)
	y := nn.GatherLabels(t.yb, t.y, idx)
	if t.augment {
		t.aug.apply(x.Data(), len(idx), t.rng)
	}
	t.opt.ZeroGrad()
	out := t.model.Forward(x)
	l := t.loss.Forward(out, y)
	ok := 0
	for i, p := range tensor.ArgMaxRows(t.pred[:len(idx)], out) {
		if p == y[i] {
			ok++
		}
	}
	t.model.Backward(t.loss.Backward())
	t.opt.Step()
	return l, ok
}
