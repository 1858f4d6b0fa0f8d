#!/usr/bin/env bash
# Performance benchmark (issues 10 and 18): the whole job as a user runs it (./submit.sh, local
# mode), the reference job on the same stack (../shared/bench/floor: the same essential work,
# written plainly) and the pandas + scikit-learn peer (../shared/bench/peer_pandas_sklearn.py),
# in turn on the same input, several rounds per size. Prints, per size: median wall time and peak
# RSS of each, the ratios ours/reference and ours/peer, rows per second, and our median seconds and
# Spark jobs per stage (from the run summary JSON). Figures go to target/bench/benchmark-<time>.tsv;
# scaled inputs to $BENCH_DATA (outside the repository, default /tmp/segmentation-bench).
#
# Usage: src/bench/benchmark.sh [--sizes "1 10 100"] [--repeat 3] [--tools "ours reference peer"]
#          [--peer-max-size 100] [--master "local[*]"]
#   --tools    which of ours, reference, peer to run (default all three)
#   --master   our Spark master, e.g. local[1] for the scale-out figure (the reference always
#              runs on all cores)
# Needs: a JDK 17 and Maven (our jar and the reference's are built if needed); for the peer and the
# scaled inputs Debian's python3-pandas python3-sklearn (apt-get install -y python3-pandas
# python3-sklearn).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SHARED="$(cd "$HERE/.." && pwd)/shared"
SIZES="1 10 100"
REPEAT=3
PEER_MAX=100
TOOLS="ours reference peer"
MASTER="local[*]"
while [ $# -gt 0 ]; do
  case "$1" in
    --sizes) SIZES="$2"; shift 2 ;;
    --repeat) REPEAT="$2"; shift 2 ;;
    --tools) TOOLS="$2"; shift 2 ;;
    --peer-max-size) PEER_MAX="$2"; shift 2 ;;
    --master) MASTER="$2"; shift 2 ;;
    -h | --help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "benchmark.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
DATA="${BENCH_DATA:-/tmp/segmentation-bench}"
OUT="$HERE/target/bench"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
TSV="$OUT/benchmark-$STAMP.tsv"
mkdir -p "$OUT" "$DATA"
ORIGINAL="$SHARED/data/online-retail/by-day/*.csv.gz"
REFERENCE="$SHARED/bench/floor/run.sh"
has() { case " $TOOLS " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }

# Build both jars first, so no timed run pays for a build.
if has ours; then
  "$HERE/submit.sh" --help >/dev/null
  (cd "$HERE" && [ -n "$(ls target/customer-segmentation-*.jar 2>/dev/null)" ]) || mvn -q -B -f "$HERE/pom.xml" -DskipTests package
  # The first successful run writes the driver's class-data archive (submit.sh, ~10 s at exit):
  # an untimed run on the real data pays it, so no timed round does.
  if [ -z "$(cd "$HERE" && find target/cds -name 'driver-*.jsa' -newer "$(ls target/customer-segmentation-*.jar | head -1)" 2>/dev/null)" ]; then
    echo "benchmark.sh: one untimed run to write the class-data archive ..." >&2
    "$HERE/submit.sh" --master "$MASTER" run --config "$HERE/conf/online-retail.conf" \
      --input "$ORIGINAL" --output "$DATA/warmup-warehouse" >/dev/null 2>&1 ||
      { echo "benchmark.sh: the warm-up run failed" >&2; exit 1; }
  fi
fi
if has reference; then
  [ -x "$REFERENCE" ] || { echo "benchmark.sh: the reference job $REFERENCE is missing" >&2; exit 2; }
  "$REFERENCE" fixed "$DATA/reference-warmup" >/dev/null 2>&1 || { echo "benchmark.sh: the reference job does not build or run" >&2; exit 1; }
fi

input_for() { # size -> glob
  if [ "$1" = 1 ]; then
    echo "$ORIGINAL"
    return
  fi
  local dir="$DATA/retail-${1}x"
  if [ ! -f "$dir/.complete" ]; then
    echo "generating the ${1}x input in $dir ..." >&2
    rm -rf "$dir"
    "$PY" "$SHARED/bench/scale_retail.py" "$ORIGINAL" "$1" "$dir"
    touch "$dir/.complete"
  fi
  echo "$dir/*.csv.gz"
}

# measure LOG CMD...: runs CMD; prints "wall_seconds peak_rss_kb exit"
measure() {
  local log="$1"; shift
  local rc=0
  /usr/bin/time -f "%e %M" -o "$log.time" "$@" >"$log" 2>&1 || rc=$?
  echo "$(tail -1 "$log.time") $rc"
}

