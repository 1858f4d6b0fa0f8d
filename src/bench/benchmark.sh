#!/usr/bin/env bash
# Performance benchmark (issue 10): the whole job as a user runs it (./submit.sh, local mode)
# against the pandas + scikit-learn peer (../shared/bench/peer_pandas_sklearn.py) on the same
# input, alternating, several times per size. Prints, per size: median wall time and peak RSS of
# both, the ratio ours/peer, rows per second, and our median time per stage (from the run summary
# JSON). Figures go to target/bench/benchmark-<time>.tsv; scaled inputs to $BENCH_DATA (outside
# the repository, default /tmp/segmentation-bench).
#
# Usage: src/bench/benchmark.sh [--sizes "1 10 50 100"] [--repeat 3] [--peer-max-size 50]
# Needs: a JDK 17 and Maven (the jar is built if needed); for the peer and the scaled inputs
# Debian's python3-pandas python3-sklearn (apt-get install -y python3-pandas python3-sklearn).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SHARED="$(cd "$HERE/.." && pwd)/shared"
SIZES="1 10 50 100"
REPEAT=3
PEER_MAX=100
while [ $# -gt 0 ]; do
  case "$1" in
    --sizes) SIZES="$2"; shift 2 ;;
    --repeat) REPEAT="$2"; shift 2 ;;
    --peer-max-size) PEER_MAX="$2"; shift 2 ;;
    -h | --help) sed -n '2,13p' "$0"; exit 0 ;;
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

# A first submit.sh call builds the jar if needed, so no run below pays for the build.
"$HERE/submit.sh" --help >/dev/null
(cd "$HERE" && [ -n "$(ls target/customer-segmentation-*.jar 2>/dev/null)" ]) || mvn -q -B -f "$HERE/pom.xml" -DskipTests package

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

# measure LABEL LOG CMD...: runs CMD, appends "wall_seconds peak_rss_kb exit" to LOG.times
measure() {
  local log="$1"; shift
  local rc=0
  /usr/bin/time -f "%e %M" -o "$log.time" "$@" >"$log" 2>&1 || rc=$?
  echo "$(cat "$log.time" | tail -1) $rc"
}

median() { sort -n | awk '{a[NR]=$1} END {if (NR == 0) print "NA"; else if (NR % 2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

printf "size\trows\truns\tours_wall_s\tours_peak_rss_gb\tpeer_wall_s\tpeer_peak_rss_gb\tratio_ours_peer\tours_rows_per_s\tpeer_status\tstages_s\n" >"$TSV"
for size in $SIZES; do
  glob="$(input_for "$size")"
  ours_w=(); ours_m=(); peer_w=(); peer_m=(); peer_status=ok; rows=NA; stages=""
  for r in $(seq 1 "$REPEAT"); do
    run_id="bench-${size}x-$r"
    wh="$DATA/warehouse-${size}x"
    rm -rf "$wh"
    read -r w m rc < <(measure "$OUT/ours-${size}x-$r.log" "$HERE/submit.sh" run --config "$HERE/conf/online-retail.conf" \
      --input "$glob" --output "$wh" --run-id "$run_id" --summary-json "$OUT/summary-${size}x-$r.json")
    [ "$rc" = 0 ] || { echo "our run failed at ${size}x (exit $rc), see $OUT/ours-${size}x-$r.log" >&2; exit 1; }
    ours_w+=("$w"); ours_m+=("$m")
    rows="$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["rows"]["read"])' "$OUT/summary-${size}x-$r.json")"
    stages="$("$PY" -c 'import json,sys; print(",".join("%s=%.1f" % (s["name"], s["seconds"]) for s in json.load(open(sys.argv[1]))["stages"]))' "$OUT/summary-${size}x-$r.json")"
    echo "${size}x run $r: ours ${w}s $((m / 1024)) MB ($stages)" >&2
    if [ "$size" -le "$PEER_MAX" ]; then
      read -r w m rc < <(measure "$OUT/peer-${size}x-$r.log" "$PY" "$SHARED/bench/peer_pandas_sklearn.py" "$glob" 3 8)
      if [ "$rc" = 0 ]; then
        peer_w+=("$w"); peer_m+=("$m")
        echo "${size}x run $r: peer ${w}s $((m / 1024)) MB" >&2
      else
        peer_status="failed(exit $rc)"
        echo "${size}x run $r: peer failed with exit $rc (memory?), see $OUT/peer-${size}x-$r.log" >&2
      fi
    else
      peer_status=skipped
    fi
  done
  ow="$(printf '%s\n' "${ours_w[@]}" | median)"
  om="$(printf '%s\n' "${ours_m[@]}" | median)"
  pw="$( [ ${#peer_w[@]} -gt 0 ] && printf '%s\n' "${peer_w[@]}" | median || echo NA)"
  pm="$( [ ${#peer_m[@]} -gt 0 ] && printf '%s\n' "${peer_m[@]}" | median || echo NA)"
  ratio="$(awk -v a="$ow" -v b="$pw" 'BEGIN {if (b == "NA" || b == 0) print "NA"; else printf "%.2f", a / b}')"
  rps="$(awk -v n="$rows" -v t="$ow" 'BEGIN {printf "%.0f", n / t}')"
  gb() { awk -v k="$1" 'BEGIN {if (k == "NA") print "NA"; else printf "%.2f", k / 1048576}'; }
  printf "%sx\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n" "$size" "$rows" "$REPEAT" "$ow" "$(gb "$om")" "$pw" "$(gb "$pm")" \
    "$ratio" "$rps" "$peer_status" "$stages" >>"$TSV"
done
# Growth: our median wall time at each size over the one ten times smaller (issue 10 asks <= 10).
awk -F'\t' 'NR > 1 {t[$1] = $4} END {for (s in t) {n = substr(s, 1, length(s) - 1) / 10; if ((n "x") in t && t[n "x"] > 0) printf "growth time(%s)/time(%sx) = %.2f\n", s, n, t[s] / t[n "x"]}}' "$TSV" >"$TSV.growth"
echo
column -t -s $'\t' "$TSV"
cat "$TSV.growth"
echo
echo "figures: $TSV"
