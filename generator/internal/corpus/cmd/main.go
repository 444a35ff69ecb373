// Command cmd writes a generated archive: go run ./generator/internal/corpus/cmd DIR N [SEED].
package main

import (
	"fmt"
	"os"
	"strconv"

	"gen/generator/internal/corpus"
)

func main() {
	if len(os.Args) < 3 {
		fmt.Fprintln(os.Stderr, "usage: go run ./generator/internal/corpus/cmd DIR N [SEED]")
		os.Exit(2)
	}
	n, err := strconv.Atoi(os.Args[2])
	seed := int64(1)
	if len(os.Args) > 3 {
		seed, _ = strconv.ParseInt(os.Args[3], 10, 64)
	}
	if err == nil {
		err = corpus.Write(os.Args[1], n, seed)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
