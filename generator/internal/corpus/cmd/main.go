// Command cmd writes a generated archive:
//
//	go run ./generator/internal/corpus/cmd [-mixed] DIR N [SEED]
//
// -mixed writes the mixed corpus instead: long technical weeklies of
// Chinese, English, numbers, addresses and code (corpus.MixedEntries).
package main

import (
	"flag"
	"fmt"
	"os"
	"strconv"

	"gen/generator/internal/corpus"
)

func main() {
	mixed := flag.Bool("mixed", false, "write the mixed corpus (technical weeklies)")
	flag.Parse()
	args := flag.Args()
	if len(args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: go run ./generator/internal/corpus/cmd [-mixed] DIR N [SEED]")
		os.Exit(2)
	}
	n, err := strconv.Atoi(args[1])
	seed := int64(1)
	if len(args) > 2 {
		seed, _ = strconv.ParseInt(args[2], 10, 64)
	}
	if err == nil {
		files := corpus.Files(n, seed)
		if *mixed {
			files = corpus.MixedFiles(n, seed)
		}
		err = corpus.WriteFiles(args[0], files)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
