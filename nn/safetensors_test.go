package nn

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/corten-ml/corten/tensor"
)

// validFile returns a small saved model (linear(3,2),relu,linear(2,2)).
func validFile(t testing.TB) []byte {
	m := MustBuild("linear(3,2),relu,linear(2,2)", tensor.NewRand(1))
	var buf bytes.Buffer
	if err := WriteModel(&buf, m, &Scaler{Scale: 0.5}, nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// withHeader builds a file from a literal JSON header and data bytes.
func withHeader(header string, data []byte) []byte {
	b := binary.LittleEndian.AppendUint64(nil, uint64(len(header)))
	b = append(b, header...)
	return append(b, data...)
}

func TestSafetensorsLayout(t *testing.T) {
	data := validFile(t)
	n := binary.LittleEndian.Uint64(data)
	if (8+n)%8 != 0 {
		t.Errorf("data section starts at %d, not 8-byte aligned", 8+n)
	}
	header := string(data[8 : 8+n])
	for _, want := range []string{`"0.weight":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]}`, `"arch":"linear(3,2),relu,linear(2,2)"`, `"input_scale":"0.5"`, `"format":"pt"`} {
		if !strings.Contains(header, want) {
			t.Errorf("header lacks %s:\n%s", want, header)
		}
	}
}

func TestSafetensorsCorrupt(t *testing.T) {
	data := validFile(t)
	// Every truncation of a valid file is an error, never a panic.
	for n := range len(data) {
		if _, _, err := ReadModel(data[:n]); err == nil {
			t.Fatalf("truncated to %d of %d bytes: no error", n, len(data))
		}
	}
	four := []byte{0, 0, 128, 63} // 1.0
	cases := map[string][]byte{
		"huge header":   binary.LittleEndian.AppendUint64(nil, 1<<62),
		"bad json":      withHeader(`{"a":`, nil),
		"dtype":         withHeader(`{"a":{"dtype":"F16","shape":[2],"data_offsets":[0,4]}}`, four),
		"shape vs size": withHeader(`{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}`, four),
		"negative":      withHeader(`{"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}`, four),
		"past end":      withHeader(`{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}`, four),
		"gap":           withHeader(`{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}`, append(four, four...)),
		"overlap":       withHeader(`{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}`, four),
		"trailing":      withHeader(`{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}`, append(four, 0)),
		"offsets":       withHeader(`{"a":{"dtype":"F32","shape":[1],"data_offsets":[0]}}`, four),
		"metadata":      withHeader(`{"__metadata__":{"a":1}}`, nil),
		"overflow":      withHeader(`{"a":{"dtype":"F32","shape":[4294967296,4294967296,4294967296],"data_offsets":[0,4]}}`, four),
		"no arch":       withHeader(`{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}`, four),
		"bad arch":      withHeader(`{"__metadata__":{"arch":"linear(1,1"},"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}`, four),
		"huge arch":     withHeader(`{"__metadata__":{"arch":"linear(100000,100000)"},"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}`, four),
		"names":         withHeader(`{"__metadata__":{"arch":"linear(1,1)"},"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}`, append(four, four...)),
	}
	for name, c := range cases {
		_, _, err := ReadModel(c)
		if err == nil {
			t.Errorf("%s: no error", name)
			continue
		}
		t.Logf("%s: %v", name, err)
	}
	// Loading from a path names the file.
	path := filepath.Join(t.TempDir(), "bad.safetensors")
	if err := os.WriteFile(path, data[:len(data)-1], 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := LoadModel(path); err == nil || !strings.Contains(err.Error(), path) {
		t.Errorf("LoadModel error %v does not name %s", err, path)
	}
}

func TestSafetensorsEmptyAndScalar(t *testing.T) {
	var buf bytes.Buffer
	in := []NamedTensor{{"s", tensor.Full(3, 1)}, {"e", tensor.New(0, 4)}, {"m", tensor.FromSlice([]float32{1, 2, 3, 4}, 2, 2)}}
	if err := WriteSafetensors(&buf, in, nil); err != nil {
		t.Fatal(err)
	}
	out, meta, err := ReadSafetensors(buf.Bytes())
	if err != nil || meta != nil || len(out) != 3 {
		t.Fatalf("%v %v %v", out, meta, err)
	}
	for i, nt := range out {
		if nt.Name != in[i].Name || !nt.Tensor.SameShape(in[i].Tensor) || !equal(nt.Tensor.Data(), in[i].Tensor.Data()) {
			t.Errorf("tensor %d: %v %v, want %v %v", i, nt.Name, nt.Tensor, in[i].Name, in[i].Tensor)
		}
	}
	if err := WriteSafetensors(&buf, []NamedTensor{{"a", tensor.New(1)}, {"a", tensor.New(1)}}, nil); err == nil {
		t.Error("duplicate names written")
	}
}

// FuzzReadModel feeds arbitrary bytes to the loader: it must return an
// error or a model, never panic or allocate without bound. Whatever it
// accepts must survive a save and reload unchanged. The seeds run under
// plain go test.
func FuzzReadModel(f *testing.F) {
	data := validFile(f)
	f.Add(data)
	f.Add(data[:len(data)/2])
	f.Add(withHeader(`{"__metadata__":{"arch":"linear(1,1)"},"0.weight":{"dtype":"F32","shape":[1,1],"data_offsets":[0,4]},"0.bias":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}`, make([]byte, 8)))
	f.Add(withHeader(`{"a":{"dtype":"F32","shape":[],"data_offsets":[0,4]}}`, make([]byte, 4)))
	f.Add([]byte{})
	for _, c := range fuzzModelSeeds {
		f.Add(modelFile(f, c.spec, c.meta))
	}
	// A hostile arch over a small file: the loader must refuse it before
	// allocating the layers.
	for _, arch := range []string{"conv2d(1000,1000,20)", "conv2d(100000,100000,100)", "a:linear(1,1),b:linear(1073741824,1073741824)", "reshape(1073741824,1073741824)"} {
		f.Add(withHeader(`{"__metadata__":{"arch":"`+arch+`"},"0.weight":{"dtype":"F32","shape":[1,1],"data_offsets":[0,4]},"0.bias":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}`, make([]byte, 8)))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		m, meta, err := ReadModel(data)
		if err != nil {
			return
		}
		var buf bytes.Buffer
		if err := WriteModel(&buf, m, nil, meta); err != nil {
			t.Fatal(err)
		}
		m2, _, err := ReadModel(buf.Bytes())
		if err != nil {
			t.Fatalf("re-reading a written model: %v", err)
		}
		for i, p := range m.Params() {
			if !equal(p.Value.Data(), m2.Params()[i].Value.Data()) && !hasNaN(p.Value.Data()) {
				t.Fatalf("%s changed in a round trip", p.Name)
			}
		}
	})
}

func hasNaN(v []float32) bool {
	for _, x := range v {
		if x != x {
			return true
		}
	}
	return false
}

// fuzzModelSeeds are valid model files of every layer kind, with the
// metadata cmd/mnist writes, for FuzzReadModel to mutate.
var fuzzModelSeeds = []struct {
	spec string
	meta map[string]string
}{
	{"conv2d(1,2,3),relu,maxpool2d(2),flatten,linear(8,3)", map[string]string{"input": "image", "model": "cnn"}},
	{"reshape(1,4,4),conv2d(1,2,3,stride=1,padding=1),tanh,avgpool2d(2),flatten,linear(8,2)", map[string]string{"input": "vector"}},
	{"body:linear(3,4),sigmoid,dropout(0.5),head:linear(4,2),softmax", map[string]string{"input": "audio", "input_scale": "0.5", "input_mean": "0.1", "input_std": "2"}},
	{"flatten,linear(4,2,xavier_uniform)", map[string]string{"input_mean": "NaN"}},
}

// modelFile builds spec and returns it written as a model file.
func modelFile(tb testing.TB, spec string, meta map[string]string) []byte {
	tb.Helper()
	m, err := Build(spec, tensor.NewRand(1))
	if err != nil {
		tb.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteModel(&buf, m, nil, meta); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}
