package nn

import (
	"encoding/binary"
	"math"
	"strings"
	"testing"
)

// PyTorch writes num_batches_tracked as I64 and float64 models as F64: the
// reader converts both to float32, with the same strict size checks.
func TestSafetensorsIntAndDouble(t *testing.T) {
	var data []byte
	for _, v := range []int64{7, -3, 1 << 24} {
		data = binary.LittleEndian.AppendUint64(data, uint64(v))
	}
	data = binary.LittleEndian.AppendUint64(data, math.Float64bits(0.1))
	data = binary.LittleEndian.AppendUint64(data, 42) // a scalar
	file := withHeader(`{"i":{"dtype":"I64","shape":[3],"data_offsets":[0,24]},`+
		`"d":{"dtype":"F64","shape":[1],"data_offsets":[24,32]},`+
		`"s":{"dtype":"I64","shape":[],"data_offsets":[32,40]}}`, data)
	out, _, err := ReadSafetensors(file)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]float32{"i": {7, -3, 1 << 24}, "d": {0.1}, "s": {42}}
	for _, nt := range out {
		if !equal(nt.Tensor.Data(), want[nt.Name]) {
			t.Errorf("%s = %v, want %v", nt.Name, nt.Tensor.Data(), want[nt.Name])
		}
	}
	if s := out[2]; s.Name != "s" || s.Tensor.Dims() != 0 {
		t.Errorf("scalar read as %s %v", s.Name, s.Tensor.Shape())
	}
	// Four bytes per I64 element is a size error, not a misread.
	bad := withHeader(`{"i":{"dtype":"I64","shape":[2],"data_offsets":[0,8]}}`, make([]byte, 8))
	if _, _, err := ReadSafetensors(bad); err == nil || !strings.Contains(err.Error(), "want 16") {
		t.Errorf("I64 of the wrong size: error %v", err)
	}
	if _, _, err := ReadSafetensors(withHeader(`{"i":{"dtype":"I32","shape":[1],"data_offsets":[0,4]}}`, make([]byte, 4))); err == nil {
		t.Error("I32 accepted")
	}
}
