package kernels

import (
	"reflect"
	"testing"
)

// checkMathTable checks that the SIMD table holds exactly the functions
// of want (the architecture's assembly wrappers), that none of them is
// a Go reference, and that mathActive follows SetSIMD.
func checkMathTable(t *testing.T, want *mathOps) {
	t.Helper()
	if simdMath == nil {
		t.Skip("no SIMD kernels on this CPU")
	}
	sv, wv, gv := reflect.ValueOf(simdMath).Elem(), reflect.ValueOf(want).Elem(), reflect.ValueOf(&goMath).Elem()
	for i := range sv.NumField() {
		name := sv.Type().Field(i).Name
		s := sv.Field(i).Pointer()
		if s == gv.Field(i).Pointer() {
			t.Errorf("mathOps.%s runs the Go reference on the SIMD path", name)
		}
		if s != wv.Field(i).Pointer() {
			t.Errorf("mathOps.%s is not the assembly kernel", name)
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
