//go:build amd64 && gc && !purego

package kernels

import (
	"github.com/corten-ml/corten/kernels/amd64"
	"golang.org/x/sys/cpu"
)

func init() {
	if !cpu.X86.HasAVX2 || !cpu.X86.HasFMA {
		return
	}
	m := goMath
	m.exp = amd64.Exp
	m.expSum = amd64.ExpSum
	m.sumExp = amd64.SumExp
	m.sigmoid = amd64.Sigmoid
	m.tanh = amd64.Tanh
	m.sigmoidBack = amd64.SigmoidBack
	m.tanhBack = amd64.TanhBack
	m.gelu = amd64.GELU
	m.geluBack = amd64.GELUBack
	m.geluTanh = amd64.GELUTanh
	m.geluTanhBack = amd64.GELUTanhBack
	m.logShift = amd64.LogShift
	simdMath = &m
}
