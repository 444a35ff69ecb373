package cli

import (
	"errors"
	"fmt"
	"time"

	"gen/generator/check"
	"gen/generator/publish"
)

// publishWait is how long gen publish waits for another publish to the
// same folder before it refuses.
const publishWait = 10 * time.Second

func runPublish(e *env, args []string) int {
	fs := newFlags(e, "publish", "DEST", `Checks the site (as gen check does), then brings the folder DEST — usually a
Windows file share mounted on this machine — to exactly the new build:
only files whose content changed are copied, each under a temporary name
then renamed, pages after the files they use and the home page last; files
no longer in the build are removed. A publish that is interrupted leaves
every file whole (old or new); run it again to finish.

DEST keeps .gen-manifest.json (what was published) and, while a publish
runs, .gen-publish.lock.

  gen publish /mnt/archive              publish to the mounted share
  gen publish --dry-run /mnt/archive    list what would be copied and removed`)
	source := fs.String("source", ".", "the site `folder` (holding config.toml and content/)")
	dryRun := fs.Bool("dry-run", false, "list what would be copied and removed; change nothing")
	force := fs.Bool("force", false, "publish despite check errors, or into a non-empty folder gen did not publish to")
	if code, done := parse(fs, args); done {
		return code
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(e.stderr, "gen publish: give one destination folder, e.g. gen publish /mnt/archive")
		return 2
	}
	src, dest := e.abs(*source), e.abs(fs.Arg(0))
	if err := publish.CheckDest(src, dest); err != nil {
		fmt.Fprintf(e.stderr, "gen publish: refusing: %v\n", err)
		return 1
	}
	rep, code := runChecks(e, "publish", *source, false)
	if rep == nil {
		return code
	}
	if !publishAllowed(e, rep, *force) {
		return 1
	}
	sum, err := publish.Publish(e.ctx, rep.Output, publish.Options{
		Dest: dest, Site: src, DryRun: *dryRun, Force: *force, Wait: publishWait,
	})
	if err != nil {
		return publishFailed(e, dest, sum, err)
	}
	printPublish(e, dest, sum, *dryRun, *force)
	return 0
}

// publishAllowed prints the check's errors, counts its warnings, and
// decides whether to go on.
func publishAllowed(e *env, rep *check.Report, force bool) bool {
	errs := &check.Report{}
	for _, is := range rep.Issues {
		if is.Severity == check.Error {
			errs.Issues = append(errs.Issues, is)
		}
	}
	if len(errs.Issues) > 0 {
		printIssues(e.stderr, errs)
		fmt.Fprintln(e.stderr)
	}
	if n := rep.Warnings(); n > 0 {
		fmt.Fprintf(e.stderr, "gen check: %s (gen check lists them)\n", plural(n, "warning", "warnings"))
	}
	switch n := rep.Errors(); {
	case rep.Output == nil:
		fmt.Fprintln(e.stderr, "gen publish: the build failed; nothing was published")
		return false
	case n > 0 && !force:
		fmt.Fprintf(e.stderr, "gen publish: gen check found %s; nothing was published (fix them, or publish anyway with --force)\n", plural(n, "error", "errors"))
		return false
	case n > 0:
		fmt.Fprintf(e.stderr, "gen publish: --force: publishing despite %s of gen check\n", plural(n, "error", "errors"))
	}
	return true
}

func publishFailed(e *env, dest string, sum *publish.Summary, err error) int {
	var locked *publish.LockedError
	switch {
	case e.ctx.Err() != nil:
		fmt.Fprintf(e.stderr, "gen publish: stopped; every file in %s is whole (old or new): run gen publish again to finish\n", dest)
	case errors.As(err, &locked):
		fmt.Fprintf(e.stderr, "gen publish: %v\n", err)
	case errors.Is(err, publish.ErrNotOurs):
		fmt.Fprintf(e.stderr, "gen publish: refusing: %v\n", err)
	case sum != nil:
		fmt.Fprintf(e.stderr, "gen publish: %v\nevery file in %s is whole (old or new): fix the problem and run gen publish again to finish\n", err, dest)
	default:
		fmt.Fprintf(e.stderr, "gen publish: %v\n", err)
	}
	return 1
}

func printPublish(e *env, dest string, s *publish.Summary, dryRun, force bool) {
	if dryRun {
		for _, n := range s.CopiedNames {
			fmt.Fprintf(e.stdout, "would copy   %s\n", n)
		}
		for _, n := range s.RemovedNames {
			fmt.Fprintf(e.stdout, "would remove %s\n", n)
		}
		fmt.Fprintf(e.stdout, "dry run, nothing changed in %s: would copy %s (%s), leave %s unchanged, remove %s (%s)\n",
			dest, plural(s.Copied, "file", "files"), size(s.CopiedBytes), plural(s.Unchanged, "file", "files"),
			plural(s.Removed, "file", "files"), size(s.RemovedBytes))
		return
	}
	if force && s.Foreign > 0 {
		fmt.Fprintf(e.stderr, "gen publish: --force: removed %s that gen had not published\n", plural(s.Foreign, "file", "files"))
	}
	fmt.Fprintf(e.stdout, "published to %s in %.2fs: copied %s (%s), %s unchanged (%s), removed %s (%s)\n",
		dest, s.Took.Seconds(), plural(s.Copied, "file", "files"), size(s.CopiedBytes),
		plural(s.Unchanged, "file", "files"), size(s.UnchangedBytes), plural(s.Removed, "file", "files"), size(s.RemovedBytes))
}

// size shows a byte count the way file managers do.
func size(n int64) string {
	switch {
	case n < 1024:
		return fmt.Sprintf("%d B", n)
	case n < 1<<20:
		return fmt.Sprintf("%.1f KB", float64(n)/1024)
	case n < 1<<30:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%.2f GB", float64(n)/(1<<30))
}
