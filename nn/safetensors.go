package nn

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"

	"github.com/corten-ml/corten/tensor"
)

// The safetensors format (huggingface/safetensors), which PyTorch, JAX and
// most tools read:
//
//	8 bytes   little-endian uint64 N, the header length
//	N bytes   JSON: {"__metadata__": {string: string},
//	                 name: {"dtype": "F32", "shape": [...], "data_offsets": [begin, end]}, ...}
//	rest      the tensors' bytes, little-endian, at [begin, end) of this part
//
// corten writes F32 only. It reads F32, and F64 and I64 converted to
// float32, since PyTorch stores batch normalisation's num_batches_tracked
// as I64 and a float64 model's tensors as F64. The reader trusts nothing:
// every length and offset is checked before use, so a corrupt or truncated
// file gives an error, never a panic or a huge allocation.

// NamedTensor is a tensor with the name it is stored under.
type NamedTensor struct {
	Name   string
	Tensor *tensor.Tensor
}

// metadataKey is the reserved header entry for string metadata.
const metadataKey = "__metadata__"

// maxHeader bounds the JSON header (the reference implementation uses
// 100 MB), so a corrupt length cannot ask for a huge allocation.
const maxHeader = 100 << 20

type tensorInfo struct {
	DType   string  `json:"dtype"`
	Shape   []int64 `json:"shape"`
	Offsets []int64 `json:"data_offsets"`
}

// WriteSafetensors writes the tensors, in the given order, and the
// metadata (which may be nil) to w in the safetensors format.
func WriteSafetensors(w io.Writer, tensors []NamedTensor, meta map[string]string) error {
	header := make(map[string]any, len(tensors)+1)
	if len(meta) > 0 {
		header[metadataKey] = meta
	}
	var off int64
	for _, nt := range tensors {
		if nt.Name == metadataKey || nt.Name == "" {
			return fmt.Errorf("nn: safetensors: invalid tensor name %q", nt.Name)
		}
		if _, dup := header[nt.Name]; dup {
			return fmt.Errorf("nn: safetensors: duplicate tensor name %q", nt.Name)
		}
		shape := make([]int64, nt.Tensor.Dims())
		for i, d := range nt.Tensor.Shape() {
			shape[i] = int64(d)
		}
		size := 4 * int64(nt.Tensor.Len())
		header[nt.Name] = tensorInfo{"F32", shape, []int64{off, off + size}}
		off += size
	}
	js, err := json.Marshal(header) // map keys come out sorted: deterministic files
	if err != nil {
		return fmt.Errorf("nn: safetensors: %w", err)
	}
	// Pad the header with spaces so the data starts 8-byte aligned, as the
	// reference writer does.
	for len(js)%8 != 0 {
		js = append(js, ' ')
	}
	var n [8]byte
	binary.LittleEndian.PutUint64(n[:], uint64(len(js)))
	if _, err := w.Write(n[:]); err != nil {
		return err
	}
	if _, err := w.Write(js); err != nil {
		return err
	}
	buf := make([]byte, 0, 1<<16)
	for _, nt := range tensors {
		for _, v := range nt.Tensor.Data() {
			buf = binary.LittleEndian.AppendUint32(buf, math.Float32bits(v))
			if len(buf) == cap(buf) {
				if _, err := w.Write(buf); err != nil {
					return err
				}
				buf = buf[:0]
			}
		}
	}
	_, err = w.Write(buf)
	return err
}

