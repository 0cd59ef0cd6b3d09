package report

import (
	"bytes"
	"encoding/base64"
	"encoding/xml"
	"image/png"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/corten-ml/corten/dataset/mnist"
)

func sample() *Data {
	c := mnist.NewConfusion(10)
	for k := 0; k < 10; k++ {
		for i := 0; i < 50+k; i++ {
			c.Add(k, k)
		}
	}
	c.Add(4, 9)
	c.Add(7, 1)
	px := make([]uint8, 28*28)
	for i := range px {
		px[i] = uint8(i)
	}
	return &Data{
		Title:    "MNIST mlp <test> & co",
		Summary:  [][2]string{{"model", "mlp 784-128-10"}, {"kernels", "avx2"}},
		EvalName: "validation",
		Epochs: []Epoch{
			{TrainLoss: 0.4, TrainAcc: math.NaN(), EvalLoss: 0.2, EvalAcc: 94.5, Seconds: 0.5},
			{TrainLoss: 0.2, TrainAcc: math.NaN(), EvalLoss: 0.15, EvalAcc: 96.1, Seconds: 0.4},
			{TrainLoss: 0.1, TrainAcc: math.NaN(), EvalLoss: 0.12, EvalAcc: 97.3, Seconds: 0.4},
		},
		Confusion: c,
		Misclassified: []Sample{
			{Pixels: px, Rows: 28, Cols: 28, Index: 12, True: 4, Pred: 9},
			{Pixels: px, Rows: 28, Cols: 28, Index: 99, True: 7, Pred: 1},
		},
		Hidden: 3,
	}
}

// check validates a report: well-formed markup, charts and images
// present, every data URI a decodable PNG, and no external reference.
func check(t *testing.T, out string, wantPNGs int) {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(out))
	dec.Strict = true
	var svgs, imgs int
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("report is not well-formed: %v", err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch se.Name.Local {
		case "svg":
			svgs++
		case "img":
			imgs++
			for _, a := range se.Attr {
				if a.Name.Local != "src" {
					continue
				}
				data, ok := strings.CutPrefix(a.Value, "data:image/png;base64,")
				if !ok {
					t.Fatalf("img src %.40q is not a PNG data URI", a.Value)
				}
				raw, err := base64.StdEncoding.DecodeString(data)
				if err != nil {
					t.Fatal(err)
				}
				img, err := png.Decode(bytes.NewReader(raw))
				if err != nil {
					t.Fatal(err)
				}
				if img.Bounds().Dx() != 28 || img.Bounds().Dy() != 28 {
					t.Fatalf("image bounds %v", img.Bounds())
				}
			}
		case "script", "link", "iframe":
			t.Fatalf("report contains <%s>", se.Name.Local)
		}
	}
	if svgs == 0 || !strings.Contains(out, "<svg") {
		t.Error("no SVG chart")
	}
	if imgs != wantPNGs {
		t.Errorf("%d images, want %d", imgs, wantPNGs)
	}
	if wantPNGs > 0 && !strings.Contains(out, "data:image/png;base64,") {
		t.Error("no PNG data URI")
	}
	for _, bad := range []string{"http://", "https://", "url("} {
		if strings.Contains(out, bad) {
			t.Errorf("report references external content (%q)", bad)
		}
	}
}

func TestWrite(t *testing.T) {
	var b strings.Builder
	if err := Write(&b, sample()); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	check(t, out, 2)
	for _, want := range []string{
		"MNIST mlp &lt;test&gt; &amp; co", // title escaped
		"Loss per epoch", "Accuracy per epoch", "validation",
		"Misclassified test digits (2 of 5)",
		"true 4, predicted 9: 1", // heat-map cell tooltip
		"<polyline",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	if strings.Count(out, "<svg") != 3 {
		t.Errorf("%d SVGs, want 3 (two curves, one heat map)", strings.Count(out, "<svg"))
	}
	if os.Getenv("REPORT_OUT") != "" { // for looking at it in a browser
		os.WriteFile(filepath.Join(os.Getenv("REPORT_OUT"), "report.html"), []byte(out), 0o644)
	}
}

func TestWriteEdgeCases(t *testing.T) {
	// Evaluation only: no epochs, no errors.
	d := sample()
	d.Epochs, d.Misclassified, d.Hidden = nil, nil, 0
	var b strings.Builder
	if err := Write(&b, d); err != nil {
		t.Fatal(err)
	}
	check(t, b.String(), 0)

	// One epoch, constant values, a series of only NaN.
	d = sample()
	d.Epochs = []Epoch{{TrainLoss: 1, TrainAcc: math.NaN(), EvalLoss: math.NaN(), EvalAcc: math.NaN()}}
	b.Reset()
	if err := Write(&b, d); err != nil {
		t.Fatal(err)
	}
	check(t, b.String(), 2)
	if strings.Contains(b.String(), "NaN") {
		t.Error("NaN printed")
	}

	d.Misclassified[0].Pixels = d.Misclassified[0].Pixels[:10]
	if err := Write(io.Discard, d); err == nil {
		t.Error("bad sample accepted")
	}
}

func TestNiceTicks(t *testing.T) {
	ts := niceTicks(0.13, 0.97, 5)
	if ts[0] > 0.13 || ts[len(ts)-1] < 0.97 || len(ts) > 8 {
		t.Fatalf("ticks %v", ts)
	}
}

func TestErrorDistribution(t *testing.T) {
	d := sample()
	d.TrueProb = []float64{0.99, 1, 0.97, 0.5, 0.02, 0.31, 0, math.NaN()}
	d.Correct = []bool{true, true, true, true, false, false, false, false}
	var b bytes.Buffer
	if err := Write(&b, d); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	check(t, out, 2)
	for _, want := range []string{
		"Distribution of errors", "Correctly classified (4)", "Misclassified (4)",
		"<title>0.95-1.00: 3</title>", // 0.97, 0.99 and 1 share the last bin
		"<title>0.00-0.05: 3</title>", // 0.02, 0 and the NaN
		"<title>0.30-0.35: 1</title>", // 0.31
		"Error rate per class",
		"<title>class 4: 1.82%</title>", // 1 wrong of 55
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	d.TrueProb, d.Correct = nil, nil
	b.Reset()
	if err := Write(&b, d); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "Distribution of errors") {
		t.Error("a report without probabilities has the errors section")
	}
}
