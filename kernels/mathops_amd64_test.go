//go:build amd64 && gc && !purego

package kernels

import (
	"testing"

	"github.com/corten-ml/corten/kernels/amd64"
)

func TestMathTableAMD64(t *testing.T) {
	checkMathTable(t, &mathOps{
		exp:          amd64.Exp,
		expSum:       amd64.ExpSum,
		sumExp:       amd64.SumExp,
		sigmoid:      amd64.Sigmoid,
		tanh:         amd64.Tanh,
		sigmoidBack:  amd64.SigmoidBack,
		tanhBack:     amd64.TanhBack,
		gelu:         amd64.GELU,
		geluBack:     amd64.GELUBack,
		geluTanh:     amd64.GELUTanh,
		geluTanhBack: amd64.GELUTanhBack,
		logShift:     amd64.LogShift,
	})
}
