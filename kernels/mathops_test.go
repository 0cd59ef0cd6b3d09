package kernels

import (
	"reflect"
	"testing"
)

// checkMathTable checks that the SIMD tables (simdMathAll) hold exactly
// the functions of want (the architecture's assembly wrappers, one table
// each, simdMath's first), that none of them is a Go reference, and that
// mathActive follows SetSIMD.
func checkMathTable(t *testing.T, want ...*mathOps) {
	t.Helper()
	if simdMath == nil {
		t.Skip("no SIMD kernels on this CPU")
	}
	if len(simdMathAll) != len(want) || simdMathAll[0] != simdMath {
		t.Fatalf("%d SIMD tables, want %d with simdMath first", len(simdMathAll), len(want))
	}
	gv := reflect.ValueOf(&goMath).Elem()
	for j, m := range simdMathAll {
		sv, wv := reflect.ValueOf(m).Elem(), reflect.ValueOf(want[j]).Elem()
		for i := range sv.NumField() {
			name := sv.Type().Field(i).Name
			s := sv.Field(i).Pointer()
			if s == gv.Field(i).Pointer() {
				t.Errorf("table %d: mathOps.%s runs the Go reference on the SIMD path", j, name)
			}
			if s != wv.Field(i).Pointer() {
				t.Errorf("table %d: mathOps.%s is not the assembly kernel", j, name)
			}
		}
	}
	was := SetSIMD(true)
	defer SetSIMD(was)
	if mathActive() != simdMath {
		t.Errorf("SIMD on: mathActive is not the SIMD table")
	}
	SetSIMD(false)
	if mathActive() != &goMath {
		t.Errorf("SIMD off: mathActive is not the Go table")
	}
}
