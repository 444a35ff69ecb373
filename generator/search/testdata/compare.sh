#!/usr/bin/env bash
# Measures gen's search against Pagefind 1.6.0 on the same built archive:
# index build time and peak memory, index bytes, bytes loaded and
# cold time of a first query in headless Chromium, time of a second query,
# recall and precision against brute force.
#
#   generator/search/testdata/compare.sh [N …]        (default: 10000 50000)
#
# Corpora come from ../shared/bench/corpus.py (set CORPUS=go to use
# gen/generator/internal/corpus instead: it has Latin words for a mixed query). Work
# files go to $WORK (default /tmp/gen-search-compare; a tmpfs such as
# /dev/shm/… keeps a slow disk out of the timings); Pagefind is installed
# there with npm, never in the repository. With REUSE=1 a corpus and a
# Pagefind index already in $WORK are used again (Pagefind takes minutes
# and gigabytes), so only gen is built anew. Needs python3, npm, chromium
# and GNU time. Pagefind is measured over http: from file:// its ES module,
# fetch and WebAssembly are blocked, so it cannot search at all there.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../../.." && pwd)
work=${WORK:-/tmp/gen-search-compare}
queries=${QUERIES:-廉政,志愿服务,党日,廉,2020年,2019年 志愿服务}
mkdir -p "$work"
go build -o "$work/gen" "$repo"
if [ ! -x "$work/node_modules/.bin/pagefind" ]; then
	(cd "$work" && npm install --no-save --silent pagefind@1.6.0)
fi
peak() { awk -F': ' '/Maximum resident/ {printf "%.0f MB", $2/1024}' "$1"; }
wall() { awk -F': ' '/Elapsed \(wall/ {print $2}' "$1"; }
cpu() { awk -F': ' '/User time/ {u=$2} /System time/ {s=$2} END {printf "%.2f s", u+s}' "$1"; }
for n in "${@:-10000 50000}"; do
	for n1 in $n; do
		site="$work/site-$n1" pf="$work/pagefind-$n1"
		if [ "${REUSE:-}" != 1 ] || [ ! -d "$site/content" ]; then
			rm -rf "$site" "$pf"
			mkdir -p "$site"
			if [ "${CORPUS:-py}" = go ]; then
				(cd "$repo" && go run ./generator/internal/corpus/cmd "$site" "$n1")
			else
				python3 "$repo/../shared/bench/corpus.py" "$site/content" "$n1" >/dev/null
				printf 'title = "对比测试"\nlanguageCode = "zh-CN"\n' >"$site/config.toml"
			fi
		fi
		/usr/bin/time -v "$work/gen" build -v --source "$site" >"$work/gen-$n1.out" 2>"$work/gen-$n1.time"
		if [ ! -d "$pf" ]; then
			/usr/bin/time -v "$work/node_modules/.bin/pagefind" --site "$site/public" --output-path "$pf" \
				>"$work/pf-$n1.out" 2>"$work/pf-$n1.time"
		fi
		cp -r "$pf" "$site/public/pagefind"
		echo "== $n1 entries ($(du -sh --apparent-size "$site/content" | cut -f1) of Markdown)"
		echo "gen build: $(wall "$work/gen-$n1.time") wall, $(cpu "$work/gen-$n1.time") CPU, $(peak "$work/gen-$n1.time") peak RSS (whole build);" \
			"search stage $(awk '/search/ {print $2}' "$work/gen-$n1.out")"
		echo "pagefind:  $(wall "$work/pf-$n1.time") wall, $(cpu "$work/pf-$n1.time") CPU, $(peak "$work/pf-$n1.time") peak RSS"
		gb=$(( $(du -sb "$site/public/search" | cut -f1) + $(stat -c %s "$site/public/assets/search.js") ))
		pb=$(du -sb "$site/public/pagefind" | cut -f1)
		echo "index bytes: gen $((gb / 1024)) KB in $(find "$site/public/search" -type f | wc -l) files;" \
			"pagefind $((pb / 1024)) KB in $(find "$site/public/pagefind" -type f | wc -l) files"
		(cd "$repo" && GEN_COMPARE="$site/public" GEN_COMPARE_QUERIES="$queries" \
			go test -count=1 -run '^TestCompare$' -v ./generator/search/ | grep -v '^ *=== \|^ *--- \|^PASS\|^ok')
	done
done
