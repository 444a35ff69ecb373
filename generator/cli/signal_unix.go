//go:build !windows

package cli

import "syscall"

const terminateSignal = syscall.SIGTERM
