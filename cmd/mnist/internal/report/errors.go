package report

import (
	"fmt"
	"html"
	"math"
	"strings"

	"github.com/corten-ml/corten/dataset/mnist"
)

// The distribution of errors: how much probability the model gives the
// true class of each test image, for the images it classifies correctly
// and for those it gets wrong, and the error rate of each class. A
// well-calibrated model is sure when right and unsure when wrong; a
// histogram of wrong answers piled up near zero means confident mistakes.

// histBins is the number of probability bins in [0, 1].
const histBins = 20

// errorSection writes the histograms of the true-class probability and the
// per-class error rates.
func errorSection(b *strings.Builder, trueProb []float64, correct []bool, c *mnist.Confusion) {
	if len(trueProb) == 0 || len(trueProb) != len(correct) {
		return
	}
	var right, wrong [histBins]int
	nRight, nWrong := 0, 0
	for i, p := range trueProb {
		k := int(p * histBins)
		k = min(max(k, 0), histBins-1) // p == 1 falls in the last bin; NaN in the first
		if correct[i] {
			right[k]++
			nRight++
		} else {
			wrong[k]++
			nWrong++
		}
	}
	b.WriteString("<h2>Distribution of errors</h2>\n<p>Probability the model gives the true class, for the test images it classifies correctly and for those it gets wrong.</p>\n<div class=\"charts\">\n")
	histogram(b, fmt.Sprintf("Correctly classified (%d)", nRight), "#2ca02c", right[:])
	histogram(b, fmt.Sprintf("Misclassified (%d)", nWrong), "#d62728", wrong[:])
	if c != nil {
		rates := make([]float64, c.K)
		for k := range rates {
			if s := c.Support(k); s > 0 {
				rates[k] = 100 * float64(s-c.At(k, k)) / float64(s)
			}
		}
		barChart(b, "Error rate per class (%)", rates)
	}
	b.WriteString("</div>\n")
}

// histogram draws counts over equal bins of [0, 1].
func histogram(b *strings.Builder, title, color string, counts []int) {
	ys := make([]float64, len(counts))
	for i, n := range counts {
		ys[i] = float64(n)
	}
	bars(b, title, color, ys, func(i int) string {
		return fmt.Sprintf("%.2f-%.2f", float64(i)/float64(len(counts)), float64(i+1)/float64(len(counts)))
	}, "probability of the true class", func(i int) string {
		if i%5 != 0 {
			return ""
		}
		return fmt.Sprintf("%.2g", float64(i)/float64(len(counts)))
	}, "%.0f")
}

// barChart draws one bar per class.
func barChart(b *strings.Builder, title string, ys []float64) {
	bars(b, title, "#1f77b4", ys, func(i int) string { return fmt.Sprintf("class %d", i) }, "class",
		func(i int) string { return fmt.Sprint(i) }, "%.2f%%")
}

// bars draws ys as adjacent bars with a y axis from 0, a tooltip per bar
// (tip(i) and the value), x labels under the bars' left edges and an axis
// caption.
func bars(b *strings.Builder, title, color string, ys []float64, tip func(int) string, xcaption string, xlabel func(int) string, valueFormat string) {
	const (
		w, h                     = 420, 260
		left, right, top, bottom = 50, 15, 30, 45
	)
	pw, ph := float64(w-left-right), float64(h-top-bottom)
	hi := 0.0
	for _, y := range ys {
		if !math.IsNaN(y) {
			hi = math.Max(hi, y)
		}
	}
	if hi == 0 {
		hi = 1
	}
	ticks := niceTicks(0, hi, 4)
	hi = math.Max(hi, ticks[len(ticks)-1])
	y := func(v float64) float64 { return top + ph*(hi-v)/hi }
	bw := pw / float64(len(ys))
	fmt.Fprintf(b, "<svg width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\">\n", w, h, w, h)
	fmt.Fprintf(b, "<text x=\"%d\" y=\"18\" font-weight=\"bold\">%s</text>\n", left, html.EscapeString(title))
	for _, t := range ticks {
		fmt.Fprintf(b, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>\n", left, y(t), w-right, y(t))
		fmt.Fprintf(b, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n", left-6, y(t)+4, tickLabel(t))
	}
	for i, v := range ys {
		x := left + bw*float64(i)
		if !math.IsNaN(v) && v > 0 {
			fmt.Fprintf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>%s: %s</title></rect>\n",
				x+1, y(v), bw-2, y(0)-y(v), color, html.EscapeString(tip(i)), fmt.Sprintf(valueFormat, v))
		}
		if l := xlabel(i); l != "" {
			fmt.Fprintf(b, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>\n", x+bw/2, h-bottom+16, html.EscapeString(l))
		}
	}
	fmt.Fprintf(b, "<rect x=\"%d\" y=\"%d\" width=\"%.0f\" height=\"%.0f\" fill=\"none\" stroke=\"#888\"/>\n", left, top, pw, ph)
	fmt.Fprintf(b, "<text x=\"%.0f\" y=\"%d\" text-anchor=\"middle\">%s</text>\n", left+pw/2, h-8, html.EscapeString(xcaption))
	b.WriteString("</svg>\n")
}
