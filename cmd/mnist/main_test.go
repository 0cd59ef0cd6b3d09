package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/corten-ml/corten/dataset/mnist"
	"github.com/corten-ml/corten/internal/allocs"
)

// realData returns the repository's copy of MNIST (testdata/mnist). It
// skips the test only when those files have been removed by hand, and
// never in CI (CI=true).
func realData(t *testing.T) string {
	t.Helper()
	dir, ok := mnist.RepoDir()
	if !ok {
		if os.Getenv("CI") == "true" {
			t.Fatalf("no MNIST files in %s of the source tree", mnist.RepoSubdir)
		}
		t.Skipf("no MNIST files in %s of the source tree", mnist.RepoSubdir)
	}
	return dir
}

// runCmd runs the command in-process and returns its stdout and stderr.
func runCmd(t *testing.T, args ...string) (string, string, error) {
	t.Helper()
	var out, errb bytes.Buffer
	err := run(context.Background(), args, &out, &errb)
	return out.String(), errb.String(), err
}

// TestEndToEnd trains the default MLP for one epoch on the real data.
func TestEndToEnd(t *testing.T) {
	dir := realData(t)
	args := []string{"-data", dir, "-epochs", "1", "-json"}
	want := 95.0
	if why := slowReason(t); why != "" {
		// The race detector and emulators (qemu) are 10-100 times slower:
		// a sixth of the data still shows that training works.
		t.Logf("%s: training on 10,000 images only", why)
		args = append(args, "-limit", "10000")
		want = 85
	}
	stdout, stderr, err := runCmd(t, args...)
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	var res result
	if err := json.Unmarshal([]byte(stdout), &res); err != nil {
		t.Fatalf("stdout is not one JSON object: %v\n%s", err, stdout)
	}
	t.Logf("test accuracy %.2f%%, %.2f s/epoch, kernels %s", res.TestAccuracy, res.EpochSeconds[0], res.Kernels)
	if res.TestAccuracy < want {
		t.Fatalf("test accuracy %.2f%% after one epoch, want >= %.0f%%", res.TestAccuracy, want)
	}
}

// TestDefaultData: without -data or $MNIST_DIR, a run from the source
// tree reads the repository's copy (and so works offline).
func TestDefaultData(t *testing.T) {
	dir := realData(t)
	t.Setenv("MNIST_DIR", "")
	_, stderr, err := runCmd(t, "-epochs", "1", "-limit", "640", "-hidden", "8", "-threads", "1", "-json")
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	if !strings.Contains(stderr, "data: "+dir+" ") {
		t.Fatalf("the run did not read %s:\n%s", dir, stderr)
	}
}

// slowReason says why this test run is too slow for a full epoch, or
// returns "" when it is not. An emulator such as qemu-user gives no sign
// of itself but its speed, so time a few training steps: natively one
// takes under a millisecond, under qemu about a hundred.
func slowReason(t *testing.T) string {
	switch {
	case raceEnabled:
		return "race detector"
	case testing.Short():
		return "-short"
	}
	tr, idx := smallTrainer(t, "mlp", "adam", 128)
	tr.step(idx) // sizes the buffers
	start := time.Now()
	const steps = 10
	for i := 0; i < steps; i++ {
		tr.step(idx)
	}
	if per := time.Since(start) / steps; per > 10*time.Millisecond {
		return fmt.Sprintf("slow machine or emulator (%v per training step)", per)
	}
	return ""
}

// smallTrainer returns a trainer of the model on 256 synthetic
// images and a batch of indices for its step method.
func smallTrainer(t *testing.T, model, opt string, hidden int) (*trainer, []int) {
	t.Helper()
	train := &mnist.Dataset{Raw: make([]byte, 256*mnist.Pixels), Labels: make([]uint8, 256)}
	for i := range train.Raw {
		train.Raw[i] = byte(i * 31)
	}
	for i := range train.Labels {
		train.Labels[i] = uint8(i % 10)
	}
	train.Normalize(mnist.ScaleOnly())
	c := &config{model: model, batch: 64, lr: 1e-3, optimizer: opt,
		schedule: "cosine", epochs: 1, augment: true, dropout: 0.1}
	if model != "cnn" {
		c.hidden = strconv.Itoa(hidden)
	}
	rng := rand.New(rand.NewPCG(1, 1))
	m, image, err := buildModel(c, rng)
	if err != nil {
		t.Fatal(err)
	}
	tr, err := newTrainer(c, m, train, image, 0, rng)
	if err != nil {
		t.Fatal(err)
	}
	idx := make([]int, 64)
	for i := range idx {
		idx[i] = i * 3
	}
	return tr, idx
}

