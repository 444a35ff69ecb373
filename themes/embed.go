// Package themes holds the built-in theme, embedded in the gen binary so a
// site without a themes/ folder still builds.
package themes

import "embed"

// FS holds default/: layouts/, static/ and i18n/ of the built-in theme.
//
//go:embed default
var FS embed.FS
