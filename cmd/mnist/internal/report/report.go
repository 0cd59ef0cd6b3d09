// Package report writes the training report of cmd/mnist: one
// self-contained HTML file with inline SVG charts of loss and accuracy per
// epoch, the confusion matrix as a heat map, and the misclassified test
// digits as PNG data URIs. It references nothing outside the file, so it
// can be mailed, archived or opened offline.
//
// The output is also well-formed XML, which lets tests check it with
// encoding/xml.
package report

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"html"
	"image"
	"image/png"
	"io"
	"math"
	"strings"

	"github.com/corten-ml/corten/dataset/mnist"
)

// Epoch holds the numbers of one training epoch. Use NaN for values that
// were not measured.
type Epoch struct {
	TrainLoss float64 // mean training loss
	TrainAcc  float64 // training accuracy, percent
	EvalLoss  float64 // loss on the held-out set
	EvalAcc   float64 // accuracy on the held-out set, percent
	Seconds   float64 // wall time of the epoch
}

// Sample is one misclassified image.
type Sample struct {
	Pixels []uint8 // Rows*Cols bytes, 0 = background
	Rows   int
	Cols   int
	Index  int // position in the test set
	True   int
	Pred   int
}

// Data is the content of a report.
type Data struct {
	Title         string
	Summary       [][2]string // label/value rows shown at the top
	EvalName      string      // what EvalLoss/EvalAcc were measured on: "validation" or "test"
	Epochs        []Epoch
	Confusion     *mnist.Confusion // on the test set
	Misclassified []Sample
	Hidden        int // misclassified samples not shown (the grid is capped)
	// TrueProb is, per test image, the probability the model gave its true
	// class, and Correct whether the image was classified correctly: the
	// distribution of errors (both empty: the section is left out).
	TrueProb []float64
	Correct  []bool
}

// Write renders d as HTML to w.
func Write(w io.Writer, d *Data) error {
	var b strings.Builder
	e := html.EscapeString
	b.WriteString("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>")
	b.WriteString(e(d.Title))
	b.WriteString("</title>\n<style>\n" + css + "</style>\n</head>\n<body>\n<h1>")
	b.WriteString(e(d.Title))
	b.WriteString("</h1>\n")

	if len(d.Summary) > 0 {
		b.WriteString("<table class=\"summary\">\n")
		for _, kv := range d.Summary {
			fmt.Fprintf(&b, "<tr><th>%s</th><td>%s</td></tr>\n", e(kv[0]), e(kv[1]))
		}
		b.WriteString("</table>\n")
	}

	b.WriteString("<h2>Training curves</h2>\n")
	if len(d.Epochs) == 0 {
		b.WriteString("<p>No training epochs (evaluation only).</p>\n")
	} else {
		eval := d.EvalName
		if eval == "" {
			eval = "held-out"
		}
		b.WriteString("<div class=\"charts\">\n")
		lineChart(&b, "Loss per epoch", "loss", []series{
			{"train", "#1f77b4", pick(d.Epochs, func(x Epoch) float64 { return x.TrainLoss })},
			{eval, "#d62728", pick(d.Epochs, func(x Epoch) float64 { return x.EvalLoss })},
		})
		lineChart(&b, "Accuracy per epoch", "accuracy (%)", []series{
			{"train", "#1f77b4", pick(d.Epochs, func(x Epoch) float64 { return x.TrainAcc })},
			{eval, "#d62728", pick(d.Epochs, func(x Epoch) float64 { return x.EvalAcc })},
		})
		b.WriteString("</div>\n")
		b.WriteString("<table class=\"epochs\">\n<tr><th>epoch</th><th>train loss</th><th>train acc</th>")
		fmt.Fprintf(&b, "<th>%s loss</th><th>%s acc</th><th>seconds</th></tr>\n", e(eval), e(eval))
		for i, x := range d.Epochs {
			fmt.Fprintf(&b, "<tr><td>%d</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%.2f</td></tr>\n",
				i+1, num(x.TrainLoss, "%.4f"), num(x.TrainAcc, "%.2f%%"), num(x.EvalLoss, "%.4f"), num(x.EvalAcc, "%.2f%%"), x.Seconds)
		}
		b.WriteString("</table>\n")
	}

	if c := d.Confusion; c != nil {
		fmt.Fprintf(&b, "<h2>Test set: accuracy %.2f%% (%d/%d)</h2>\n", 100*c.Accuracy(), c.Correct(), c.Total())
		b.WriteString("<div class=\"charts\">\n")
		heatMap(&b, c)
		b.WriteString("<table class=\"classes\">\n<tr><th>class</th><th>precision</th><th>recall</th><th>support</th></tr>\n")
		for k := 0; k < c.K; k++ {
			fmt.Fprintf(&b, "<tr><td>%d</td><td>%.2f%%</td><td>%.2f%%</td><td>%d</td></tr>\n",
				k, 100*c.Precision(k), 100*c.Recall(k), c.Support(k))
		}
		b.WriteString("</table>\n</div>\n")
	}

	errorSection(&b, d.TrueProb, d.Correct, d.Confusion)

	if len(d.Misclassified) > 0 {
		fmt.Fprintf(&b, "<h2>Misclassified test digits (%d", len(d.Misclassified))
		if d.Hidden > 0 {
			fmt.Fprintf(&b, " of %d", len(d.Misclassified)+d.Hidden)
		}
		b.WriteString(")</h2>\n<div class=\"grid\">\n")
		for _, s := range d.Misclassified {
			uri, err := pngURI(s)
			if err != nil {
				return err
			}
			fmt.Fprintf(&b, "<figure><img src=\"%s\" alt=\"test image %d\" width=\"56\" height=\"56\"/>"+
				"<figcaption>true <b>%d</b> &#8594; <span class=\"pred\">%d</span></figcaption></figure>\n",
				uri, s.Index, s.True, s.Pred)
		}
		b.WriteString("</div>\n")
	}
	b.WriteString("</body>\n</html>\n")
	_, err := io.WriteString(w, b.String())
	return err
}

