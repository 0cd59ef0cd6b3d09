package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"runtime"
)

// errUsage is returned after the flag package has printed its message.
var errUsage = errors.New("usage")

// Bounds on the numeric flags: beyond them a value is a typo, and would
// fail late (out of memory, a run of years) rather than at once.
const (
	maxEpochs  = 100_000
	maxBatch   = 1 << 20
	maxThreads = 4096
	maxHidden  = 1 << 16
)

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
	fs.StringVar(&c.model, "model", "mlp", "architecture: mlp (784-128-10), mlp-big (784-512-512-10), cnn (LeNet-5), lstm or gru (the image's 28 rows as 28 steps, 128 units, linear classifier on the last step), vit (16 patches of 7x7, two pre-LN transformer encoder layers of width 64)")
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
	fs.StringVar(&c.data, "data", "", "directory of the MNIST files (default $MNIST_DIR, else testdata/mnist of the source tree, else the user cache directory, downloading what is missing)")
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
	if c.epochs > maxEpochs || c.batch > maxBatch || c.threads > maxThreads {
		return nil, fmt.Errorf("-epochs %d, -batch %d, -threads %d: the limits are %d, %d and %d", c.epochs, c.batch, c.threads, maxEpochs, maxBatch, maxThreads)
	}
	// Written as negations so that NaN, which fails every comparison, is
	// refused too.
	if !(c.dropout >= 0 && c.dropout < 1) {
		return nil, fmt.Errorf("-dropout %v: want 0 <= p < 1", c.dropout)
	}
	if !(c.l2 >= 0 && c.l2 <= 1) {
		return nil, fmt.Errorf("-l2 %v: want a weight decay in [0, 1]", c.l2)
	}
	if set["lr"] && !(c.lr > 0 && c.lr <= 10) {
		return nil, fmt.Errorf("-lr %v: want a finite learning rate in (0, 10]", c.lr)
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
