package serve

import (
	"errors"
	"net"
	"os"
	"strings"
)

// isAddrInUse recognises "address in use" on systems whose error number
// differs from syscall.EADDRINUSE (Windows reports WSAEADDRINUSE).
func isAddrInUse(err error) bool {
	var op *net.OpError
	if errors.As(err, &op) {
		var sys *os.SyscallError
		if errors.As(op.Err, &sys) {
			return strings.Contains(strings.ToLower(sys.Err.Error()), "only one usage") ||
				strings.Contains(strings.ToLower(sys.Err.Error()), "address already in use")
		}
	}
	return false
}
