#!/usr/bin/env bash
# Compares gen with the floor (read + goldmark + write each entry, see
# floor/) and with Hugo on the same generated archives: median wall time, CPU time and peak memory over alternating runs.
#
#   generator/internal/bench/compare.sh [ENTRIES ...]     (default: 10000 50000)
#
# Environment: PHOTOS (also compare the photo work on that many generated
# camera photos, photos/compare.sh), RUNS (runs per tool and size, default 3), WORK (a folder for
# corpora, default a new temporary one; it can take a few GB), OUT (where
# the three write their output, default WORK; /dev/shm takes the disk out
# of the comparison on a machine whose disk is slow or shared).
# Installs Hugo from Debian's packages when it is missing.
set -euo pipefail
cd "$(dirname "$0")/../../.."
root=$(pwd)
RUNS=${RUNS:-3}
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 50000)
WORK=${WORK:-$(mktemp -d)}
OUT=${OUT:-$WORK}
mkdir -p "$WORK" "$OUT"

if ! command -v hugo >/dev/null; then
  echo "installing hugo (Debian package)…" >&2
  if [ "$(id -u)" = 0 ]; then apt-get install -y -qq hugo >/dev/null; else sudo apt-get install -y -qq hugo >/dev/null; fi
fi
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 1; }

go build -o "$WORK/gen" .
go build -o "$WORK/floor" ./generator/internal/bench/floor
echo "gen $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo ?), $(hugo version | cut -d' ' -f1-2), $(nproc) cores, $RUNS runs each" >&2

# measure NAME CMD… : runs CMD under /usr/bin/time, appends "wall cpu rssKB"
# to $WORK/NAME; CMD's output is left in $WORK/out.$$
measure() {
  local name=$1; shift
  /usr/bin/time -f "%e %U %S %M" -o "$WORK/time.$$" "$@" >"$WORK/out.$$" 2>"$WORK/err.$$" || {
    echo "$name failed:" >&2; cat "$WORK/err.$$" >&2; exit 1; }
  awk '{printf "%s %.2f %d\n", $1, $2+$3, $4}' "$WORK/time.$$" >> "$WORK/$name"
}

# stages FILE: appends the seconds of each stage gen build -v printed (in
# $WORK/out.$$) as one line: content model entries lists search
stages() {
  awk '$1 ~ /^(content|model|entries|lists|search)$/ && $2 ~ /^[0-9.]+(ms|s|µs)$/ {
         v = $2; s = v + 0; if (v ~ /ms$/) s /= 1000; else if (v ~ /µs$/) s /= 1e6
         t[$1] = s }
       END { printf "%.3f %.3f %.3f %.3f %.3f\n", t["content"], t["model"], t["entries"], t["lists"], t["search"] }' \
    "$WORK/out.$$" >> "$1"
}

# median COLUMN FILE
median() { sort -n -k"$1" "$2" | awk -v c="$1" '{v[NR]=$c} END {print v[int((NR+1)/2)]}'; }