// ReadSafetensors parses a whole safetensors file held in data and returns
// its tensors, in file order, and its metadata. Every tensor must be F32,
// F64 or I64 (the last two converted to float32), and the tensors must tile the data section exactly, with no gaps,
// overlaps or trailing bytes (as the format requires).
func ReadSafetensors(data []byte) ([]NamedTensor, map[string]string, error) {
	if len(data) < 8 {
		return nil, nil, fmt.Errorf("safetensors: file of %d bytes is too short for the header length", len(data))
	}
	n := binary.LittleEndian.Uint64(data)
	if n > maxHeader {
		return nil, nil, fmt.Errorf("safetensors: header length %d exceeds the %d-byte limit", n, maxHeader)
	}
	if n > uint64(len(data)-8) {
		return nil, nil, fmt.Errorf("safetensors: header length %d but only %d bytes follow (truncated file?)", n, len(data)-8)
	}
	body := data[8+n:]
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data[8:8+n], &raw); err != nil {
		return nil, nil, fmt.Errorf("safetensors: bad JSON header: %w", err)
	}
	var meta map[string]string
	if m, ok := raw[metadataKey]; ok {
		if err := json.Unmarshal(m, &meta); err != nil {
			return nil, nil, fmt.Errorf("safetensors: __metadata__ must map strings to strings: %w", err)
		}
		delete(raw, metadataKey)
	}
	type entry struct {
		name, dtype string
		shape       []int
		begin, end  int64
	}
	entries := make([]entry, 0, len(raw))
	for name, r := range raw {
		var info tensorInfo
		if err := json.Unmarshal(r, &info); err != nil {
			return nil, nil, fmt.Errorf("safetensors: tensor %q: bad entry: %w", name, err)
		}
		width, ok := dtypeWidth[info.DType]
		if !ok {
			return nil, nil, fmt.Errorf("safetensors: tensor %q has dtype %q; only F32, F64 and I64 are supported", name, info.DType)
		}
		if len(info.Offsets) != 2 {
			return nil, nil, fmt.Errorf("safetensors: tensor %q: data_offsets must have 2 entries, has %d", name, len(info.Offsets))
		}
		shape := make([]int, len(info.Shape))
		count := int64(1)
		for i, d := range info.Shape {
			if d < 0 || (d > 0 && count > int64(len(body))/d) {
				return nil, nil, fmt.Errorf("safetensors: tensor %q: bad shape %v", name, info.Shape)
			}
			count *= d
			shape[i] = int(d)
		}
		b, e := info.Offsets[0], info.Offsets[1]
		if b < 0 || e < b || e > int64(len(body)) {
			return nil, nil, fmt.Errorf("safetensors: tensor %q: data_offsets [%d, %d] outside the %d data bytes (truncated file?)", name, b, e, len(body))
		}
		if e-b != width*count {
			return nil, nil, fmt.Errorf("safetensors: tensor %q: %d bytes for %s shape %v, want %d", name, e-b, info.DType, info.Shape, width*count)
		}
		entries = append(entries, entry{name, info.DType, shape, b, e})
	}
	slices.SortFunc(entries, func(x, y entry) int {
		if x.begin != y.begin {
			return int(x.begin - y.begin)
		}
		return int(x.end - y.end)
	})
	var pos int64
	for _, e := range entries {
		if e.begin != pos {
			return nil, nil, fmt.Errorf("safetensors: tensor %q starts at byte %d, want %d (gap or overlap)", e.name, e.begin, pos)
		}
		pos = e.end
	}
	if pos != int64(len(body)) {
		return nil, nil, fmt.Errorf("safetensors: %d bytes of data after the last tensor", int64(len(body))-pos)
	}
	out := make([]NamedTensor, len(entries))
	for i, e := range entries {
		t := tensor.New(e.shape...)
		decode(t.Data(), e.dtype, body[e.begin:e.end])
		out[i] = NamedTensor{e.name, t}
	}
	return out, meta, nil
}

// dtypeWidth gives the bytes per element of the dtypes the reader accepts.
var dtypeWidth = map[string]int64{"F32": 4, "F64": 8, "I64": 8}

// decode converts little-endian elements of dtype in src into d, rounding
// F64 and I64 values to the nearest float32 (integers up to 2^24, such as
// a step count, convert exactly).
func decode(d []float32, dtype string, src []byte) {
	switch dtype {
	case "F32":
		for j := range d {
			d[j] = math.Float32frombits(binary.LittleEndian.Uint32(src[4*j:]))
		}
	case "F64":
		for j := range d {
			d[j] = float32(math.Float64frombits(binary.LittleEndian.Uint64(src[8*j:])))
		}
	case "I64":
		for j := range d {
			d[j] = float32(int64(binary.LittleEndian.Uint64(src[8*j:])))
		}
	}
}

// ErrNoArch is returned (wrapped) by LoadModel when a file lacks the
// architecture metadata it needs to rebuild a model, as files written by
// PyTorch do: build the model from its spec and use LoadWeights.
var ErrNoArch = errors.New("no \"arch\" in the metadata: load the weights into a model you build with LoadWeights")
