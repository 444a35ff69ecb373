// Command gen builds a static archive of Markdown entries. See README.md.
package main

import (
	"os"
	_ "time/tzdata" // Windows has no zoneinfo database; timeZone must still work there.

	"gen/generator/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:]))
}
