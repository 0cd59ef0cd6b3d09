package mnist

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"
)

// idxBytes builds an IDX file of unsigned bytes with the given dimensions.
func idxBytes(dims []int, data []byte) []byte {
	var b bytes.Buffer
	b.Write([]byte{0, 0, 0x08, byte(len(dims))})
	for _, d := range dims {
		binary.Write(&b, binary.BigEndian, uint32(d))
	}
	b.Write(data)
	return b.Bytes()
}

func gz(b []byte) []byte {
	var out bytes.Buffer
	w := gzip.NewWriter(&out)
	w.Write(b)
	w.Close()
	return out.Bytes()
}

// fakeSet returns n 28x28 images whose pixels encode their index and
// labels i%10.
func fakeSet(n int) (images, labels []byte) {
	images = make([]byte, n*Pixels)
	labels = make([]byte, n)
	for i := 0; i < n; i++ {
		for j := 0; j < Pixels; j++ {
			images[i*Pixels+j] = byte((i*7 + j) % 256)
		}
		labels[i] = byte(i % 10)
	}
	return images, labels
}

// writeFakeMNIST writes a small MNIST-shaped data set to dir: gzipped
// training files and raw test files, to cover both forms.
func writeFakeMNIST(t testing.TB, dir string, nTrain, nTest int) {
	t.Helper()
	img, lab := fakeSet(nTrain)
	write(t, filepath.Join(dir, TrainImagesFile+".gz"), gz(idxBytes([]int{nTrain, Rows, Cols}, img)))
	write(t, filepath.Join(dir, TrainLabelsFile+".gz"), gz(idxBytes([]int{nTrain}, lab)))
	img, lab = fakeSet(nTest)
	write(t, filepath.Join(dir, TestImagesFile), idxBytes([]int{nTest, Rows, Cols}, img))
	write(t, filepath.Join(dir, TestLabelsFile), idxBytes([]int{nTest}, lab))
}

func write(t testing.TB, path string, b []byte) {
	t.Helper()
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}