// writeSynthetic writes an MNIST-shaped data set that a small model can
// learn quickly: class k has a bright 6x6 block at a position of its own,
// plus noise. Training files are gzipped, test files raw.
func writeSynthetic(t *testing.T, nTrain, nTest int) string {
	t.Helper()
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(7, 8))
	gen := func(n int) (img, lab []byte) {
		img, lab = make([]byte, n*mnist.Pixels), make([]byte, n)
		for i := range lab {
			k := rng.IntN(10)
			lab[i] = byte(k)
			im := img[i*mnist.Pixels : (i+1)*mnist.Pixels]
			for j := range im {
				im[j] = byte(rng.IntN(60))
			}
			r0, c0 := 2+(k/5)*12, 1+(k%5)*5
			for r := r0; r < r0+6; r++ {
				for c := c0; c < c0+4; c++ {
					im[r*mnist.Cols+c] = 200 + byte(rng.IntN(56))
				}
			}
		}
		return img, lab
	}
	idx := func(dims []int, data []byte) []byte {
		var b bytes.Buffer
		b.Write([]byte{0, 0, 8, byte(len(dims))})
		for _, d := range dims {
			binary.Write(&b, binary.BigEndian, uint32(d))
		}
		b.Write(data)
		return b.Bytes()
	}
	put := func(name string, b []byte, zip bool) {
		if zip {
			var z bytes.Buffer
			w := gzip.NewWriter(&z)
			w.Write(b)
			w.Close()
			b, name = z.Bytes(), name+".gz"
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	img, lab := gen(nTrain)
	put(mnist.TrainImagesFile, idx([]int{nTrain, 28, 28}, img), true)
	put(mnist.TrainLabelsFile, idx([]int{nTrain}, lab), true)
	img, lab = gen(nTest)
	put(mnist.TestImagesFile, idx([]int{nTest, 28, 28}, img), false)
	put(mnist.TestLabelsFile, idx([]int{nTest}, lab), false)
	return dir
}

func TestJSONOutput(t *testing.T) {
	dir := writeSynthetic(t, 600, 200)
	stdout, stderr, err := runCmd(t, "-data", dir, "-epochs", "2", "-json", "-hidden", "32", "-threads", "1")
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	// stdout is exactly one JSON object: decode it and require EOF after.
	dec := json.NewDecoder(strings.NewReader(stdout))
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		t.Fatalf("stdout: %v\n%s", err, stdout)
	}
	if dec.More() {
		t.Fatalf("stdout holds more than one JSON value:\n%s", stdout)
	}
	for _, k := range []string{"model", "epochs", "epoch_seconds", "samples_per_second", "test_accuracy", "params", "kernels"} {
		if _, ok := m[k]; !ok {
			t.Errorf("JSON lacks %q", k)
		}
	}
	if m["model"] != "mlp" || m["epochs"] != 2.0 || m["params"] != float64(784*32+32+32*10+10) {
		t.Errorf("model %v epochs %v params %v", m["model"], m["epochs"], m["params"])
	}
	if secs, _ := m["epoch_seconds"].([]any); len(secs) != 2 {
		t.Errorf("epoch_seconds %v", m["epoch_seconds"])
	}
	if acc, _ := m["test_accuracy"].(float64); acc < 90 {
		t.Errorf("test accuracy %v%% on the synthetic set, want >= 90", acc)
	}
	if !strings.Contains(stderr, "kernels: ") || !strings.Contains(stderr, "epoch  2") || !strings.Contains(stderr, "confusion matrix") {
		t.Errorf("stderr lacks the log:\n%s", stderr)
	}
}

