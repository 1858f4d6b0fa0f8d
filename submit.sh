#!/usr/bin/env bash
# submit.sh: run customer-segmentation through spark-submit, with or without a Spark installation.
# See ./submit.sh --help.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
MAIN_CLASS="io.segmentation.cli.Main"
# The Spark line (--spark or SEGMENTATION_SPARK; 4.1 by default) picks the jar, its folder and
# its Maven-resolved classpath; set by select_line.
SPARK_LINE=""
LINE_DIR=""
JAR_GLOB=""
CLASSPATH_FILE=""
DEFAULT_DRIVER_MEMORY="${SEGMENTATION_DRIVER_MEMORY:-4g}"
# The module opens Spark needs on Java 17 (the list spark-submit's own launcher adds; keep in sync
# with spark.jvm.opens in pom.xml).
JAVA_OPENS=(-XX:+IgnoreUnrecognizedVMOptions
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED
  --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED
  -Djdk.reflect.useDirectMethodHandle=false -Dio.netty.tryReflectionSetAccessible=true)

usage() {
  cat <<'USAGE'
Usage: ./submit.sh [--spark LINE] [spark-submit options] [--] COMMAND [job options]
       ./submit.sh                      (no arguments: the local demo, see below)

Runs the customer-segmentation job. COMMAND is one of:
  run        read, clean, build features, choose k, fit, name segments, write the Delta tables
  score      assign customers of new invoices to the segments of a saved model (--model PATH)
  validate   check configuration and input on a sample; writes nothing
  generate   write a synthetic invoice data set with planted customer archetypes
Every command has --help, e.g. ./submit.sh run --help.

With no arguments at all, submit.sh builds the jar if needed, generates the synthetic sample
(target/sample-data, once), and runs
  run --config conf/local.conf --input target/sample-data/invoices --output warehouse
locally on all cores, then prints where the tables are.

Spark line (before COMMAND):
  --spark LINE            4.1 (default), 4.0 or 3.5: the jar built for that Spark line and, without
                          a Spark installation, that line's Maven-resolved Spark, Scala and Hadoop
                            4.1  target/customer-segmentation-VERSION.jar (Scala 2.13, Delta 4.x)
                            4.0  src/spark-4.0/target/customer-segmentation-spark4.0_2.13-VERSION.jar
                            3.5  src/spark-3.5/target/customer-segmentation-spark3.5_2.12-VERSION.jar
                          (built if missing or older than the sources). With a Spark installation,
                          choose the line of that installation (spark-submit --version).

spark-submit options (before COMMAND) are passed through, for example:
  --master URL            local[*] (default), spark://host:7077, yarn, k8s://https://host:443
  --deploy-mode MODE      client (default) or cluster
  --conf KEY=VALUE        any Spark setting (repeatable)
  --driver-memory SIZE    driver heap, e.g. 8g (local default: $SEGMENTATION_DRIVER_MEMORY or 4g)
  --executor-memory, --executor-cores, --num-executors, --total-executor-cores, --driver-cores
  --packages, --jars, --files, --repositories, --properties-file, --name, --queue
  --driver-java-options, --driver-class-path, --principal, --keytab, --verbose

Where Spark comes from:
  - SPARK_HOME set (or spark-submit on PATH): that installation's bin/spark-submit is used.
  - Otherwise Spark's own submit class runs on the Maven-resolved classpath
    (target/provided-classpath.txt), so a machine with only a JDK 17 and Maven can run every
    command, --master spark://host:7077 included.

Environment:
  SPARK_HOME                  use this Spark installation
  SEGMENTATION_DRIVER_MEMORY  driver heap when no --driver-memory is given (default 4g)
  SEGMENTATION_SPARK          the Spark line when no --spark is given: 4.1 (default), 4.0 or 3.5
  SEGMENTATION_JAR            the application jar to submit (default: the line's jar, see --spark;
                              with several jars there, submit.sh stops and names them)
  JAVA_HOME                   the JDK (17+) used without a Spark installation
  SEGMENTATION_GC             the driver's garbage collector when --master is local and no
                              --driver-java-options names one: parallel (default,
                              -XX:+UseParallelGC: 7-11% faster than G1 at 1x and 10x, 20%
                              at 300x, 1 GB less peak RSS at 10x) or g1 (-XX:+UseG1GC)
  SEGMENTATION_LOG_FILE       the driver's log file (default target/logs/customer-segmentation.log):
                              everything the console shows, plus Spark's expected warnings
  SEGMENTATION_CDS            on (default) or off. Without a Spark installation, the first
                              successful run also writes a class-data archive of the driver's
                              classes (target/cds/, ~200 MB, ~10 s at exit); later runs map it
                              and start ~5 s sooner. Rewritten when the JDK, classpath or jar change.

Exit codes: 0 success, 2 usage or configuration error, 3 input error, 4 modelling error,
5 another run is writing the warehouse, 1 unexpected failure. Examples:
  ./submit.sh run --config conf/online-retail.conf --input '../shared/data/online-retail/by-day/*.csv.gz'
  ./submit.sh --master spark://127.0.0.1:7077 --executor-memory 4g run --config conf/cluster-example.conf
  ./submit.sh generate --customers 5000 --output /tmp/invoices
USAGE
}

