package mnist_test

import (
	"fmt"

	"github.com/corten-ml/corten/dataset/mnist"
)

// Loading MNIST and preprocessing it as torchvision's Normalize does.
func Example() {
	dir, err := mnist.Dir("") // -data flag, else $MNIST_DIR, else testdata/mnist, else the cache
	if err != nil {
		fmt.Println(err)
		return
	}
	// In a program, mnist.Locate(ctx, flagDir, &mnist.Downloader{Progress:
	// os.Stderr}) also fetches missing files; here we only read.
	train, test, err := mnist.Load(dir)
	if err != nil {
		fmt.Println("MNIST not available")
		return
	}
	p := mnist.Standardize(train.Raw)
	train.Normalize(p)
	test.Normalize(p)
	fmt.Println(train.Len(), test.Len(), len(train.Image(0)))
}

// Scoring predictions with a confusion matrix.
func ExampleConfusion() {
	c := mnist.NewConfusion(mnist.Classes)
	truth := []int{7, 2, 1, 0, 4}
	pred := []int{7, 2, 1, 0, 9}
	for i := range truth {
		c.Add(truth[i], pred[i])
	}
	fmt.Printf("accuracy %.0f%%, recall(4) %.0f%%, precision(9) %.0f%%\n",
		100*c.Accuracy(), 100*c.Recall(4), 100*c.Precision(9))
	// Output: accuracy 80%, recall(4) 0%, precision(9) 0%
}

// Fitting the standardisation on training pixels and applying it.
func ExampleStandardize() {
	raw := []uint8{0, 0, 255, 255}
	p := mnist.Standardize(raw)
	x := make([]float32, len(raw))
	p.Apply(x, raw)
	fmt.Println(p.Mean, p.Std, x)
	// Output: 0.5 0.5 [-1 -1 1 1]
}
