//go:build amd64 && gc && !purego

package kernels

import (
	"github.com/corten-ml/corten/kernels/amd64"
	"golang.org/x/sys/cpu"
)

func init() {
	if cpu.X86.HasAVX2 && cpu.X86.HasFMA {
		extraDots["avx2"] = dots6x4AVX2
	}
	if cpu.X86.HasAVX512F {
		extraDots["avx512"] = amd64.Dots6x4
	}
}
