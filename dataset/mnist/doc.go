// Package mnist reads the MNIST handwritten-digit database and prepares it
// for training: it finds the four IDX files (a directory given by the
// caller, else $MNIST_DIR, else the copy in testdata/mnist of corten's
// source tree, else the user cache directory, downloading what is missing
// from public mirrors with SHA-256 verification), decodes them
// with strict checks, preprocesses the pixels (scale to [0,1], then
// standardise with the training set's mean and standard deviation, or
// min-max), and scores predictions (accuracy, per-class precision and
// recall, confusion matrix).
//
// Typical use:
//
//	dir, err := mnist.Locate(ctx, *dataFlag, &mnist.Downloader{Progress: os.Stderr})
//	train, test, err := mnist.Load(dir)
//	p := mnist.Standardize(train.Raw)
//	train.Normalize(p)
//	test.Normalize(p)
package mnist
