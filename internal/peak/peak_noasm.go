//go:build (!amd64 && !arm64) || purego || !gc

package peak

// available lists no widths: this build has no assembly, and a loop in Go
// measures the compiler, not the CPU's vector units.
func available() []width { return nil }
