//go:build amd64 && gc && !purego

package kernels

import (
	"github.com/corten-ml/corten/kernels/amd64"
	"golang.org/x/sys/cpu"
)

// The GELU kernels have no assembly yet: they run the Go code on both
// paths.
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
	simdMath = &m
}
