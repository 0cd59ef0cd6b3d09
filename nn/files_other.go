//go:build !unix

package nn

const nonblock = 0