die() {
  echo "submit.sh: $*" >&2
  exit 2
}

# Sets the line's jar folder, jar name pattern, classpath file and build command.
select_line() {
  SPARK_LINE="$1"
  case "$SPARK_LINE" in
    4.1)
      LINE_DIR="$HERE"
      JAR_GLOB="customer-segmentation-[0-9]*.jar"
      BUILD=(mvn -q -B -f "$HERE/pom.xml" -DskipTests package)
      ;;
    4.0 | 3.5)
      local scala=2.13
      [ "$SPARK_LINE" = 3.5 ] && scala=2.12
      LINE_DIR="$HERE/src/spark-$SPARK_LINE"
      JAR_GLOB="customer-segmentation-spark${SPARK_LINE}_${scala}-[0-9]*.jar"
      BUILD=(mvn -q -B -f "$HERE/src/spark-lines/pom.xml" -pl "../spark-$SPARK_LINE" -am -DskipTests package)
      ;;
    *) die "--spark must be 4.1, 4.0 or 3.5, not '$SPARK_LINE'" ;;
  esac
  CLASSPATH_FILE="$LINE_DIR/target/provided-classpath.txt"
}

# The line's jar; empty when there is none yet. Several candidates (jars of other versions): stop,
# never guess.
app_jar() {
  if [ -n "${SEGMENTATION_JAR:-}" ]; then
    echo "$SEGMENTATION_JAR"
    return
  fi
  local jar found=()
  for jar in "$LINE_DIR"/target/$JAR_GLOB; do
    case "$jar" in
      *-sources.jar | *-javadoc.jar | */original-*) ;;
      *) [ -f "$jar" ] && found+=("$jar") ;;
    esac
  done
  if [ ${#found[@]} -gt 1 ]; then
    die "several Spark $SPARK_LINE jars in $LINE_DIR/target (${found[*]}); delete the ones you do not want (mvn clean) or name one with SEGMENTATION_JAR"
  fi
  [ ${#found[@]} -eq 1 ] && echo "${found[0]}"
  return 0 # no jar yet (a fresh clone): the caller builds it
}

build_if_needed() {
  local jar
  jar="$(app_jar)"
  if [ -n "${SEGMENTATION_JAR:-}" ]; then
    [ -f "$jar" ] || die "SEGMENTATION_JAR=$jar does not exist"
    return
  fi
  if [ -z "$jar" ] || [ ! -f "$CLASSPATH_FILE" ] ||
    [ -n "$(find "$HERE/src/main" "$HERE/pom.xml" "$HERE/src/spark-lines/pom.xml" "$LINE_DIR/pom.xml" -newer "$jar" -type f -print -quit 2>/dev/null)" ]; then
    echo "submit.sh: building the Spark $SPARK_LINE application jar (${BUILD[*]}) ..." >&2
    command -v mvn >/dev/null 2>&1 || die "Maven (mvn) is needed to build the jar; install it or set SEGMENTATION_JAR"
    "${BUILD[@]}" >&2
  fi
}

spark_opts=()
app_args=()
master=""
driver_memory=""
driver_java_options=""
demo=false
spark_line="${SEGMENTATION_SPARK:-4.1}"

if [ $# -eq 0 ]; then
  demo=true
fi
while [ $# -gt 0 ]; do
  case "$1" in
    -h | --help)
      usage
      exit 0
      ;;
    --spark)
      [ $# -ge 2 ] || die "option --spark needs a value: 4.1, 4.0 or 3.5 (see --help)"
      spark_line="$2"
      shift 2
      ;;
    --)
      shift
      app_args=("$@")
      break
      ;;
    --master | --deploy-mode | --conf | -c | --driver-memory | --executor-memory | --executor-cores | \
      --num-executors | --total-executor-cores | --driver-cores | --packages | --exclude-packages | \
      --jars | --files | --archives | --repositories | --properties-file | --name | --queue | \
      --driver-java-options | --driver-class-path | --driver-library-path | --principal | --keytab | \
      --proxy-user)
      [ $# -ge 2 ] || die "option $1 needs a value (see --help)"
      case "$1" in
        --master) master="$2" ;;
        --driver-memory) driver_memory="$2" ;;
        --driver-java-options) driver_java_options="$2" ;;
        *) spark_opts+=("$1" "$2") ;;
      esac
      shift 2
      ;;
    --verbose | --supervise)
      spark_opts+=("$1")
      shift
      ;;
    -*)
      die "unknown spark-submit option '$1'; job options go after the COMMAND (see --help)"
      ;;
    *)
      app_args=("$@")
      break
      ;;
  esac
