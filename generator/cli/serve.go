package cli

import (
	"fmt"
	"net"
	"os"
	"strconv"

	"gen/generator/build"
	"gen/generator/output"
	"gen/generator/serve"
	"gen/themes"
)

func runServe(e *env, args []string) int {
	fs := newFlags(e, "serve", "", "Builds the site in memory and serves it for preview. Nothing is written to public/.")
	source := fs.String("source", ".", "the site `folder`")
	port := fs.Int("port", 1313, "the `port` to listen on")
	bind := fs.String("bind", "127.0.0.1", "the `address` to listen on")
	drafts := fs.Bool("drafts", false, "include entries marked draft = true")
	if code, done := parse(fs, args); done {
		return code
	}
	src := e.abs(*source)
	if info, err := os.Stat(src); err != nil || !info.IsDir() {
		fmt.Fprintf(e.stderr, "gen serve: %s is not a folder\n", src)
		return 1
	}
	mem := output.NewMem()
	res, err := build.Build(e.ctx, build.Options{Site: os.DirFS(src), Builtin: themes.FS, Drafts: *drafts, Out: mem})
	if res != nil {
		warn(e, res.Warnings)
	}
	if err != nil {
		return report(e, "", err)
	}
	addr := net.JoinHostPort(*bind, strconv.Itoa(*port))
	ln, err := serve.Listen(addr)
	if err != nil {
		fmt.Fprintf(e.stderr, "gen serve: %v\n", err)
		return 1
	}
	fmt.Fprintf(e.stdout, "built %s in %.2fs\nserving on http://%s/ (Ctrl-C to stop)\n", plural(res.Pages, "page", "pages"), res.Took.Seconds(), ln.Addr())
	if err := serve.New(ln, mem).Serve(e.ctx); err != nil {
		fmt.Fprintf(e.stderr, "gen serve: %v\n", err)
		return 1
	}
	return 0
}
