#!/usr/bin/env bash
# Segment quality against scikit-learn on the same scaled features and k.
# Runs the job on the real UCI data, exports its scaled model inputs, clusters them with
# scikit-learn (best of 10 k-means++ starts) and prints both silhouettes.
# Needs: mvn package done, Debian's python3-pandas and python3-sklearn (/usr/bin/python3).
# Writes only under target/bench/.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$HERE"
INPUT="${1:-../shared/data/online-retail/by-day/*.csv.gz}"
OUT="$HERE/target/bench/sklearn"
rm -rf "$OUT" && mkdir -p "$OUT"
./submit.sh run --config conf/online-retail.conf --input "$INPUT" --output "$OUT/warehouse" --run-id bench-sklearn >"$OUT/run.log"
mvn -q -B test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$OUT/classpath.txt"
# shellcheck disable=SC2046 # the JVM flags are a list
java -Xmx4g $(sed -n 's:.*<spark.jvm.opens>\(.*\)</spark.jvm.opens>.*:\1:p' pom.xml) \
  -Dlog4j2.configurationFile="file:$HERE/conf/log4j2.properties" \
  -cp "target/test-classes:target/classes:$(cat "$OUT/classpath.txt")" \
  io.segmentation.bench.ExportScaledFeatures "$OUT/warehouse" "$OUT/scaled"
/usr/bin/python3 src/bench/sklearn_reference.py "$OUT/scaled" | tee "$OUT/result.txt"
