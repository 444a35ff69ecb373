#!/usr/bin/env bash
# Photo work, gen's photo package against Hugo 0.111, side by side in one
# run: N generated 12 MP camera JPEGs (EXIF orientation, GPS) in bundles
# of 6–12; Hugo's template makes .Fit "1600x1600" and .Fit "480x480" of
# every page resource image (quality 82, as ours); the Go driver makes the
# same two sizes with package photo on all cores. RUNS rounds, each
# timing Hugo (fresh resources/), photo (fresh cache), photo again
# (cached); medians of wall time, and peak RSS, from /usr/bin/time. Then
# photo alone on BIG 48 MP (8000×6000) photos: its peak RSS with both
# workers (the budget must keep it ≤ 400 MB).
#
# Last, gen build itself on the same photos among ENTRIES generated
# entries: first build, cached rebuild, and the archive without them.
#
#   N=48 RUNS=3 BIG=4 ENTRIES=2000 generator/internal/bench/photos/compare.sh
#
# OUT=DIR writes gen build's outputs there (/dev/shm: tmpfs).
set -euo pipefail
N=${N:-48}
RUNS=${RUNS:-3}
BIG=${BIG:-4}
ROOT=$(cd "$(dirname "$0")/../../../.." && pwd)
W=${WORK:-$(mktemp -d /tmp/photobench.XXXXXX)}
cd "$ROOT"
go build -o "$W/photos" ./generator/internal/bench/photos
[ -d "$W/site/content" ] || "$W/photos" gen -n "$N" -out "$W/site"
: >"$W/hugo.t"; : >"$W/gen.t"; : >"$W/cached.t"
T="/usr/bin/time -f %e_%U_%S_%M -a"
for r in $(seq "$RUNS"); do
  rm -rf "$W/site/resources" "$W/site/public" "$W/cache" "$W/out"
  $T -o "$W/hugo.t" hugo -s "$W/site" --quiet >/dev/null
  $T -o "$W/gen.t" "$W/photos" run -src "$W/site/content" -cache "$W/cache" -out "$W/out" >/dev/null
  $T -o "$W/cached.t" "$W/photos" run -src "$W/site/content" -cache "$W/cache" -out "$W/out" >/dev/null
  echo "run $r: hugo $(tail -1 "$W/hugo.t")  photo $(tail -1 "$W/gen.t")  cached $(tail -1 "$W/cached.t")  (wall_user_sys_maxKB)"
done
med() { tr '_' ' ' <"$1" | awk -v c="$2" '{print $c}' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
hw=$(med "$W/hugo.t" 1); gw=$(med "$W/gen.t" 1); cw=$(med "$W/cached.t" 1)
hm=$(med "$W/hugo.t" 4); gm=$(med "$W/gen.t" 4); cm=$(med "$W/cached.t" 4)
echo "photos: $N 12 MP JPEGs, $RUNS runs, medians, $(nproc) cores"
echo "hugo $(hugo version | awk '{print $2}'):  ${hw}s  peak RSS $((hm / 1024)) MB"
echo "photo (first build): ${gw}s  peak RSS $((gm / 1024)) MB  ratio $(awk -v a="$gw" -v b="$hw" 'BEGIN{printf "%.2f", a/b}')× Hugo"
echo "photo (cached):      ${cw}s  peak RSS $((cm / 1024)) MB"
du -sh "$W/out" | awk '{print "derived files: " $1}'
echo "CPU (user+sys, medians): hugo $(awk -F_ '{print $2+$3}' "$W/hugo.t" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')s  photo $(awk -F_ '{print $2+$3}' "$W/gen.t" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')s"
if [ "$BIG" -gt 0 ]; then
  [ -d "$W/big/content" ] || "$W/photos" gen -n "$BIG" -w 8000 -h 6000 -out "$W/big" >/dev/null
  rm -rf "$W/big-cache" "$W/big-out"
  /usr/bin/time -f %e_%U_%S_%M -o "$W/big.t" "$W/photos" run -src "$W/big/content" -cache "$W/big-cache" -out "$W/big-out" >/dev/null
  echo "photo on $BIG 48 MP JPEGs: $(tr _ ' ' <"$W/big.t" | awk '{printf "%ss, CPU %.1fs, peak RSS %d MB", $1, $2+$3, $4/1024}')"
fi
# gen build itself on the same photos, as an office's archive has them:
# the bundles dated, under a year, among ENTRIES generated entries
# (default 2,000); first build (empty photo cache) and the cached rebuild,
# against the same archive with its photos taken out.
gsite="$W/gen-site"; nsite="$W/gen-nophotos"
rm -rf "$gsite" "$nsite"
go run ./generator/internal/corpus/cmd "$gsite" "${ENTRIES:-2000}" >/dev/null
mkdir -p "$gsite/content/activities/2024"
i=0
for d in "$W/site/content/activities"/*/; do
  i=$((i + 1)); b="$gsite/content/activities/2024/$(basename "$d")"; mkdir -p "$b"
  cp "$d"*.jpg "$b/"
  printf '+++\ntitle = "活动 %d"\ndate = 2024-%02d-%02d\n+++\n\n组织党员参加志愿服务活动，现场照片如下。\n' "$i" $(( (i - 1) % 12 + 1 )) $(( (i - 1) % 28 + 1 )) >"$b/index.md"
done
cp -r "$gsite" "$nsite"; find "$nsite/content" -name '*.jpg' -delete
go build -o "$W/gen" .
: >"$W/gb-first.t"; : >"$W/gb-cached.t"; : >"$W/gb-none.t"
GOUT=${OUT:-$W}   # OUT=/dev/shm/… takes the disk out of gen build's figures
mkdir -p "$GOUT"
for r in $(seq "$RUNS"); do
  rm -rf "$gsite/.gen" "$GOUT/gen-out" "$GOUT/gen-none-out"
  $T -o "$W/gb-first.t" "$W/gen" build --source "$gsite" --destination "$GOUT/gen-out" >/dev/null
  $T -o "$W/gb-cached.t" "$W/gen" build --source "$gsite" --destination "$GOUT/gen-out" >/dev/null
  $T -o "$W/gb-none.t" "$W/gen" build --source "$nsite" --destination "$GOUT/gen-none-out" >/dev/null
done
rm -rf "$GOUT/gen-out" "$GOUT/gen-none-out"
f=$(med "$W/gb-first.t" 1); c=$(med "$W/gb-cached.t" 1); z=$(med "$W/gb-none.t" 1)
echo "gen build, ${ENTRIES:-2000} entries and $N photos: first ${f}s ($(awk -v a="$f" -v b="$hw" 'BEGIN{printf "%.2f", a/b}')× Hugo) peak RSS $(( $(med "$W/gb-first.t" 4) / 1024 )) MB; cached ${c}s peak RSS $(( $(med "$W/gb-cached.t" 4) / 1024 )) MB; without the photos ${z}s (cached $(awk -v a="$c" -v b="$z" 'BEGIN{printf "%.2f", a/b}')× that)"
echo "work folder: $W"