median() { sort -n | awk '{a[NR]=$1} END {if (NR == 0) print "NA"; else if (NR % 2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
med() { [ $# -gt 0 ] && printf '%s\n' "$@" | median || echo NA; }
gb() { awk -v k="$1" 'BEGIN {if (k == "NA") print "NA"; else printf "%.2f", k / 1048576}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (a == "NA" || b == "NA" || b == 0) print "NA"; else printf "%.2f", a / b}'; }

printf "size\trows\truns\tmaster\tours_wall_s\tours_rss_gb\treference_wall_s\treference_rss_gb\tpeer_wall_s\tpeer_rss_gb\tours_over_reference\tours_over_peer\tours_rows_per_s\tpeer_status\tours_stages_s_jobs\n" >"$TSV"
for size in $SIZES; do
  glob="$(input_for "$size")"
  ours_w=(); ours_m=(); ref_w=(); ref_m=(); peer_w=(); peer_m=(); peer_status=ok; rows=NA
  declare -A stage_s=() stage_j=()
  for r in $(seq 1 "$REPEAT"); do
    if has ours; then
      wh="$DATA/warehouse-${size}x"
      rm -rf "$wh"
      read -r w m rc < <(measure "$OUT/ours-${size}x-$r.log" "$HERE/submit.sh" --master "$MASTER" run \
        --config "$HERE/conf/online-retail.conf" --input "$glob" --output "$wh" --run-id "bench-${size}x-$r" \
        --summary-json "$OUT/summary-${size}x-$r.json")
      [ "$rc" = 0 ] || { echo "our run failed at ${size}x (exit $rc), see $OUT/ours-${size}x-$r.log" >&2; exit 1; }
      ours_w+=("$w"); ours_m+=("$m")
      rows="$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["rows"]["read"])' "$OUT/summary-${size}x-$r.json")"
      while read -r name s j; do
        stage_s[$name]+="$s "; stage_j[$name]+="$j "
      done < <("$PY" -c 'import json,sys
for s in json.load(open(sys.argv[1]))["stages"]: print(s["name"], s["seconds"], s["spark_jobs"])' "$OUT/summary-${size}x-$r.json")
      echo "${size}x round $r: ours ${w}s $((m / 1024)) MB" >&2
    fi
    if has reference; then
      rm -rf "$DATA/reference-out-${size}x"
      read -r w m rc < <(measure "$OUT/reference-${size}x-$r.log" "$REFERENCE" run "$glob" "$DATA/reference-out-${size}x")
      [ "$rc" = 0 ] || { echo "the reference job failed at ${size}x (exit $rc), see $OUT/reference-${size}x-$r.log" >&2; exit 1; }
      ref_w+=("$w"); ref_m+=("$m")
      echo "${size}x round $r: reference ${w}s $((m / 1024)) MB" >&2
    fi
    if has peer; then
      if [ "$size" -le "$PEER_MAX" ]; then
        read -r w m rc < <(measure "$OUT/peer-${size}x-$r.log" "$PY" "$SHARED/bench/peer_pandas_sklearn.py" "$glob")
        if [ "$rc" = 0 ]; then
          peer_w+=("$w"); peer_m+=("$m")
          echo "${size}x round $r: peer ${w}s $((m / 1024)) MB" >&2
        else
          peer_status="failed(exit $rc)"
          echo "${size}x round $r: peer failed with exit $rc (memory?), see $OUT/peer-${size}x-$r.log" >&2
        fi
      else
        peer_status=skipped
      fi
    else
      peer_status=not-run
    fi
  done
  stages=""
  for name in read clean features history model profile identity write; do
    [ -n "${stage_s[$name]:-}" ] || continue
    # shellcheck disable=SC2086
    stages+="$name=$(med ${stage_s[$name]} | xargs printf '%.1f')s/$(med ${stage_j[$name]})j "
  done
  ow="$(med "${ours_w[@]}")"; om="$(med "${ours_m[@]}")"
  rw="$(med "${ref_w[@]}")"; rm_="$(med "${ref_m[@]}")"
  pw="$(med "${peer_w[@]}")"; pm="$(med "${peer_m[@]}")"
  rps="$(awk -v n="$rows" -v t="$ow" 'BEGIN {if (n == "NA" || t == "NA") print "NA"; else printf "%.0f", n / t}')"
  printf "%sx\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n" "$size" "$rows" "$REPEAT" "$MASTER" \
    "$ow" "$(gb "$om")" "$rw" "$(gb "$rm_")" "$pw" "$(gb "$pm")" "$(ratio "$ow" "$rw")" "$(ratio "$ow" "$pw")" \
    "$rps" "$peer_status" "${stages% }" >>"$TSV"
  unset stage_s stage_j
done
# Growth: our median wall time at each size over the one ten times smaller.
awk -F'\t' 'NR > 1 {t[$1] = $5} END {for (s in t) {n = substr(s, 1, length(s) - 1) / 10; if ((n "x") in t && t[n "x"] > 0) printf "growth time(%s)/time(%sx) = %.2f\n", s, n, t[s] / t[n "x"]}}' "$TSV" >"$TSV.growth"
echo
column -t -s $'\t' "$TSV"
cat "$TSV.growth"
echo
echo "figures: $TSV"
