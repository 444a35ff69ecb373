package serve

import (
	"fmt"
	"syscall"
)

// remoteReason tells why file-system events cannot be trusted under root:
// inotify sees only changes made on this machine, so on a network file
// system a colleague's save would go unnoticed.
func remoteReason(root string) string {
	var st syscall.Statfs_t
	if err := syscall.Statfs(root, &st); err != nil {
		return ""
	}
	names := map[uint32]string{
		0x6969:     "NFS",
		0x517B:     "SMB",
		0xFF534D42: "CIFS",
		0xFE534D42: "SMB2",
		0x65735546: "FUSE",
		0x01021997: "9P (a Windows drive under WSL)",
		0x564C:     "NCP",
		0x73757245: "Coda",
		0x47504653: "GPFS",
		0x0BD00BD0: "Lustre",
		0xAAD7AAEA: "PanFS",
	}
	if name, ok := names[uint32(st.Type)]; ok {
		return fmt.Sprintf("%s is on a network file system (%s), where change events do not arrive", root, name)
	}
	return ""
}
