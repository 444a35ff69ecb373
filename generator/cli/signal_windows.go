//go:build windows

package cli

import "os"

var terminateSignal = os.Interrupt
