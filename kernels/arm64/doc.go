// Package arm64 holds the NEON (ASIMD) assembly kernels behind package
// kernels. Its functions do not check their arguments: call them through
// package kernels, which does.
package arm64
