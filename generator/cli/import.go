package cli

import "fmt"

// runImport is written by the importer work (issue 7).
func runImport(e *env, args []string) int {
	fmt.Fprintln(e.stderr, "gen import: not built yet")
	return 1
}
