//go:build (!amd64 && !arm64) || purego || !gc

package kernels

// registerSIMD has nothing to register: this build has no assembly.
func registerSIMD() {}
