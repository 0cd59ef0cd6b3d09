//go:build unix

package nn

import "syscall"

const nonblock = syscall.O_NONBLOCK
