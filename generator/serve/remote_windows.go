package serve

import (
	"fmt"
	"path/filepath"
	"strings"

	"golang.org/x/sys/windows"
)

// remoteReason tells why change notifications cannot be trusted under root:
// a folder on a file share (\\server\share or a mapped drive) does not
// reliably report changes made by other machines.
func remoteReason(root string) string {
	abs, err := filepath.Abs(root)
	if err != nil {
		return ""
	}
	if strings.HasPrefix(abs, `\\`) {
		return fmt.Sprintf("%s is on a file share", abs)
	}
	vol := filepath.VolumeName(abs) + `\`
	p, err := windows.UTF16PtrFromString(vol)
	if err != nil {
		return ""
	}
	if windows.GetDriveType(p) == windows.DRIVE_REMOTE {
		return fmt.Sprintf("%s is a network drive", filepath.VolumeName(abs))
	}
	return ""
}
