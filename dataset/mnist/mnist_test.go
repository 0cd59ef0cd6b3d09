package mnist

import (
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoadFake(t *testing.T) {
	dir := t.TempDir()
	writeFakeMNIST(t, dir, 30, 20)
	train, test, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if train.Len() != 30 || test.Len() != 20 {
		t.Fatalf("sizes %d, %d", train.Len(), test.Len())
	}
	if train.Labels[13] != 3 || train.RawImage(2)[5] != byte(2*7+5) {
		t.Fatal("wrong content")
	}
	p := Standardize(train.Raw)
	train.Normalize(p)
	if got, want := train.Image(2)[5], p.Value(byte(2*7+5)); got != want {
		t.Fatalf("Image(2)[5] = %v, want %v", got, want)
	}
	tr, val := train.Split(5)
	if tr.Len() != 25 || val.Len() != 5 || val.Labels[0] != 5 || &val.Image(0)[0] != &train.Image(25)[0] {
		t.Fatal("Split wrong")
	}
	// Growing a slice of a split must not overwrite the other part.
	if cap(tr.Labels) != 25 {
		t.Fatal("Split leaves capacity into the held-out part")
	}
}

func TestLoadMismatch(t *testing.T) {
	dir := t.TempDir()
	writeFakeMNIST(t, dir, 3, 3)
	write(t, filepath.Join(dir, TrainLabelsFile+".gz"), gz(idxBytes([]int{2}, []byte{1, 2})))
	_, _, err := Load(dir)
	if err == nil || !strings.Contains(err.Error(), "has 3 images but") || !strings.Contains(err.Error(), "has 2 labels") {
		t.Fatalf("err = %v", err)
	}

	write(t, filepath.Join(dir, TrainLabelsFile+".gz"), gz(idxBytes([]int{3}, []byte{1, 2, 12})))
	_, _, err = Load(dir)
	if err == nil || !strings.Contains(err.Error(), TrainLabelsFile) || !strings.Contains(err.Error(), "label 12") {
		t.Fatalf("err = %v", err)
	}

	write(t, filepath.Join(dir, TrainImagesFile+".gz"), gz(idxBytes([]int{3, 2, 2}, make([]byte, 12))))
	_, _, err = Load(dir)
	if err == nil || !strings.Contains(err.Error(), "2x2 pixels, want 28x28") {
		t.Fatalf("err = %v", err)
	}

	// Labels where images belong.
	write(t, filepath.Join(dir, TrainImagesFile+".gz"), gz(idxBytes([]int{3}, []byte{1, 2, 3})))
	_, _, err = Load(dir)
	if err == nil || !strings.Contains(err.Error(), "not an image file") {
		t.Fatalf("err = %v", err)
	}

	os.Remove(filepath.Join(dir, TestImagesFile))
	_, err = LoadFiles(filepath.Join(dir, TestImagesFile), filepath.Join(dir, TestLabelsFile))
	if err == nil || !os.IsNotExist(err) {
		t.Fatalf("err = %v", err)
	}
}

func TestPreprocess(t *testing.T) {
	raw := []uint8{0, 0, 255, 255}
	p := Standardize(raw)
	if p.Mean != 0.5 || p.Std != 0.5 {
		t.Fatalf("Standardize = %+v, want mean 0.5 std 0.5", p)
	}
	dst := make([]float32, 4)
	p.Apply(dst, raw)
	if dst[0] != -1 || dst[3] != 1 {
		t.Fatalf("Apply = %v", dst)
	}
	m := MinMax([]uint8{51, 102, 153})
	if v := m.Value(51); v != 0 {
		t.Errorf("MinMax(min) = %v", v)
	}
	if v := m.Value(153); math.Abs(float64(v)-1) > 1e-6 {
		t.Errorf("MinMax(max) = %v", v)
	}
	if s := ScaleOnly(); s.Value(255) != 1 || s.Value(0) != 0 {
		t.Error("ScaleOnly wrong")
	}
	// Constant input must not divide by zero.
	if c := Standardize([]uint8{7, 7}); c.Std != 1 {
		t.Errorf("constant Standardize std = %v", c.Std)
	}
	back, err := PreprocessFromMetadata(p.Metadata())
	if err != nil || back != p {
		t.Fatalf("metadata round trip: %+v, %v", back, err)
	}
	if _, err := PreprocessFromMetadata(map[string]string{"preprocess": "standardize", "input_scale": "x"}); err == nil {
		t.Fatal("bad metadata accepted")
	}
}

func TestAugment(t *testing.T) {
	src := make([]float32, Pixels)
	src[10*Cols+10] = 1
	dst := make([]float32, Pixels)
	Shift(dst, src, Rows, Cols, 2, -1, -0.5)
	if dst[9*Cols+12] != 1 || dst[0] != -0.5 {
		t.Fatal("Shift moved the pixel to the wrong place")
	}
	Shift(dst, src, Rows, Cols, 0, 0, 0)
	for i := range dst {
		if dst[i] != src[i] {
			t.Fatal("zero shift is not a copy")
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	if n := testing.AllocsPerRun(100, func() { Augment(dst, src, 2, 0, rng) }); n != 0 {
		t.Fatalf("Augment allocates %v times", n)
	}
}

// TestRealData checks the repository's copy of the real files.
func TestRealData(t *testing.T) {
	dir := repoData(t)
	train, test, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if train.Len() != TrainSize || test.Len() != TestSize {
		t.Fatalf("sizes %d, %d", train.Len(), test.Len())
	}
	p := Standardize(train.Raw)
	// The constants torchvision's MNIST examples use.
	if math.Abs(float64(p.Mean)-0.1307) > 1e-4 || math.Abs(float64(p.Std)-0.3081) > 1e-4 {
		t.Fatalf("mean %v std %v, want 0.1307 0.3081", p.Mean, p.Std)
	}
	if train.Labels[0] != 5 || test.Labels[0] != 7 {
		t.Fatalf("first labels %d %d, want 5 7", train.Labels[0], test.Labels[0])
	}
}
