package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/corten-ml/corten/cmd/mnist/internal/progress"
	"github.com/corten-ml/corten/cmd/mnist/internal/report"
	"github.com/corten-ml/corten/dataset/mnist"
	"github.com/corten-ml/corten/kernels"
	"github.com/corten-ml/corten/nn"
	"github.com/corten-ml/corten/tensor"
)

// errUsage is returned after the flag package has printed its message.
var errUsage = errors.New("usage")

// config holds the parsed command line.
type config struct {
	model     string
	hidden    string
	epochs    int
	batch     int
	lr        float64
	optimizer string
	seed      uint64
	l2        float64
	dropout   float64
	augment   bool
	patience  int
	threads   int
	data      string
	save      string
	load      string
	jsonOut   bool
	report    string
	norm      string
	schedule  string
	limit     int // use only the first limit training and test images (tests, quick looks)
	evalOnly  bool
}

func parseFlags(args []string, stderr io.Writer) (*config, error) {
	c := &config{}
	fs := flag.NewFlagSet("mnist", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.model, "model", "mlp", "architecture: mlp (784-128-10), mlp-big (784-512-512-10) or cnn (LeNet-5)")
	fs.StringVar(&c.hidden, "hidden", "", "hidden layer sizes of the MLP, comma-separated (e.g. 256,128); overrides -model's")
	fs.IntVar(&c.epochs, "epochs", 5, "training epochs (0: evaluate a -load'ed model only)")
	fs.IntVar(&c.batch, "batch", 64, "mini-batch size")
	fs.Float64Var(&c.lr, "lr", 0, "learning rate (default 1e-3 for adam and rmsprop, 0.05 for sgd and momentum)")
	fs.StringVar(&c.optimizer, "optimizer", "adam", "adam, sgd, momentum (SGD with momentum 0.9) or rmsprop")
	fs.Uint64Var(&c.seed, "seed", 1, "random seed for initialisation, shuffling, dropout and augmentation")
	fs.Float64Var(&c.l2, "l2", 0, "L2 weight decay")
	fs.Float64Var(&c.dropout, "dropout", 0, "dropout probability after each hidden layer")
	fs.BoolVar(&c.augment, "augment", false, "shift training images randomly by up to 2 pixels and rotate them by up to 10 degrees")
	fs.IntVar(&c.patience, "patience", 0, "early stopping: hold out the last 5,000 training images and stop after this many epochs without a better validation loss")
	fs.IntVar(&c.threads, "threads", runtime.GOMAXPROCS(0), "threads for the kernels (sets GOMAXPROCS)")
	fs.StringVar(&c.data, "data", "", "directory of the MNIST files (default $MNIST_DIR, else the user cache directory, downloading what is missing)")
	fs.StringVar(&c.save, "save", "", "write the trained model to this safetensors file")
	fs.StringVar(&c.load, "load", "", "start from the model in this safetensors file; without -epochs it is only evaluated")
	fs.BoolVar(&c.jsonOut, "json", false, "print the results as one JSON object on stdout (logs go to stderr)")
	fs.StringVar(&c.report, "report", "", "write an HTML report (curves, confusion matrix, misclassified digits) to this file")
	fs.StringVar(&c.schedule, "schedule", "cosine", "learning-rate schedule: cosine (anneal to 0 over the run) or const")
	fs.StringVar(&c.norm, "norm", "standardize", "input preprocessing: standardize (training mean/std), minmax or scale (x/255)")
	fs.IntVar(&c.limit, "limit", 0, "use only the first N training and test images (0: all)")
	fs.BoolVar(&c.evalOnly, "eval", false, "evaluate only, no training (with -load)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, errUsage
		}
		return nil, errUsage
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	// A loaded model is evaluated, not retrained, unless -epochs asks.
	if c.load != "" && !set["epochs"] {
		c.epochs = 0
	}
	if c.evalOnly {
		c.epochs = 0
	}
	if c.epochs < 0 || c.batch <= 0 || c.threads <= 0 || c.patience < 0 || c.limit < 0 {
		return nil, errors.New("-epochs, -batch, -threads, -patience and -limit must not be negative (and -batch, -threads not zero)")
	}
	if c.dropout < 0 || c.dropout >= 1 {
		return nil, fmt.Errorf("-dropout %v: want 0 <= p < 1", c.dropout)
	}
	if c.epochs == 0 && c.load == "" {
		return nil, errors.New("nothing to do: -epochs 0 (or -eval) needs -load FILE")
	}
	if c.lr == 0 {
		switch c.optimizer {
		case "sgd", "momentum":
			c.lr = 0.05
		default:
			c.lr = 1e-3
		}
	}
	return c, nil
}