const css = `body { font-family: system-ui, sans-serif; margin: 2em; color: #222; }
table { border-collapse: collapse; margin: 1em 0; }
th, td { border: 1px solid #ccc; padding: 0.2em 0.6em; text-align: right; }
.summary th { text-align: left; }
.charts { display: flex; flex-wrap: wrap; gap: 2em; align-items: flex-start; }
svg text { font-size: 12px; fill: #222; }
.grid { display: flex; flex-wrap: wrap; gap: 0.5em; }
figure { margin: 0; text-align: center; font-size: 12px; }
figure img { image-rendering: pixelated; border: 1px solid #ccc; display: block; }
.pred { color: #c00; font-weight: bold; }
`

func num(v float64, format string) string {
	if math.IsNaN(v) {
		return "&#8211;"
	}
	return fmt.Sprintf(format, v)
}

type series struct {
	name  string
	color string
	ys    []float64 // NaN: missing
}

func pick(es []Epoch, f func(Epoch) float64) []float64 {
	ys := make([]float64, len(es))
	for i, x := range es {
		ys[i] = f(x)
	}
	return ys
}

// lineChart draws series against epochs 1..n as an SVG with axes, ticks
// and a legend. Series with no values are left out.
func lineChart(b *strings.Builder, title, ylabel string, ss []series) {
	const (
		w, h                     = 460, 300
		left, right, top, bottom = 60, 20, 30, 45
	)
	pw, ph := float64(w-left-right), float64(h-top-bottom)
	lo, hi := math.Inf(1), math.Inf(-1)
	n := 0
	var shown []series
	for _, s := range ss {
		has := false
		for _, y := range s.ys {
			if !math.IsNaN(y) && !math.IsInf(y, 0) {
				lo, hi, has = math.Min(lo, y), math.Max(hi, y), true
			}
		}
		if has {
			shown = append(shown, s)
			n = max(n, len(s.ys))
		}
	}
	fmt.Fprintf(b, "<svg width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\">\n", w, h, w, h)
	fmt.Fprintf(b, "<text x=\"%d\" y=\"18\" font-weight=\"bold\">%s</text>\n", left, html.EscapeString(title))
	if len(shown) == 0 {
		b.WriteString("<text x=\"60\" y=\"150\">no data</text>\n</svg>\n")
		return
	}
	if hi-lo < 1e-9 {
		lo, hi = lo-0.5, hi+0.5
	}
	ticks := niceTicks(lo, hi, 5)
	lo, hi = math.Min(lo, ticks[0]), math.Max(hi, ticks[len(ticks)-1])
	x := func(i int) float64 { // epoch index 0..n-1
		if n == 1 {
			return left + pw/2
		}
		return left + pw*float64(i)/float64(n-1)
	}
	y := func(v float64) float64 { return top + ph*(hi-v)/(hi-lo) }
	// Grid and y ticks.
	for _, t := range ticks {
		fmt.Fprintf(b, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>\n", left, y(t), w-right, y(t))
		fmt.Fprintf(b, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n", left-6, y(t)+4, tickLabel(t))
	}
	// X ticks: every epoch, thinned to about ten labels.
	step := max(1, (n+9)/10)
	for i := 0; i < n; i += step {
		fmt.Fprintf(b, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%d</text>\n", x(i), h-bottom+16, i+1)
	}
	fmt.Fprintf(b, "<rect x=\"%d\" y=\"%d\" width=\"%.0f\" height=\"%.0f\" fill=\"none\" stroke=\"#888\"/>\n", left, top, pw, ph)
	fmt.Fprintf(b, "<text x=\"%.0f\" y=\"%d\" text-anchor=\"middle\">epoch</text>\n", left+pw/2, h-8)
	fmt.Fprintf(b, "<text transform=\"translate(14 %.0f) rotate(-90)\" text-anchor=\"middle\">%s</text>\n", top+ph/2, html.EscapeString(ylabel))
	for si, s := range shown {
		var pts []string
		for i, v := range s.ys {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				continue
			}
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", x(i), y(v)))
			fmt.Fprintf(b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"><title>%s epoch %d: %.4g</title></circle>\n",
				x(i), y(v), s.color, html.EscapeString(s.name), i+1, v)
		}
		fmt.Fprintf(b, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>\n", strings.Join(pts, " "), s.color)
		ly := top + 14 + 16*si
		fmt.Fprintf(b, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"/>\n", w-right-110, ly-4, w-right-90, ly-4, s.color)
		fmt.Fprintf(b, "<text x=\"%d\" y=\"%d\">%s</text>\n", w-right-85, ly, html.EscapeString(s.name))
	}
	b.WriteString("</svg>\n")
}

// niceTicks returns about n round tick values covering [lo, hi].
func niceTicks(lo, hi float64, n int) []float64 {
	raw := (hi - lo) / float64(n)
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := mag
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*mag >= raw {
			step = m * mag
			break
		}
	}
	var ts []float64
	for t := math.Floor(lo/step) * step; t <= hi+step*1e-9; t += step {
		ts = append(ts, t)
	}
	if len(ts) == 0 || ts[len(ts)-1] < hi {
		ts = append(ts, math.Ceil(hi/step)*step)
	}
	return ts
}

func tickLabel(v float64) string {
	if math.Abs(v) < 1e-12 {
		v = 0
	}
	return fmt.Sprintf("%.4g", v)
}

// heatMap draws the confusion matrix: diagonal cells shaded green by
// recall, off-diagonal cells red relative to the largest error count, so
// that the few errors stay visible next to the large diagonal.
func heatMap(b *strings.Builder, c *mnist.Confusion) {
	const cell, left, top = 36, 50, 50
	size := left + cell*c.K + 10
	maxOff := 0
	for t := 0; t < c.K; t++ {
		for p := 0; p < c.K; p++ {
			if t != p {
				maxOff = max(maxOff, c.At(t, p))
			}
		}
	}
	fmt.Fprintf(b, "<svg width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\">\n", size, size+10, size, size+10)
	b.WriteString("<text x=\"50\" y=\"16\" font-weight=\"bold\">Confusion matrix (rows: true, columns: predicted)</text>\n")
	for k := 0; k < c.K; k++ {
		fmt.Fprintf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%d</text>\n", left+cell*k+cell/2, top-6, k)
		fmt.Fprintf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%d</text>\n", left-6, top+cell*k+cell/2+4, k)
	}
	for t := 0; t < c.K; t++ {
		row := c.Support(t)
		for p := 0; p < c.K; p++ {
			v := c.At(t, p)
			var fill string
			var frac float64
			if t == p {
				frac = ratio(v, row)
				fill = shade(frac, 40, 160, 70)
			} else {
				frac = ratio(v, maxOff)
				fill = shade(frac, 210, 40, 40)
			}
			textColor := "#222"
			if frac > 0.6 {
				textColor = "#fff"
			}
			x, y := left+cell*p, top+cell*t
			fmt.Fprintf(b, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\" stroke=\"#ddd\"><title>true %d, predicted %d: %d</title></rect>\n",
				x, y, cell, cell, fill, t, p, v)
			if v > 0 {
				fmt.Fprintf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" style=\"fill:%s;font-size:11px\">%d</text>\n",
					x+cell/2, y+cell/2+4, textColor, v)
			}
		}
	}
	b.WriteString("</svg>\n")
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// shade blends white towards the colour (r, g, bl) by frac in [0,1].
func shade(frac float64, r, g, bl int) string {
	mix := func(c int) int { return int(math.Round(255 + (float64(c)-255)*frac)) }
	return fmt.Sprintf("#%02x%02x%02x", mix(r), mix(g), mix(bl))
}

// pngURI encodes an image as a PNG data URI, dark ink on white as the
// digits were written.
func pngURI(s Sample) (string, error) {
	if len(s.Pixels) != s.Rows*s.Cols || s.Rows <= 0 {
		return "", fmt.Errorf("report: sample %d has %d pixels for %dx%d", s.Index, len(s.Pixels), s.Rows, s.Cols)
	}
	img := image.NewGray(image.Rect(0, 0, s.Cols, s.Rows))
	for i, p := range s.Pixels {
		img.Pix[i] = 255 - p
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return "", err
	}
	return "data:image/png;base64," + base64.StdEncoding.EncodeToString(buf.Bytes()), nil
}