done

select_line "$spark_line"
build_if_needed
JAR="$(app_jar)"
[ -n "$JAR" ] || die "no Spark $SPARK_LINE application jar in $LINE_DIR/target; run '${BUILD[*]}'"
master="${master:-local[*]}"
log_file="${SEGMENTATION_LOG_FILE:-$HERE/target/logs/customer-segmentation.log}"
log_conf="-Dlog4j2.configurationFile=file:$HERE/conf/log4j2.properties"
log_file_conf="-Dsegmentation.log.file=$log_file"

# The driver's garbage collector on a local master, where the driver JVM does all the work: the
# parallel (throughput) collector unless SEGMENTATION_GC or the caller's own flags name another
# (see SEGMENTATION_GC in --help).
case "${SEGMENTATION_GC:-parallel}" in
  parallel) gc_opts="-XX:+UseParallelGC" ;;
  g1) gc_opts="-XX:+UseG1GC" ;;
  *) die "SEGMENTATION_GC must be parallel or g1, not '${SEGMENTATION_GC}'" ;;
esac
case "$master" in local*) ;; *) gc_opts="" ;; esac
case "$driver_java_options" in *-XX:+Use*GC*) gc_opts="" ;; esac

launch() {
  if [ -n "${SPARK_HOME:-}" ] || command -v spark-submit >/dev/null 2>&1; then
    local submit="spark-submit"
    [ -n "${SPARK_HOME:-}" ] && submit="$SPARK_HOME/bin/spark-submit"
    local mem=()
    [ -n "$driver_memory" ] && mem=(--driver-memory "$driver_memory")
    [[ "$master" == local* ]] && [ -z "$driver_memory" ] && mem=(--driver-memory "$DEFAULT_DRIVER_MEMORY")
    "$submit" --master "$master" --class "$MAIN_CLASS" "${mem[@]}" \
      --driver-java-options "$log_conf $log_file_conf $gc_opts $driver_java_options" "${spark_opts[@]}" "$JAR" "$@"
  else
    local java="java"
    [ -n "${JAVA_HOME:-}" ] && java="$JAVA_HOME/bin/java"
    local cp rc=0
    cp="$(cat "$CLASSPATH_FILE")"
    cds_options "$java" "${1:-}"
    # shellcheck disable=SC2086 # driver_java_options is a list of JVM flags
    "$java" "-Xmx${driver_memory:-$DEFAULT_DRIVER_MEMORY}" "${JAVA_OPENS[@]}" "${CDS_OPTS[@]}" "$log_conf" "$log_file_conf" \
      $gc_opts $driver_java_options -cp "$cp" org.apache.spark.deploy.SparkSubmit --master "$master" \
      --class "$MAIN_CLASS" ${driver_memory:+--driver-memory "$driver_memory"} "${spark_opts[@]}" \
      "$JAR" "$@" || rc=$?
    cds_keep "$rc"
    return "$rc"
  fi
}

