//go:build amd64 && gc && !purego

package kernels

import (
	"testing"

	"github.com/corten-ml/corten/kernels/amd64"
)

func TestMathTableAMD64(t *testing.T) {
	avx2 := &mathOps{
		exp:          amd64.Exp,
		expSum:       amd64.ExpSum,
		sumExp:       amd64.SumExp,
		sigmoid:      amd64.Sigmoid,
		tanh:         amd64.Tanh,
		sigmoidBack:  amd64.SigmoidBack,
		tanhBack:     amd64.TanhBack,
		gelu:         amd64.GELU,
		geluBack:     amd64.GELUBack,
		geluGrad:     amd64.GELUGrad,
		geluTanh:     amd64.GELUTanh,
		geluTanhBack: amd64.GELUTanhBack,
		geluTanhGrad: amd64.GELUTanhGrad,
		logShift:     amd64.LogShift,
	}
	if !avx512 {
		checkMathTable(t, avx2)
		return
	}
	w := *avx2
	w.exp = amd64.Exp512
	w.sigmoid = amd64.Sigmoid512
	w.tanh = amd64.Tanh512
	w.gelu = amd64.GELU512
	w.geluBack = amd64.GELUBack512
	w.geluGrad = amd64.GELUGrad512
	w.geluTanh = amd64.GELUTanh512
	w.geluTanhBack = amd64.GELUTanhBack512
	w.geluTanhGrad = amd64.GELUTanhGrad512
	checkMathTable(t, &w, avx2)
}
