package nn

import (
	"fmt"
	"math/rand/v2"

	"github.com/corten-ml/corten/tensor"
)

// Batches walks a set of sample indices in shuffled mini-batches, a new
// order every epoch, from a seeded random source (so a run repeats
// exactly). It moves no data itself: Gather copies the chosen rows into
// batch buffers the caller allocates once, so an epoch allocates nothing.
//
//	b := nn.NewBatches(trainIdx, 64, rng)
//	xb, yb := tensor.New(64, 784), make([]int, 64)
//	for epoch := ... {
//		b.Shuffle()
//		for idx := b.Next(); idx != nil; idx = b.Next() {
//			x := nn.GatherRows(xb, xTrain, idx)
//			y := nn.GatherLabels(yb, yTrain, idx)
//			...
//		}
//	}
type Batches struct {
	idx  []int
	size int
	pos  int
	rng  *rand.Rand
}

// NewBatches returns an iterator over idx (which it shuffles in place) in
// batches of size; the last batch of an epoch may be smaller. Pass
// Range(n) to use all n samples. It starts shuffled.
func NewBatches(idx []int, size int, rng *rand.Rand) *Batches {
	if size <= 0 {
		panic(fmt.Sprintf("nn: NewBatches: batch size %d", size))
	}
	b := &Batches{idx: idx, size: size, rng: rng}
	b.Shuffle()
	return b
}

// Shuffle starts a new epoch in a new random order.
func (b *Batches) Shuffle() {
	b.rng.Shuffle(len(b.idx), func(i, j int) { b.idx[i], b.idx[j] = b.idx[j], b.idx[i] })
	b.pos = 0
}

// Next returns the indices of the next batch, or nil at the end of the
// epoch. The slice is a view of the iterator's own order: do not modify
// it.
func (b *Batches) Next() []int {
	if b.pos >= len(b.idx) {
		return nil
	}
	end := min(b.pos+b.size, len(b.idx))
	batch := b.idx[b.pos:end]
	b.pos = end
	return batch
}

// Len returns the number of batches per epoch.
func (b *Batches) Len() int { return (len(b.idx) + b.size - 1) / b.size }

// Range returns the indices 0..n-1.
func Range(n int) []int {
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	return idx
}

// Split shuffles the indices 0..n-1 and returns the first n-⌊n·valFrac⌋ as
// the training set and the rest as the validation set.
func Split(n int, valFrac float64, rng *rand.Rand) (train, val []int) {
	if !(valFrac >= 0 && valFrac < 1) {
		panic(fmt.Sprintf("nn: Split: validation fraction %v not in [0, 1)", valFrac))
	}
	idx := rng.Perm(n)
	nv := int(float64(n) * valFrac)
	return idx[:n-nv], idx[n-nv:]
}

// GatherRows copies the rows idx of src (first dimension) into the
// leading rows of dst and returns them: dst itself when idx fills it, a
// view of its first len(idx) rows otherwise (the last, partial batch).
func GatherRows(dst, src *tensor.Tensor, idx []int) *tensor.Tensor {
	if dst.Dims() != src.Dims() || dst.Dim(0) < len(idx) || dst.Len()/max(dst.Dim(0), 1) != src.Len()/max(src.Dim(0), 1) {
		panic(fmt.Sprintf("nn: GatherRows: %d rows of %v into %v", len(idx), src.Shape(), dst.Shape()))
	}
	w := src.Len() / max(src.Dim(0), 1)
	s, d := src.Data(), dst.Data()
	for i, r := range idx {
		copy(d[i*w:(i+1)*w], s[r*w:(r+1)*w])
	}
	if len(idx) == dst.Dim(0) {
		return dst
	}
	return dst.Rows(0, len(idx))
}

// GatherLabels copies labels idx of src into dst and returns
// dst[:len(idx)].
func GatherLabels(dst, src []int, idx []int) []int {
	for i, r := range idx {
		dst[i] = src[r]
	}
	return dst[:len(idx)]
}
