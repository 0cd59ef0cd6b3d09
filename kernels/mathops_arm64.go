//go:build arm64 && gc && !purego

package kernels

import (
	"github.com/corten-ml/corten/kernels/arm64"
	"golang.org/x/sys/cpu"
)

func init() {
	if !cpu.ARM64.HasASIMD {
		return
	}
	m := goMath
	m.exp = arm64.Exp
	m.expSum = arm64.ExpSum
	m.sumExp = arm64.SumExp
	m.sigmoid = arm64.Sigmoid
	m.tanh = arm64.Tanh
	m.sigmoidBack = arm64.SigmoidBack
	m.tanhBack = arm64.TanhBack
	m.gelu = arm64.GELU
	m.geluBack = arm64.GELUBack
	m.geluGrad = arm64.GELUGrad
	m.geluTanh = arm64.GELUTanh
	m.geluTanhBack = arm64.GELUTanhBack
	m.geluTanhGrad = arm64.GELUTanhGrad
	m.logShift = arm64.LogShift
	simdMath = &m
	simdMathAll = []*mathOps{&m}
}