rm -f "$WORK/per-entry"
printf "%-7s %-6s %9s %9s %9s %8s %8s %8s\n" entries tool "wall s" "cpu s" "rss MB" "wall/fl" "cpu/fl" "wall/hg"
for n in "${sizes[@]}"; do
  site="$WORK/site-$n"; hsite="$WORK/hugo-$n"
  if [ ! -d "$site/content" ]; then go run ./generator/internal/corpus/cmd "$site" "$n"; fi
  rm -rf "$hsite"; mkdir -p "$hsite"
  cp -r "$root/generator/internal/bench/hugo/." "$hsite/"
  cp -r "$site/content" "$hsite/content"
  mkdir -p "$hsite/content/timeline"; printf '+++\ntitle = "时间线"\n+++\n' > "$hsite/content/timeline/_index.md"
  rm -f "$WORK/gen-$n" "$WORK/floor-$n" "$WORK/hugo-$n.t" "$WORK/stages-$n"
  for r in $(seq "$RUNS"); do
    rm -rf "$OUT/out-gen" "$OUT/out-floor" "$OUT/out-hugo"; sync
    # each run starts with another of the three: the first after the
    # removal and sync can find the file system busiest
    for t in $(printf 'gen\nfloor\nhugo\ngen\nfloor\n' | tail -n +$(( (r - 1) % 3 + 1 )) | head -3); do
      case $t in
        gen) rm -rf "$site/.gen" # a fresh build: no search index to carry over
             measure "gen-$n" "$WORK/gen" build -v --source "$site" --destination "$OUT/out-gen"
             stages "$WORK/stages-$n" ;;
        floor) measure "floor-$n" "$WORK/floor" "$site/content" "$OUT/out-floor" ;;
        hugo) measure "hugo-$n.t" hugo --source "$hsite" --destination "$OUT/out-hugo" --quiet ;;
      esac
    done
  done
  fw=$(median 1 "$WORK/floor-$n"); fc=$(median 2 "$WORK/floor-$n"); hw=$(median 1 "$WORK/hugo-$n.t")
  for tool in gen floor hugo; do
    f="$WORK/$tool-$n"; [ "$tool" = hugo ] && f="$WORK/hugo-$n.t"
    w=$(median 1 "$f"); c=$(median 2 "$f"); m=$(median 3 "$f")
    awk -v n="$n" -v t="$tool" -v w="$w" -v c="$c" -v m="$m" -v fw="$fw" -v fc="$fc" -v hw="$hw" \
      'BEGIN {printf "%-7s %-6s %9.2f %9.2f %9.0f %8.2f %8.2f %8.2f\n", n, t, w, c, m/1024, w/fw, c/fc, w/hw}'
  done
  echo "$n $(median 1 "$WORK/gen-$n")" >> "$WORK/per-entry"
  # where gen's time goes: the median of each stage, and gen's wall time
  # less its search stage against the floor
  c=$(median 1 "$WORK/stages-$n"); m=$(median 2 "$WORK/stages-$n"); e=$(median 3 "$WORK/stages-$n")
  l=$(median 4 "$WORK/stages-$n"); s=$(median 5 "$WORK/stages-$n"); gw=$(median 1 "$WORK/gen-$n")
  awk -v n="$n" -v c="$c" -v m="$m" -v e="$e" -v l="$l" -v s="$s" -v gw="$gw" -v fw="$fw" \
    'BEGIN {printf "%-7s gen stages s: content %.2f, model %.2f, entries %.2f, lists %.2f, search %.2f = %.2f× floor; wall less search %.2f = %.2f× floor\n", n, c, m, e, l, s, s/fw, gw-s, (gw-s)/fw}'
done
if [ "$(wc -l < "$WORK/per-entry")" -ge 2 ]; then
  awk 'NR==1 {n1=$1; t1=$2} NR==2 {n2=$1; t2=$2} END {printf "gen time per entry at %d vs %d entries: %.2f×\n", n2, n1, (t2/n2)/(t1/n1)}' "$WORK/per-entry"
fi
rm -rf "$OUT/out-gen" "$OUT/out-floor" "$OUT/out-hugo"
# publish delta on the largest size: each step a separate gen publish from
# a copy of the site (its search index carried over in .gen/cache/search),
# as gen publish's own summary counts them
n=${sizes[$((${#sizes[@]} - 1))]}; psite="$WORK/pub-site-$n"; pdest="$OUT/pub-dest"
rm -rf "$psite" "$pdest"; cp -r "$WORK/site-$n" "$psite"
pub() { "$WORK/gen" publish --force --source "$psite" "$pdest" 2>&1 | tail -1 | sed 's/.*: copied \([0-9]*\) files* (\([^)]*\)).*removed \([0-9]*\) files* .*/\1 files (\2), removed \3/'; }
pub >/dev/null
mds=$(find "$psite/content/activities" -name '*.md' ! -name '_index.md' | sort | sed -n 1,3p)
one=$(echo "$mds" | sed -n 1p); two=$(echo "$mds" | sed -n 2p); three=$(echo "$mds" | sed -n 3p)
sed 's/^title = "/title = "新增/' "$one" > "${one%.md}-added.md"; a=$(pub)
rm "$two"; d=$(pub)
printf '\n补充一段：本段用于测试编辑后的发布。\n' >> "$three"; e=$(pub)
z=$(pub)
echo "$n     publish delta: add $a; delete $d; edit $e; nothing changed $z"
rm -rf "$psite" "$pdest"
# PHOTOS=N: the photo comparison too (photos/compare.sh: N camera photos,
# gen against Hugo, first build, cached rebuild, peak memory)
if [ "${PHOTOS:-0}" -gt 0 ]; then
  N=$PHOTOS RUNS=$RUNS BIG=0 WORK="$WORK/photos" OUT="$OUT" bash "$root/generator/internal/bench/photos/compare.sh" | grep -E "^(hugo|photo|gen build)"
fi
echo "(corpora in $WORK)" >&2
