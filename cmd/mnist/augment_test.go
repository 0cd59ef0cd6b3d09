package main

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/corten-ml/corten/dataset/mnist"
	"github.com/corten-ml/corten/parallel"
)

// TestAugmenterMatchesSerial checks that augmenting a batch on the worker
// pool gives, for any thread count, exactly the images that AugmentRotate
// gives one by one from the same random source.
func TestAugmenterMatchesSerial(t *testing.T) {
	const n = 37 // not a multiple of augParts
	data := make([]float32, n*mnist.Pixels)
	for i := range data {
		data[i] = float32(i*7%256) / 255
	}
	want := slices.Clone(data)
	rng := rand.New(rand.NewPCG(3, 4))
	tmp := make([]float32, mnist.Pixels)
	for i := range n {
		img := want[i*mnist.Pixels : (i+1)*mnist.Pixels]
		copy(tmp, img)
		mnist.AugmentRotate(img, tmp, 2, 10, -0.5, rng)
	}
	for _, threads := range []int{1, 2, 3} {
		prev := parallel.SetThreads(threads)
		got := slices.Clone(data)
		a := newAugmenter(64, -0.5)
		a.apply(got, n, rand.New(rand.NewPCG(3, 4)))
		parallel.SetThreads(prev)
		if !slices.Equal(got, want) {
			t.Fatalf("%d threads: augmented batch differs from AugmentRotate image by image", threads)
		}
		if slices.Equal(got, data) {
			t.Fatal("augmentation left the images unchanged")
		}
	}
}