func TestSaveLoadRoundTrip(t *testing.T) {
	dir := writeSynthetic(t, 600, 200)
	model := filepath.Join(t.TempDir(), "m.safetensors")
	page := filepath.Join(t.TempDir(), "r.html")
	out1, stderr, err := runCmd(t, "-data", dir, "-epochs", "1", "-hidden", "16,16", "-norm", "minmax",
		"-json", "-save", model, "-report", page, "-threads", "1")
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	out2, stderr, err := runCmd(t, "-data", dir, "-load", model, "-json")
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	var a, b result
	if err := json.Unmarshal([]byte(out1), &a); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(out2), &b); err != nil {
		t.Fatal(err)
	}
	if b.Epochs != 0 || len(b.EpochSeconds) != 0 {
		t.Errorf("-load trained %d epochs; it should only evaluate", b.Epochs)
	}
	if a.TestAccuracy != b.TestAccuracy || a.TestLoss != b.TestLoss || a.Arch != b.Arch || a.Preprocess != b.Preprocess {
		t.Errorf("loaded model differs:\n%+v\n%+v", a, b)
	}
	if b.Model != "mlp" || b.Preprocess.Method != "minmax" {
		t.Errorf("metadata not restored: model %q preprocess %+v", b.Model, b.Preprocess)
	}
	html, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(html, []byte("Distribution of errors")) || !bytes.Contains(html, []byte("Error rate per class")) {
		t.Error("report lacks the distribution of errors")
	}
	if !bytes.Contains(html, []byte("<svg")) || !bytes.Contains(html, []byte("data:image/png;base64,")) ||
		bytes.Contains(html, []byte("http://")) || bytes.Contains(html, []byte("https://")) {
		t.Error("report is not self-contained or lacks charts")
	}
}

func TestOptionsTrain(t *testing.T) {
	dir := writeSynthetic(t, 600, 100)
	for _, args := range [][]string{
		{"-optimizer", "sgd", "-schedule", "const"},
		{"-optimizer", "momentum", "-l2", "1e-4"},
		{"-optimizer", "rmsprop", "-dropout", "0.2", "-augment"},
		{"-patience", "1", "-epochs", "3"},
	} {
		args = append([]string{"-data", dir, "-epochs", "1", "-hidden", "16", "-json", "-threads", "1"}, args...)
		stdout, stderr, err := runCmd(t, args...)
		if err != nil {
			t.Errorf("%v: %v\n%s", args, err, stderr)
			continue
		}
		var r result
		if err := json.Unmarshal([]byte(stdout), &r); err != nil || r.Epochs < 1 {
			t.Errorf("%v: %v, %d epochs", args, err, r.Epochs)
		}
	}
}

func TestBadFlags(t *testing.T) {
	dir := writeSynthetic(t, 20, 10)
	for args, want := range map[string]string{
		"-model lenet":         `-model "lenet"`,
		"-hidden 12,x":         "-hidden",
		"-optimizer adagrad":   "-optimizer",
		"-epochs 0":            "needs -load",
		"-dropout 1":           "-dropout",
		"-norm zscore":         "-norm",
		"-schedule linear":     "-schedule",
		"-load /nonexistent/m": "/nonexistent/m",
	} {
		_, _, err := runCmd(t, append([]string{"-data", dir}, strings.Fields(args)...)...)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: err = %v, want it to mention %q", args, err, want)
		}
	}
}

// TestCNN trains LeNet-5 briefly and round-trips it through a file (the
// loaded model must take image-shaped input again).
func TestCNN(t *testing.T) {
	dir := writeSynthetic(t, 300, 100)
	model := filepath.Join(t.TempDir(), "cnn.safetensors")
	out1, stderr, err := runCmd(t, "-data", dir, "-model", "cnn", "-epochs", "1", "-json", "-save", model, "-augment")
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	out2, stderr, err := runCmd(t, "-data", dir, "-load", model, "-json")
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	var a, b result
	if err := json.Unmarshal([]byte(out1), &a); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(out2), &b); err != nil {
		t.Fatal(err)
	}
	if a.Params != 61706 || b.Model != "cnn" || a.TestAccuracy != b.TestAccuracy {
		t.Errorf("params %d (want 61706), loaded model %q, accuracy %v vs %v", a.Params, b.Model, a.TestAccuracy, b.TestAccuracy)
	}
}

func TestStepAllocs(t *testing.T) {
	for _, mo := range [][2]string{{"mlp", "adam"}, {"mlp", "momentum"}, {"mlp", "rmsprop"}, {"cnn", "adam"}} {
		tr, idx := smallTrainer(t, mo[0], mo[1], 32)
		tr.step(idx) // the first step sizes the buffers
		if n := allocs.Steady(10, 5, func() { tr.step(idx) }); n != 0 {
			t.Errorf("%s with %s: a training step allocates %v times", mo[0], mo[1], n)
		}
	}
}
