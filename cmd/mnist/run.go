package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"runtime"
	"strconv"
	"time"

	"github.com/corten-ml/corten/cmd/mnist/internal/progress"
	"github.com/corten-ml/corten/cmd/mnist/internal/report"
	"github.com/corten-ml/corten/dataset/mnist"
	"github.com/corten-ml/corten/internal/atomicfile"
	"github.com/corten-ml/corten/kernels"
	"github.com/corten-ml/corten/nn"
	"github.com/corten-ml/corten/parallel"
	"github.com/corten-ml/corten/tensor"
)

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
	efficiency                        // train_gflops and the peak (efficiency.go)
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	// Check the destinations now: a run must not fail after training
	// because it cannot write its results.
	for _, path := range []string{c.save, c.report} {
		if path != "" {
			if err := nn.CheckWritable(path); err != nil {
				return err
			}
		}
	}
	runtime.GOMAXPROCS(c.threads)
	parallel.SetThreads(c.threads)
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
	fitPre := c.load == "" // preprocessing from the training set, not from the file
	if c.load != "" {
		var meta map[string]string
		model, meta, err = nn.LoadModel(c.load)
		if errors.Is(err, nn.ErrNoArch) {
			// A state_dict written by PyTorch: the weights of -model's
			// architecture, with the -norm preprocessing of the training set.
			model, meta, image, err = loadStateDict(c, rng)
			fitPre = true
		}
		if err != nil {
			return err
		}
		if !fitPre {
			if pre, err = preprocessFromMeta(meta); err != nil {
				return fmt.Errorf("%s: %v", c.load, err)
			}
		}
		if meta["model"] != "" {
			modelName = meta["model"]
		}
		switch meta["input"] {
		case "": // a PyTorch state_dict: -model said
		case "image", "vector":
			image = meta["input"] == "image"
		default:
			return fmt.Errorf("%s: unknown input kind %q in the metadata (want image or vector)", c.load, meta["input"])
		}
		if err := checkInput(model, image); err != nil {
			return fmt.Errorf("%s: %v", c.load, err)
		}
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
	if fitPre {
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
		if train.Len() == 0 {
			return errors.New("no training images (check -limit and the data files)")
		}
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
			es = nn.NewEarlyStopping(append(model.Params(), nn.Buffers(model)...), c.patience, false)
		}
		bar := progress.New(stderr, term)
		meter := startEfficiency(model, image, train.Len(), c.batch, c.threads)
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
			if math.IsNaN(loss) || math.IsInf(loss, 0) {
				return fmt.Errorf("training diverged in epoch %d: the loss is %v (try a smaller -lr); nothing saved", epoch, loss)
			}
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
		res.efficiency = meter.finish(res.Epochs, total, logf)
	}

	// Final test evaluation with the confusion matrix.
	conf := mnist.NewConfusion(mnist.Classes)
	res.TestLoss, _ = nn.Evaluate(model, xTest, yTest, 1000)
	pred, trueProb := predict(model, xTest, yTest)
	var wrong []report.Sample
	hidden := 0
	correct := make([]bool, len(pred))
	for i, p := range pred {
		t := int(test.Labels[i])
		conf.Add(t, p)
		correct[i] = p == t
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
		rep.TrueProb, rep.Correct = trueProb, correct
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

// predict returns the predicted class of every row of x and the
// probability the model gives its true class (labels), in evaluation
// mode, in batches so that the layers' buffers stay small.
func predict(m *nn.Sequential, x *tensor.Tensor, labels []int) ([]int, []float64) {
	m.Eval()
	defer m.Train()
	n := x.Dim(0)
	pred, trueProb := make([]int, n), make([]float64, n)
	var probs *tensor.Tensor
	for i := 0; i < n; i += 1000 {
		j := min(i+1000, n)
		out := m.Forward(x.Rows(i, j))
		if probs == nil || !probs.SameShape(out) {
			probs = tensor.New(out.Shape()...)
		}
		tensor.SoftmaxRows(probs, out, nil)
		tensor.ArgMaxRows(pred[i:j], out)
		k := out.Dim(1)
		for r := range j - i {
			trueProb[i+r] = float64(probs.Data()[r*k+labels[i+r]])
		}
	}
	return pred, trueProb
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

// writeReport writes the HTML report atomically, as models are saved.
func writeReport(path string, d *report.Data) error {
	return atomicfile.Write(path, func(w io.Writer) error { return report.Write(w, d) })
}

// checkInput runs a loaded model on one blank input of the kind its
// metadata names, so that a file whose layers do not fit MNIST's images
// (or the recorded input kind) gives an error rather than a panic later.
// Layers check their input shapes on the calling goroutine before any
// work, so recover sees the mismatch.
func checkInput(m *nn.Sequential, image bool) (err error) {
	x := tensor.New(1, mnist.Pixels)
	kind := "vector [N 784]"
	if image {
		x, kind = tensor.New(1, 1, mnist.Rows, mnist.Cols), "image [N 1 28 28]"
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("the model's layers do not accept its recorded input, an %s: %v", kind, r)
		}
	}()
	m.Eval()
	defer m.Train()
	out := m.Forward(x)
	if out.Dims() != 2 || out.Dim(1) != mnist.Classes {
		return fmt.Errorf("the model gives outputs of shape %v, want [N %d] class scores", out.Shape(), mnist.Classes)
	}
	return nil
}
