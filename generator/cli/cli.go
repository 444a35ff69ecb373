// Package cli is the gen command line: one file per command, each with its own
// flag.FlagSet. It is the only package that prints to the terminal or decides
// an exit status; everything below it returns values and errors.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"slices"

	"gen/generator/diag"
	"gen/generator/pipeline"
)

// Version is the gen release; set with -ldflags "-X gen/generator/cli.Version=…".
var Version = "0.1.0-dev"

// env is what every command gets: where to print and where it runs.
type env struct {
	ctx    context.Context
	stdout io.Writer
	stderr io.Writer
	dir    string // working directory; site paths are resolved against it
}

type command struct {
	name    string
	summary string
	run     func(e *env, args []string) int
}

func commands() []command {
	return []command{
		{"build", "build the archive into public/", runBuild},
		{"serve", "build in memory and preview on http://127.0.0.1:1313/", runServe},
		{"new", "create a site (new site DIR) or an entry (new SECTION/PATH.md)", runNew},
		{"check", "check links and lint rules (placeholders, dates, names) before publishing", runCheck},
		{"publish", "copy a checked build to a folder such as a mounted file share", runPublish},
		{"import", "turn .txt, .docx and .md documents into entries", runImport},
		{"version", "print gen's version", runVersion},
		{"help", "help on a command", runHelp},
	}
}

// Main runs gen with the process's arguments and returns the exit status.
func Main(args []string) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, terminateSignal)
	defer stop()
	dir, err := os.Getwd()
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		return 1
	}
	return Run(&env{ctx: ctx, stdout: os.Stdout, stderr: os.Stderr, dir: dir}, args)
}

// Run runs one gen command; tests call it with their own env.
func Run(e *env, args []string) int {
	if len(args) == 0 {
		usage(e.stderr)
		return 2
	}
	name := args[0]
	switch name {
	case "-h", "-help", "--help":
		usage(e.stdout)
		return 0
	case "-version", "--version":
		name = "version"
	}
	for _, c := range commands() {
		if c.name == name {
			// A build killed in the middle of replacing public/ (where
			// folders cannot be exchanged in one step) left it missing:
			// put it back before anything reads or serves it.
			pipeline.Recover(filepath.Join(e.dir, "public"))
			return c.run(e, args[1:])
		}
	}
	fmt.Fprintf(e.stderr, "gen: unknown command %q\n\n", name)
	usage(e.stderr)
	return 2
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "gen builds a static archive of Markdown entries.")
	fmt.Fprintln(w, "\nUsage:\n  gen <command> [flags]\n\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun \"gen help <command>\" or \"gen <command> --help\" for a command's flags.")
}

func runHelp(e *env, args []string) int {
	if len(args) == 0 {
		usage(e.stdout)
		return 0
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(e, []string{"--help"})
		}
	}
	fmt.Fprintf(e.stderr, "gen help: unknown command %q\n", args[0])
	return 2
}

func runVersion(e *env, args []string) int {
	fs := newFlags(e, "version", "", "Prints gen's version.")
	if code, done := parse(fs, args); done {
		return code
	}
	fmt.Fprintf(e.stdout, "gen %s\n", Version)
	return 0
}

// newFlags makes a command's FlagSet whose --help prints usage and a text.
func newFlags(e *env, name, argsUsage, about string) *flag.FlagSet {
	fs := flag.NewFlagSet("gen "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		w := fs.Output()
		fmt.Fprintf(w, "Usage: gen %s [flags] %s\n\n%s\n", name, argsUsage, about)
		var any bool
		fs.VisitAll(func(*flag.Flag) { any = true })
		if any {
			fmt.Fprintln(w, "\nFlags:")
			fs.PrintDefaults()
		}
	}
	return fs
}

// parse parses flags; done is true when the command should stop with code
// (after --help, or on a bad flag). Flags may come after positional
// arguments too ("gen publish /mnt/share --dry-run").
func parse(fs *flag.FlagSet, args []string) (code int, done bool) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fs.SetOutput(os.Stdout)
				return 0, true
			}
			return 2, true
		}
		args = fs.Args()
		if len(args) == 0 {
			break
		}
		if args[0] == "--" {
			pos = append(pos, args[1:]...)
			break
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
	_ = fs.Parse(append([]string{"--"}, pos...))
	return 0, false
}

// report prints errors one per line ("path:line: message") and returns 1.
func report(e *env, prefix string, err error) int {
	list := diag.Flatten(err)
	for _, x := range list {
		fmt.Fprintf(e.stderr, "%s%s\n", prefix, x)
	}
	if len(list) > 1 {
		fmt.Fprintf(e.stderr, "%d errors\n", len(list))
	}
	return 1
}

// warn prints warnings sorted, repeats once with their count (see
// diag.Group), each prefixed "warning: ".
func warn(e *env, warns []*diag.Error) {
	sorted := slices.Clone(warns)
	diag.Sort(sorted)
	for _, w := range diag.Group(sorted) {
		fmt.Fprintf(e.stderr, "warning: %s\n", w)
	}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
