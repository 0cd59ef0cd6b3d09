//go:build arm64 && gc && !purego

package kernels

import (
	"testing"

	"github.com/corten-ml/corten/kernels/arm64"
)

func TestMathTableARM64(t *testing.T) {
	checkMathTable(t, &mathOps{
		exp:          arm64.Exp,
		expSum:       arm64.ExpSum,
		sumExp:       arm64.SumExp,
		sigmoid:      arm64.Sigmoid,
		tanh:         arm64.Tanh,
		sigmoidBack:  arm64.SigmoidBack,
		tanhBack:     arm64.TanhBack,
		gelu:         arm64.GELU,
		geluBack:     arm64.GELUBack,
		geluGrad:     arm64.GELUGrad,
		geluTanh:     arm64.GELUTanh,
		geluTanhBack: arm64.GELUTanhBack,
		geluTanhGrad: arm64.GELUTanhGrad,
		logShift:     arm64.LogShift,
	})
}
