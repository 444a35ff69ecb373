package cli

import (
	"fmt"
	"io"
	"os"
	"sort"

	"gen/generator/check"
	"gen/generator/fastio"
	"gen/themes"
)

func runCheck(e *env, args []string) int {
	fs := newFlags(e, "check", "", `Builds the site in memory and checks it: every internal link and #anchor
of every page must resolve, and the lint rules must pass (placeholders such
as xx, pasted watermark lines, dates, titles, duplicate URLs, names that
cannot live on a Windows share, large attachments). Each rule can be set to
"error", "warning" or "off" in config.toml under [check.rules].

Exit status 1 when there is an error; 0 when there are only warnings.`)
	source := fs.String("source", ".", "the site `folder` (holding config.toml and content/)")
	drafts := fs.Bool("drafts", false, "check entries marked draft = true too")
	format := fs.String("format", "text", "output `format`: text (for people) or json (for scripts)")
	if code, done := parse(fs, args); done {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(e.stderr, "gen check: unexpected argument %q (the site folder is given with --source)\n", fs.Arg(0))
		return 2
	}
	if *format != "text" && *format != "json" {
		fmt.Fprintf(e.stderr, "gen check: --format %q: use text or json\n", *format)
		return 2
	}
	rep, code := runChecks(e, "check", *source, *drafts)
	if rep == nil {
		return code
	}
	if *format == "json" {
		b, err := rep.JSON()
		if err != nil {
			return report(e, "gen check: ", err)
		}
		e.stdout.Write(b)
	} else {
		printIssues(e.stdout, rep)
		printCounts(e.stdout, rep)
	}
	if rep.Errors() > 0 {
		return 1
	}
	return 0
}

// runChecks builds and checks the site in folder source, for gen check and
// gen publish. A nil report comes with the exit status to return.
func runChecks(e *env, cmd, source string, drafts bool) (*check.Report, int) {
	src := e.abs(source)
	if info, err := os.Stat(src); err != nil || !info.IsDir() {
		fmt.Fprintf(e.stderr, "gen %s: %s is not a folder\n", cmd, src)
		return nil, 1
	}
	rep, err := check.Run(e.ctx, check.Options{Site: fastio.DirFS(src), SiteDir: src, Builtin: themes.FS, Drafts: drafts,
		SearchCache: searchCache(src), SearchKey: src})
	if err != nil {
		fmt.Fprintf(e.stderr, "gen %s: stopped: %v\n", cmd, err)
		return nil, 1
	}
	return rep, 0
}

// printIssues prints the issues grouped by file, a blank line between
// files, each as "path:line: severity: message [rule]".
func printIssues(w io.Writer, rep *check.Report) {
	prev := ""
	for i, is := range rep.Issues {
		if i > 0 && is.Path != prev {
			fmt.Fprintln(w)
		}
		prev = is.Path
		place := is.Place()
		if place == "" {
			place = "gen"
		}
		fmt.Fprintf(w, "%s: %s: %s [%s]\n", place, is.Severity, is.Msg, is.Rule)
	}
}

// printCounts prints a count per rule and the totals.
func printCounts(w io.Writer, rep *check.Report) {
	counts := rep.Counts()
	if len(counts) > 0 {
		fmt.Fprintln(w)
		sev := map[string]check.Severity{}
		for _, is := range rep.Issues {
			sev[is.Rule] = is.Severity
		}
		ids := make([]string, 0, len(counts))
		for id := range counts {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		for _, id := range ids {
			fmt.Fprintf(w, "  %-17s %s\n", id, plural(counts[id], string(sev[id]), string(sev[id])+"s"))
		}
	}
	what := fmt.Sprintf("checked %s and %s", plural(rep.Pages, "page", "pages"), plural(rep.Links, "link", "links"))
	if rep.Output == nil {
		what = "the build failed, so links were not checked"
	}
	fmt.Fprintf(w, "%s in %.2fs: %s, %s\n", what, rep.Took.Seconds(),
		plural(rep.Errors(), "error", "errors"), plural(rep.Warnings(), "warning", "warnings"))
}