# Class-data sharing (AppCDS) for the driver JVM on the Maven classpath. The first successful
# `run` writes an archive of the classes it loaded (target/cds/, ~200 MB, ~10 s at exit, once per
# JDK, classpath and jar); every later launch maps it and starts ~5 s sooner. SEGMENTATION_CDS=off
# turns it off. A stale or foreign archive is never used: its name is a checksum of all three.
CDS_OPTS=()
CDS_PENDING=""
cds_options() {
  local java="$1" command="$2" key archive
  CDS_OPTS=()
  CDS_PENDING=""
  [ "${SEGMENTATION_CDS:-on}" = off ] && return 0
  case "$driver_java_options" in *SharedArchiveFile* | *ArchiveClassesAtExit* | *Xshare*) return 0 ;; esac
  key="$({ "$java" -version 2>&1; cat "$CLASSPATH_FILE"; cksum <"$JAR"; } | cksum | cut -d' ' -f1)"
  archive="$HERE/target/cds/driver-$key.jsa"
  if [ -f "$archive" ]; then
    CDS_OPTS=(-XX:SharedArchiveFile="$archive" '-Xlog:cds*=off')
  elif [ "$command" = run ] && mkdir -p "$HERE/target/cds" 2>/dev/null && [ -w "$HERE/target/cds" ]; then
    CDS_PENDING="$archive"
    CDS_OPTS=(-XX:ArchiveClassesAtExit="$archive.$$.tmp" '-Xlog:cds*=off')
    echo "submit.sh: this run also writes the driver's class-data archive ($archive, once, ~10 s at exit): later runs start ~5 s sooner; SEGMENTATION_CDS=off skips it" >&2
  fi
}
# After the launch: keep the new archive only if the run succeeded (a failed run may have loaded few
# classes), replacing older archives and leftovers of killed runs.
cds_keep() {
  [ -n "$CDS_PENDING" ] || return 0
  if [ "$1" -eq 0 ] && [ -s "$CDS_PENDING.$$.tmp" ]; then
    find "$HERE/target/cds" -type f -name 'driver-*' ! -path "$CDS_PENDING.$$.tmp" -delete 2>/dev/null || true
    mv -f "$CDS_PENDING.$$.tmp" "$CDS_PENDING" 2>/dev/null || true
  else
    rm -f "$CDS_PENDING.$$.tmp"
  fi
}

if $demo; then
  sample="$HERE/target/sample-data"
  if [ ! -f "$sample/ground_truth/customers.csv" ]; then
    launch generate --config "$HERE/conf/local.conf" --output "$sample"
  fi
  launch run --config "$HERE/conf/local.conf" --input "$sample/invoices" --output "$HERE/warehouse"
  echo
  echo "Done. The Delta tables are under $HERE/warehouse; read them with Spark, Delta Kernel or Power BI (see docs/tables.md and docs/power-bi.md)."
else
  [ ${#app_args[@]} -gt 0 ] || die "missing COMMAND: run, score, validate or generate (see --help)"
  launch "${app_args[@]}"
fi