// architecture returns the model's spec in nn's architecture language and
// whether its input is an image [N,1,28,28] rather than a vector [N,784].
func architecture(c *config) (spec string, image bool, err error) {
	var hidden []int
	switch c.model {
	case "mlp":
		hidden = []int{128}
	case "mlp-big":
		hidden = []int{512, 512}
	case "cnn":
		if c.hidden != "" {
			return "", false, errors.New("-hidden applies to the MLP models only")
		}
		return cnnSpec(c.dropout), true, nil
	default:
		return "", false, fmt.Errorf("-model %q: want mlp, mlp-big or cnn", c.model)
	}
	if c.hidden != "" {
		hidden = hidden[:0]
		for _, f := range strings.Split(c.hidden, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(f))
			if err != nil || n <= 0 {
				return "", false, fmt.Errorf("-hidden %q: want positive sizes separated by commas", c.hidden)
			}
			hidden = append(hidden, n)
		}
	}
	var parts []string
	in := mnist.Pixels
	for _, h := range hidden {
		parts = append(parts, fmt.Sprintf("linear(%d,%d)", in, h), "relu")
		if c.dropout > 0 {
			parts = append(parts, fmt.Sprintf("dropout(%g)", c.dropout))
		}
		in = h
	}
	parts = append(parts, fmt.Sprintf("linear(%d,%d)", in, mnist.Classes))
	return strings.Join(parts, ","), false, nil
}

// cnnSpec is LeNet-5 with ReLU: conv 5x5x6 (pad 2), pool, conv 5x5x16,
// pool, then 400-120-84-10.
func cnnSpec(dropout float64) string {
	s := "conv2d(1,6,5,padding=2),relu,maxpool2d(2),conv2d(6,16,5),relu,maxpool2d(2),flatten," +
		"linear(400,120),relu,"
	if dropout > 0 {
		s += fmt.Sprintf("dropout(%g),", dropout)
	}
	s += "linear(120,84),relu,"
	if dropout > 0 {
		s += fmt.Sprintf("dropout(%g),", dropout)
	}
	return s + "linear(84,10)"
}

// buildModel makes the model, or explains why -model cnn cannot be built.
func buildModel(c *config, rng *rand.Rand) (*nn.Sequential, bool, error) {
	spec, image, err := architecture(c)
	if err != nil {
		return nil, false, err
	}
	m, err := nn.Build(spec, rng)
	if err != nil {
		if c.model == "cnn" {
			return nil, false, fmt.Errorf("-model cnn is not yet available: package nn has no convolution and pooling layers yet (%v)", err)
		}
		return nil, false, err
	}
	return m, image, nil
}

// newOptimizer returns the optimizer of -optimizer with the schedule of
// -schedule over steps updates.
func newOptimizer(c *config, params []nn.Param, steps int) (nn.Optimizer, error) {
	lr, l2 := float32(c.lr), float32(c.l2)
	var sched nn.Schedule
	switch c.schedule {
	case "cosine":
		// Annealing to zero by the last step is worth a few tenths of a
		// percent of test accuracy over a constant rate.
		sched = nn.Cosine(lr, 0, steps)
	case "const":
	default:
		return nil, fmt.Errorf("-schedule %q: want cosine or const", c.schedule)
	}
	switch c.optimizer {
	case "adam":
		o := nn.NewAdam(params, lr)
		o.WeightDecay, o.Schedule = l2, sched
		return o, nil
	case "sgd", "momentum":
		o := nn.NewSGD(params, lr)
		o.WeightDecay, o.Schedule = l2, sched
		if c.optimizer == "momentum" {
			o.Momentum = 0.9
		}
		return o, nil
	case "rmsprop":
		o := nn.NewRMSProp(params, lr)
		o.WeightDecay, o.Schedule = l2, sched
		return o, nil
	}
	return nil, fmt.Errorf("-optimizer %q: want adam, sgd, momentum or rmsprop", c.optimizer)
}

