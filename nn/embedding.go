package nn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/corten-ml/corten/tensor"
)

// Embedding maps integer ids to learned vectors, as PyTorch's nn.Embedding:
// row i of the weight [Num, Dim] is the vector of id i.
//
// Layers take tensors, so the ids arrive as a float32 tensor of any shape
// ([N, T] for a batch of sequences) holding exact integers in [0, Num);
// float32 represents every integer up to 2^24 exactly, more than any
// vocabulary. The output has the ids' shape with Dim appended ([N, T, Dim]).
// An id that is not such an integer is a programmer error and panics,
// naming the id and its position.
//
// The gradient is sparse-friendly: Backward adds into the rows of DW of the
// ids seen, in time proportional to the number of ids, not to Num. Ids
// have no gradient: Backward returns nil, which ends Sequential's backward
// pass, so Embedding belongs first in a model.
type Embedding struct {
	Num, Dim int
	W, DW    *tensor.Tensor // weight [Num, Dim] and its gradient

	ids *tensor.Tensor // the ids of the last Forward, for Backward
	y   buffer
}

// NewEmbedding returns an embedding of num ids to vectors of dim values,
// drawn from N(0, 1) as PyTorch does.
func NewEmbedding(num, dim int, rng *rand.Rand) *Embedding {
	if num <= 0 || dim <= 0 {
		panic(fmt.Sprintf("nn: NewEmbedding(%d, %d): sizes must be positive", num, dim))
	}
	e := &Embedding{Num: num, Dim: dim, W: tensor.New(num, dim), DW: tensor.New(num, dim)}
	for i := range e.W.Data() {
		e.W.Data()[i] = float32(rng.NormFloat64())
	}
	return e
}

// Forward gathers the rows of W named by ids.
func (e *Embedding) Forward(ids *tensor.Tensor) *tensor.Tensor {
	if ids.Dims() < 1 {
		panic(fmt.Sprintf("nn: Embedding: ids shape %v, want at least one axis", ids.Shape()))
	}
	e.checkIDs(ids)
	e.ids = ids
	y := e.y.appendDim(ids, e.Dim)
	w, out := e.W.Data(), y.Data()
	for i, v := range ids.Data() {
		id := int(v)
		copy(out[i*e.Dim:(i+1)*e.Dim], w[id*e.Dim:(id+1)*e.Dim])
	}
	return y
}

// checkIDs panics unless every id is an integer in [0, Num).
func (e *Embedding) checkIDs(ids *tensor.Tensor) {
	for i, v := range ids.Data() {
		if !(v >= 0 && v < float32(e.Num)) || v != float32(math.Trunc(float64(v))) {
			panic(fmt.Sprintf("nn: Embedding: id %v at position %v of ids %v is not an integer in [0, %d)",
				v, unravel(i, ids.Shape()), ids.Shape(), e.Num))
		}
	}
}

// unravel turns a flat row-major index into one index per axis.
func unravel(i int, shape []int) []int {
	idx := make([]int, len(shape))
	for a := len(shape) - 1; a >= 0; a-- {
		idx[a] = i % shape[a]
		i /= shape[a]
	}
	return idx
}

// Backward adds each row of dy into the row of DW of its id (repeated ids
// accumulate) and returns nil: ids have no gradient.
func (e *Embedding) Backward(dy *tensor.Tensor) *tensor.Tensor {
	if e.ids == nil {
		panic("nn: Embedding: Backward before Forward")
	}
	mustSameShape("Embedding", "gradient", dy, e.y.cur)
	dw, g := e.DW.Data(), dy.Data()
	for i, v := range e.ids.Data() {
		row := dw[int(v)*e.Dim : (int(v)+1)*e.Dim]
		for j, d := range g[i*e.Dim : (i+1)*e.Dim] {
			row[j] += d
		}
	}
	return nil
}

// Params returns the weight.
func (e *Embedding) Params() []Param { return []Param{{"weight", e.W, e.DW}} }

// Spec returns "embedding(num,dim)".
func (e *Embedding) Spec() string { return fmt.Sprintf("embedding(%d,%d)", e.Num, e.Dim) }

// appendDim returns a tensor shaped as x with one more axis of size last,
// without allocating when the shape is the cached one.
func (b *buffer) appendDim(x *tensor.Tensor, last int) *tensor.Tensor {
	xs := x.Shape()
	if c := b.cur; c != nil {
		cs := c.Shape()
		if len(cs) == len(xs)+1 && cs[len(xs)] == last && slices.Equal(cs[:len(xs)], xs) {
			return c
		}
	}
	return b.get(append(slices.Clone(xs), last)...)
}

// embedding(num,dim) in the architecture language (see Build).
func init() {
	RegisterLayer("embedding", func(args []string, rng *rand.Rand) (Layer, error) {
		num, dim, err := twoSizes("embedding", "(num,dim)", args)
		if err != nil {
			return nil, err
		}
		return NewEmbedding(num, dim, rng), nil
	})
	paramCounters["embedding"] = func(args []string) (int64, error) {
		num, dim, err := twoSizes("embedding", "(num,dim)", args)
		return int64(num) * int64(dim), err
	}
}

// twoSizes parses the (num,dim) arguments of embedding and checks the
// weight's size.
func twoSizes(layer, want string, args []string) (int, int, error) {
	if len(args) != 2 {
		return 0, 0, fmt.Errorf("%s takes %s, got %d arguments", layer, want, len(args))
	}
	a, err1 := PositiveInt(args[0])
	b, err2 := PositiveInt(args[1])
	if err := firstErr(err1, err2); err != nil {
		return 0, 0, fmt.Errorf("%s: %w", layer, err)
	}
	if err := checkParams(layer, a, b); err != nil {
		return 0, 0, err
	}
	return a, b, nil
}
