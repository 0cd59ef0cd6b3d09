//go:build unix

package atomicfile

import "syscall"

const nonblock = syscall.O_NONBLOCK
