package mnist

import (
	"fmt"
	"io"
	"strings"
)

// Confusion is a confusion matrix: Counts[t*K+p] is the number of examples
// of true class t predicted as class p.
type Confusion struct {
	K      int   // number of classes
	Counts []int // K*K counts, row = true class, column = prediction
}

// NewConfusion returns an empty k-class confusion matrix.
func NewConfusion(k int) *Confusion {
	return &Confusion{K: k, Counts: make([]int, k*k)}
}

// Add records one example of class truth predicted as pred.
func (c *Confusion) Add(truth, pred int) { c.Counts[truth*c.K+pred]++ }

// Reset clears all counts, keeping the storage.
func (c *Confusion) Reset() { clear(c.Counts) }

// At returns the number of examples of class truth predicted as pred.
func (c *Confusion) At(truth, pred int) int { return c.Counts[truth*c.K+pred] }

// Total returns the number of examples recorded.
func (c *Confusion) Total() int {
	n := 0
	for _, v := range c.Counts {
		n += v
	}
	return n
}

// Correct returns the number of examples predicted correctly.
func (c *Confusion) Correct() int {
	n := 0
	for i := 0; i < c.K; i++ {
		n += c.At(i, i)
	}
	return n
}

// Accuracy returns the fraction of examples predicted correctly (0 when
// empty).
func (c *Confusion) Accuracy() float64 { return ratio(c.Correct(), c.Total()) }

// Precision returns, of the examples predicted as class k, the fraction
// that are class k (0 when nothing was predicted as k).
func (c *Confusion) Precision(k int) float64 {
	col := 0
	for t := 0; t < c.K; t++ {
		col += c.At(t, k)
	}
	return ratio(c.At(k, k), col)
}

// Recall returns, of the examples of class k, the fraction predicted as
// class k (0 when there are none).
func (c *Confusion) Recall(k int) float64 {
	row := 0
	for p := 0; p < c.K; p++ {
		row += c.At(k, p)
	}
	return ratio(c.At(k, k), row)
}

// Support returns the number of examples of class k.
func (c *Confusion) Support(k int) int {
	row := 0
	for p := 0; p < c.K; p++ {
		row += c.At(k, p)
	}
	return row
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// WriteTable prints per-class precision, recall and support, then the
// confusion matrix (rows: true class, columns: prediction).
func (c *Confusion) WriteTable(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "accuracy %.2f%% (%d/%d)\n\n", 100*c.Accuracy(), c.Correct(), c.Total())
	b.WriteString("class  precision  recall  support\n")
	for k := 0; k < c.K; k++ {
		fmt.Fprintf(&b, "%5d  %8.2f%%  %5.2f%%  %7d\n", k, 100*c.Precision(k), 100*c.Recall(k), c.Support(k))
	}
	b.WriteString("\nconfusion matrix (rows: true class, columns: predicted)\n      ")
	for p := 0; p < c.K; p++ {
		fmt.Fprintf(&b, "%6d", p)
	}
	b.WriteByte('\n')
	for t := 0; t < c.K; t++ {
		fmt.Fprintf(&b, "%6d", t)
		for p := 0; p < c.K; p++ {
			fmt.Fprintf(&b, "%6d", c.At(t, p))
		}
		b.WriteByte('\n')
	}
	_, err := io.WriteString(w, b.String())
	return err
}