// result is the -json output.
type result struct {
	Model            string           `json:"model"`
	Arch             string           `json:"arch"`
	Params           int              `json:"params"`
	Kernels          string           `json:"kernels"`
	Threads          int              `json:"threads"`
	Optimizer        string           `json:"optimizer,omitempty"`
	LR               float64          `json:"lr,omitempty"`
	Batch            int              `json:"batch"`
	Seed             uint64           `json:"seed"`
	TrainSamples     int              `json:"train_samples"`
	EvalSet          string           `json:"eval_set"`
	Epochs           int              `json:"epochs"`
	EpochSeconds     []float64        `json:"epoch_seconds"`
	TrainLoss        []float64        `json:"train_loss"`
	EvalAccuracy     []float64        `json:"eval_accuracy"`
	SamplesPerSecond float64          `json:"samples_per_second"`
	BestEpoch        int              `json:"best_epoch,omitempty"`
	TestLoss         float64          `json:"test_loss"`
	TestAccuracy     float64          `json:"test_accuracy"`
	Precision        []float64        `json:"precision"`
	Recall           []float64        `json:"recall"`
	Confusion        [][]int          `json:"confusion"`
	Preprocess       mnist.Preprocess `json:"preprocess"`
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	runtime.GOMAXPROCS(c.threads)
	kernels.SetThreads(c.threads)
	// With -json, stdout is reserved for the result.
	logw := stdout
	if c.jsonOut {
		logw = stderr
	}
	logf := func(format string, a ...any) { fmt.Fprintf(logw, format, a...) }

	rng := tensor.NewRand(c.seed)
	var model *nn.Sequential
	var image bool
	var pre mnist.Preprocess
	modelName := c.model
	if c.load != "" {
		var meta map[string]string
		model, meta, err = nn.LoadModel(c.load)
		if err != nil {
			return err
		}
		if pre, err = preprocessFromMeta(meta); err != nil {
			return fmt.Errorf("%s: %v", c.load, err)
		}
		if meta["model"] != "" {
			modelName = meta["model"]
		}
		image = meta["input"] == "image"
	} else if model, image, err = buildModel(c, rng); err != nil {
		return err
	}

	term := stderrTerminal(stderr)
	dir, err := mnist.Locate(ctx, c.data, &mnist.Downloader{Progress: stderr, Terminal: term})
	if err != nil {
		return err
	}
	t0 := time.Now()
	train, test, err := mnist.Load(dir)
	if err != nil {
		return err
	}
	if c.limit > 0 {
		train = train.Slice(0, min(c.limit, train.Len()))
		test = test.Slice(0, min(c.limit, test.Len()))
	}
	var val *mnist.Dataset
	if c.patience > 0 {
		hold := min(5000, train.Len()/6)
		train, val = train.Split(hold)
	}
	if c.load == "" {
		switch c.norm {
		case "standardize":
			pre = mnist.Standardize(train.Raw)
		case "minmax":
			pre = mnist.MinMax(train.Raw)
		case "scale":
			pre = mnist.ScaleOnly()
		default:
			return fmt.Errorf("-norm %q: want standardize, minmax or scale", c.norm)
		}
	}
	for _, d := range []*mnist.Dataset{train, val, test} {
		if d != nil {
			d.Normalize(pre)
		}
	}
	fmt.Fprintf(stderr, "data: %s (%d training, %d validation, %d test images, loaded in %.2fs)\n",
		dir, train.Len(), lenOf(val), test.Len(), time.Since(t0).Seconds())
	logf("model %s: %s, %d parameters\nkernels: %s, threads: %d\n", modelName, model.Spec(), model.NumParams(), kernels.Path(), c.threads)
	logf("preprocessing: %s (x/255 - %.4f) / %.4f\n", pre.Method, pre.Mean, pre.Std)

	res := &result{
		Model: modelName, Arch: model.Spec(), Params: model.NumParams(), Kernels: kernels.Path(),
		Threads: c.threads, Batch: c.batch, Seed: c.seed, TrainSamples: train.Len(),
		Preprocess: pre, EpochSeconds: []float64{}, TrainLoss: []float64{}, EvalAccuracy: []float64{},
	}
	rep := &report.Data{Title: "corten MNIST: " + modelName}

	xTest, yTest := inputs(test, image), labels(test)
	if c.epochs > 0 {
		res.Optimizer, res.LR = c.optimizer, c.lr
		tr, err := newTrainer(c, model, train, image, pre.Value(0), rng)
		if err != nil {
			return err
		}
		xEval, yEval, evalName := xTest, yTest, "test"
		if val != nil {
			xEval, yEval, evalName = inputs(val, image), labels(val), "validation"
		}
		res.EvalSet = evalName
		rep.EvalName = evalName
		var es *nn.EarlyStopping
		if c.patience > 0 {
			es = nn.NewEarlyStopping(model.Params(), c.patience, false)
		}
		bar := progress.New(stderr, term)
		var total float64
		for epoch := 1; epoch <= c.epochs; epoch++ {
			if err := ctx.Err(); err != nil {
				return err
			}
			bar.Start(fmt.Sprintf("epoch %d/%d", epoch, c.epochs), train.Len())
			start := time.Now()
			loss, acc := tr.epoch(bar)
			secs := time.Since(start).Seconds()
			bar.Done()
			total += secs
			evalLoss, evalAcc := nn.Evaluate(model, xEval, yEval, 1000)
			logf("epoch %2d  train loss %.4f  train acc %.2f%%  %s loss %.4f  %s acc %.2f%%  %.2fs\n",
				epoch, loss, 100*acc, evalName, evalLoss, evalName, 100*evalAcc, secs)
			res.Epochs = epoch
			res.EpochSeconds = append(res.EpochSeconds, secs)
			res.TrainLoss = append(res.TrainLoss, loss)
			res.EvalAccuracy = append(res.EvalAccuracy, 100*evalAcc)
			rep.Epochs = append(rep.Epochs, report.Epoch{TrainLoss: loss, TrainAcc: 100 * acc, EvalLoss: evalLoss, EvalAcc: 100 * evalAcc, Seconds: secs})
			if es != nil && es.Observe(evalLoss) {
				logf("early stopping: no better validation loss for %d epochs\n", c.patience)
				break
			}
		}
		if es != nil {
			_, best := es.Best()
			es.Restore()
			res.BestEpoch = best + 1
			logf("restored the weights of epoch %d (best validation loss)\n", best+1)
		}
		res.SamplesPerSecond = float64(res.Epochs*train.Len()) / total
		logf("%.0f samples/s over %d epochs (%.2f s/epoch)\n", res.SamplesPerSecond, res.Epochs, total/float64(res.Epochs))
	}

	// Final test evaluation with the confusion matrix.
	conf := mnist.NewConfusion(mnist.Classes)
	res.TestLoss, _ = nn.Evaluate(model, xTest, yTest, 1000)
	pred := predict(model, xTest)
	var wrong []report.Sample
	hidden := 0
	for i, p := range pred {
		t := int(test.Labels[i])
		conf.Add(t, p)
		if p != t {
			if len(wrong) < 100 {
				wrong = append(wrong, report.Sample{Pixels: test.RawImage(i), Rows: mnist.Rows, Cols: mnist.Cols, Index: i, True: t, Pred: p})
			} else {
				hidden++
			}
		}
	}
	res.TestAccuracy = float64(conf.Correct()) * 100 / float64(max(conf.Total(), 1)) // exact in JSON: 97.96, not 97.96000000000001
	for k := 0; k < conf.K; k++ {
		res.Precision = append(res.Precision, conf.Precision(k))
		res.Recall = append(res.Recall, conf.Recall(k))
		res.Confusion = append(res.Confusion, conf.Counts[k*conf.K:(k+1)*conf.K])
	}
	logf("\ntest loss %.4f, ", res.TestLoss)
	if err := conf.WriteTable(logw); err != nil {
		return err
	}

	if c.save != "" {
		sc := &nn.Scaler{Scale: pre.Scale, Mean: []float32{pre.Mean}, Std: []float32{pre.Std}}
		extra := map[string]string{"model": modelName, "preprocess": pre.Method, "input": "vector"}
		if image {
			extra["input"] = "image"
		}
		if err := nn.SaveModel(c.save, model, sc, extra); err != nil {
			return err
		}
		fmt.Fprintf(stderr, "saved %s\n", c.save)
	}
	if c.report != "" {
		rep.Summary = [][2]string{
			{"model", modelName + ": " + model.Spec()},
			{"parameters", strconv.Itoa(model.NumParams())},
			{"kernels", fmt.Sprintf("%s, %d threads", kernels.Path(), c.threads)},
			{"training", fmt.Sprintf("%d epochs, batch %d, %s lr %g, seed %d", res.Epochs, c.batch, c.optimizer, c.lr, c.seed)},
			{"preprocessing", fmt.Sprintf("%s: (x/255 - %.4f) / %.4f", pre.Method, pre.Mean, pre.Std)},
			{"test accuracy", fmt.Sprintf("%.2f%%", res.TestAccuracy)},
		}
		if c.load != "" {
			rep.Summary = append(rep.Summary, [2]string{"loaded from", c.load})
		}
		rep.Confusion, rep.Misclassified, rep.Hidden = conf, wrong, hidden
		if err := writeReport(c.report, rep); err != nil {
			return err
		}
		fmt.Fprintf(stderr, "report written to %s\n", c.report)
	}
	if c.jsonOut {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(res)
	}
	return nil
}

