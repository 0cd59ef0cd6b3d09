package mnist

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
)

func TestReadIDX(t *testing.T) {
	img, _ := fakeSet(3)
	raw := idxBytes([]int{3, 28, 28}, img)
	for name, b := range map[string][]byte{"raw": raw, "gzip": gz(raw)} {
		idx, err := ReadIDX(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		n, r, c, err := idx.Images()
		if err != nil || n != 3 || r != 28 || c != 28 {
			t.Fatalf("%s: Images() = %d, %d, %d, %v", name, n, r, c, err)
		}
		if !bytes.Equal(idx.Data, img) {
			t.Fatalf("%s: data differs", name)
		}
	}
}

func TestReadIDXErrors(t *testing.T) {
	good := idxBytes([]int{2}, []byte{1, 2})
	zipped := gz(good)
	badCRC := append([]byte(nil), zipped...)
	badCRC[len(badCRC)-6] ^= 0xff // flip a byte of the CRC-32 trailer
	cases := []struct {
		name string
		in   []byte
		want string
	}{
		{"empty", nil, "truncated header"},
		{"short magic", []byte{0, 0}, "truncated header"},
		{"not idx", []byte("PK\x03\x04zipfile"), "not an IDX file"},
		{"float type", []byte{0, 0, 0x0d, 1, 0, 0, 0, 1, 0, 0, 0, 0}, "not unsigned byte"},
		{"zero dims", []byte{0, 0, 8, 0}, "0 dimensions"},
		{"short dims", []byte{0, 0, 8, 3, 0, 0, 0, 1}, "truncated header (reading 3 dimensions)"},
		{"short data", idxBytes([]int{5}, []byte{1, 2}), "truncated data: dimensions [5] need 5 bytes, file has 2"},
		{"trailing", idxBytes([]int{1}, []byte{1, 2}), "trailing data"},
		{"huge", idxBytes([]int{1 << 20, 1 << 20}, nil), "exceed"},
		{"truncated gzip", zipped[:len(zipped)-10], "unexpected EOF"},
		{"bad crc", badCRC, "gzip"},
	}
	for _, c := range cases {
		_, err := ReadIDX(bytes.NewReader(c.in))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want it to mention %q", c.name, err, c.want)
		}
	}
}

func TestIDXKinds(t *testing.T) {
	lab := &IDX{Magic: LabelsMagic, Dims: []int{3}, Data: []byte{0, 9, 10}}
	if _, err := lab.Labels(10); err == nil || !strings.Contains(err.Error(), "label 10 at index 2") {
		t.Errorf("Labels: err = %v", err)
	}
	if _, _, _, err := lab.Images(); err == nil || !strings.Contains(err.Error(), "not an image file") {
		t.Errorf("Images on labels: err = %v", err)
	}
	img := &IDX{Magic: ImagesMagic, Dims: []int{0, 28, 28}}
	if _, err := img.Labels(10); err == nil || !strings.Contains(err.Error(), "not a label file") {
		t.Errorf("Labels on images: err = %v", err)
	}
	empty := &IDX{Magic: ImagesMagic, Dims: []int{4, 0, 28}}
	if _, _, _, err := empty.Images(); err == nil {
		t.Error("Images accepted 0-row images")
	}
}

func TestReadIDXFileNamesFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "broken-idx1-ubyte")
	write(t, path, idxBytes([]int{4}, []byte{1}))
	_, err := ReadIDXFile(path)
	if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "truncated") {
		t.Fatalf("err = %v, want the path and the problem", err)
	}
}

// FuzzReadIDX checks that no input makes the reader panic or return data
// inconsistent with its header. The seeds run under plain go test.
func FuzzReadIDX(f *testing.F) {
	img, lab := fakeSet(2)
	f.Add(idxBytes([]int{2, 28, 28}, img))
	f.Add(idxBytes([]int{2}, lab))
	f.Add(gz(idxBytes([]int{2}, lab)))
	f.Add(gz(idxBytes([]int{1, 2, 2}, []byte{1, 2, 3, 4})))
	f.Add([]byte{0, 0, 8, 3, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 1})
	f.Add([]byte{0x1f, 0x8b})
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		idx, err := ReadIDX(bytes.NewReader(b))
		if err != nil {
			return
		}
		size := 1
		for _, d := range idx.Dims {
			size *= d
		}
		if size != len(idx.Data) {
			t.Fatalf("dims %v but %d bytes", idx.Dims, len(idx.Data))
		}
		if n, r, c, err := idx.Images(); err == nil && n*r*c != len(idx.Data) {
			t.Fatalf("Images() = %d,%d,%d for %d bytes", n, r, c, len(idx.Data))
		}
		if l, err := idx.Labels(10); err == nil {
			for _, v := range l {
				if v >= 10 {
					t.Fatalf("label %d accepted", v)
				}
			}
		}
	})
}
