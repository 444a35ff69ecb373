#!/usr/bin/env bash
# gen serve's memory as a writer and readers use it: serves a generated
# archive, then saves an entry SAVES times (one a quarter second) while wrk
# fetches pages over 50 connections on 127.0.0.1, and prints the process's
# resident memory after the first build, at the end, and at its highest
# (VmHWM), read from /proc, with wrk's request rate.
#
#   generator/internal/bench/serve.sh [ENTRIES]      (default 50000)
#
# Environment: SAVES (default 100), CONNS (default 50), WORK (a folder for
# the corpus, default a new temporary one). Linux only; installs wrk from
# Debian's packages when it is missing. The time from a save to the
# browser's reload is BenchmarkServeEdit's (generator/cli).
set -euo pipefail
cd "$(dirname "$0")/../../.."
N=${1:-50000}
SAVES=${SAVES:-100}
CONNS=${CONNS:-50}
WORK=${WORK:-$(mktemp -d)}
mkdir -p "$WORK"

if ! command -v wrk >/dev/null; then
  echo "installing wrk (Debian package)…" >&2
  if [ "$(id -u)" = 0 ]; then apt-get install -y -qq wrk >/dev/null; else sudo apt-get install -y -qq wrk >/dev/null; fi
fi
go build -o "$WORK/gen" .
if [ ! -d "$WORK/site/content" ]; then
  go run ./generator/internal/corpus/cmd "$WORK/site" "$N" >/dev/null
fi

port=$((20000 + RANDOM % 20000))
"$WORK/gen" serve --port "$port" --source "$WORK/site" >"$WORK/serve.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
until grep -q "serving" "$WORK/serve.log" 2>/dev/null; do
  kill -0 $pid 2>/dev/null || { cat "$WORK/serve.log" >&2; exit 1; }
  sleep 0.5
done
kb() { awk -v k="$1:" '$1 == k {print $2}' /proc/$pid/status; }
first=$(kb VmRSS)

# the pages wrk asks for: an entry, its section-year, a tag page, the home page
entry=$(cd "$WORK/site/content" && find activities -name '*.md' ! -name '_index.md' | sort | sed -n 1p)
url="http://127.0.0.1:$port"
cat >"$WORK/paths.lua" <<EOF
local paths = {"/", "/${entry%.md}/", "/$(dirname "$entry")/", "/tags/", "/timeline/"}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[i % #paths + 1])
end
EOF
secs=$((SAVES / 4 + 5))
wrk -t2 -c"$CONNS" -d"${secs}s" -s "$WORK/paths.lua" "$url" >"$WORK/wrk.log" 2>&1 &
wrkpid=$!
sleep 1
file="$WORK/site/content/$entry"
for i in $(seq 1 "$SAVES"); do
  printf '\n第%d次保存。\n' "$i" >>"$file"
  sleep 0.25
done
wait $wrkpid
last=$(kb VmRSS)
peak=$(kb VmHWM)
builds=$(grep -c "built in" "$WORK/serve.log")
echo "gen serve, $N entries, $SAVES saves under wrk -c$CONNS: $((builds - 1)) rebuilds"
echo "resident after the first build: $((first / 1024)) MB"
echo "resident after the saves:       $((last / 1024)) MB"
echo "resident at the highest:        $((peak / 1024)) MB"
grep -E "Requests/sec|Non-2xx|Socket errors" "$WORK/wrk.log" || true