func lenOf(d *mnist.Dataset) int {
	if d == nil {
		return 0
	}
	return d.Len()
}

// inputs wraps a normalised data set as the model's input tensor, without
// copying: [N,784] for MLPs, [N,1,28,28] for convolutions.
func inputs(d *mnist.Dataset, image bool) *tensor.Tensor {
	if image {
		return tensor.FromSlice(d.Images, d.Len(), 1, mnist.Rows, mnist.Cols)
	}
	return tensor.FromSlice(d.Images, d.Len(), mnist.Pixels)
}

func labels(d *mnist.Dataset) []int {
	y := make([]int, d.Len())
	for i, l := range d.Labels {
		y[i] = int(l)
	}
	return y
}

// predict returns the predicted class of every row of x, in evaluation
// mode, in batches so that the layers' buffers stay small.
func predict(m *nn.Sequential, x *tensor.Tensor) []int {
	m.Eval()
	defer m.Train()
	n := x.Dim(0)
	pred := make([]int, n)
	for i := 0; i < n; i += 1000 {
		j := min(i+1000, n)
		m.Predict(pred[i:j], x.Rows(i, j))
	}
	return pred
}

func preprocessFromMeta(meta map[string]string) (mnist.Preprocess, error) {
	sc, err := nn.ScalerFromMetadata(meta)
	if err != nil {
		return mnist.Preprocess{}, err
	}
	if sc == nil {
		return mnist.Preprocess{}, errors.New("the model records no input preprocessing (input_scale, input_mean, input_std)")
	}
	if len(sc.Mean) > 1 || len(sc.Std) > 1 {
		return mnist.Preprocess{}, errors.New("per-pixel preprocessing is not supported")
	}
	p := mnist.Preprocess{Method: meta["preprocess"], Scale: sc.Scale, Mean: 0, Std: 1}
	if p.Scale == 0 {
		p.Scale = 1
	}
	if len(sc.Mean) == 1 {
		p.Mean = sc.Mean[0]
	}
	if len(sc.Std) == 1 && sc.Std[0] != 0 {
		p.Std = sc.Std[0]
	}
	if p.Method == "" {
		p.Method = "standardize"
	}
	return p, nil
}

func writeReport(path string, d *report.Data) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := report.Write(f, d); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

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
// kernels' worker pool.
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
	kernels.Parallel(augParts, a)
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
