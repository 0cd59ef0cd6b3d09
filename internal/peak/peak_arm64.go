//go:build arm64 && gc && !purego

package peak

import "golang.org/x/sys/cpu"

// fmaNEON runs the twelve chains acc[i] += x*y n times on 4-lane NEON
// registers and stores lane 0 of each back in acc; n <= 0 runs nothing.
// Nothing checks the CPU.
//
//go:noescape
func fmaNEON(n int, x, y float32, acc *[chains]float32)

// available lists the widths this CPU runs: NEON (ASIMD), the width of
// the arm64 kernels.
func available() []width {
	if !cpu.ARM64.HasASIMD {
		return nil
	}
	return []width{{name: "neon", lanes: 4, run: fmaNEON}}
}
