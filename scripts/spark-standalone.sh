#!/usr/bin/env bash
# A try-out Spark standalone cluster on this machine, made of the Maven jars (no Spark download): a
# master and two workers on 127.0.0.1, and the Spark example submitted to it as users submit theirs.
#
#   scripts/spark-standalone.sh try             build what is missing, start, submit the example, stop
#   scripts/spark-standalone.sh start           lay out SPARK_HOME from Maven, start the master and 2 workers
#   scripts/spark-standalone.sh submit [args]   submit the app jar's example (args: input epochs checkpoint partitions)
#   scripts/spark-standalone.sh stop            stop the workers (and their executors) and the master
#   scripts/spark-standalone.sh status
#
# Everything lives under $DESCENT_SPARK_WORK (default spark/target/standalone): SPARK_HOME with its
# jars/, the workers' work folders (where each executor gets its copy of the app jar), logs, data.
# Ports: DESCENT_SPARK_MASTER_PORT (7077), DESCENT_SPARK_UI_PORT (8080; the workers take the next two).
# Only processes this script started (their pids are in $DESCENT_SPARK_WORK/pids) are ever stopped.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
VERSION=0.1.0-SNAPSHOT
SPARK_VERSION=3.5.6
WORK="${DESCENT_SPARK_WORK:-$ROOT/spark/target/standalone}"
HOST=127.0.0.1
MASTER_PORT="${DESCENT_SPARK_MASTER_PORT:-7077}"
UI_PORT="${DESCENT_SPARK_UI_PORT:-8080}"
MASTER="spark://$HOST:$MASTER_PORT"
APP_JAR="$ROOT/spark/target/descent-spark-$VERSION-app.jar"
WORKERS=2
export SPARK_HOME="$WORK/spark-home"
export SPARK_SCALA_VERSION=2.13     # a distribution's load-spark-env.sh sets it; workers need it to launch executors
export SPARK_LOCAL_IP="$HOST"
# the --add-opens flags Spark needs on Java 17 (from spark/pom.xml; spark-submit's launcher adds the same)
OPENS="$(sed -n 's:.*<spark.java17.opens>\(.*\)</spark.java17.opens>.*:\1:p' "$ROOT/spark/pom.xml")"
[ -n "$OPENS" ] || { echo "spark-standalone: no spark.java17.opens in spark/pom.xml" >&2; exit 1; }

log() { echo "spark-standalone: $*"; }
fail() { echo "spark-standalone: FAILED: $*" >&2; exit 1; }

# SPARK_HOME/jars: Spark's runtime jars (core and SQL, with Spark's own Jackson 2.15, slf4j 2 and log4j 2)
# copied from the Maven repository, which is what a distribution's jars/ holds for this use.
spark_home() {
  if [ -f "$SPARK_HOME/jars/spark-core_2.13-$SPARK_VERSION.jar" ] && [ -f "$SPARK_HOME/jars/jackson-core-2.15.2.jar" ]; then
    return
  fi
  rm -rf "$SPARK_HOME/jars"
  log "laying out $SPARK_HOME from Maven (spark-core and spark-sql $SPARK_VERSION with their dependencies)"
  mkdir -p "$WORK/spark-jars" "$SPARK_HOME/jars" "$SPARK_HOME/conf"
  cat > "$WORK/spark-jars/pom.xml" <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.descent</groupId>
  <artifactId>spark-jars</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <!-- Spark's own versions (its parent pom as a BOM): without it Maven's nearest-wins picks jackson-core
       2.14 and slf4j-api 1.7, not what a Spark distribution ships (and the app jar fails on 2.14) -->
  <dependencyManagement>
    <dependencies>
      <dependency><groupId>org.apache.spark</groupId><artifactId>spark-parent_2.13</artifactId><version>$SPARK_VERSION</version><type>pom</type><scope>import</scope></dependency>
    </dependencies>
  </dependencyManagement>
  <dependencies>
    <dependency><groupId>org.apache.spark</groupId><artifactId>spark-core_2.13</artifactId><version>$SPARK_VERSION</version></dependency>
    <dependency><groupId>org.apache.spark</groupId><artifactId>spark-sql_2.13</artifactId><version>$SPARK_VERSION</version></dependency>
  </dependencies>
</project>
EOF
  mvn -B -q -f "$WORK/spark-jars/pom.xml" dependency:copy-dependencies -DincludeScope=runtime \
    -DoutputDirectory="$SPARK_HOME/jars" || fail "could not copy Spark's jars from Maven"
}

app_jar() {
  if [ ! -f "$APP_JAR" ]; then
    log "building the app jar (mvn -Pspark-app -pl spark -am -DskipTests package)"
    (cd "$ROOT" && mvn -B -q -Pspark-app -pl spark -am -DskipTests -Dmaven.javadoc.skip=true \
      -Dassembly.skipAssembly=true package) || fail "the app jar did not build"
  fi
  log "app jar: $APP_JAR ($(du -h "$APP_JAR" | cut -f1))"
}

running() { [ -f "$WORK/pids/$1" ] && kill -0 "$(cat "$WORK/pids/$1")" 2> /dev/null; }

await_log() { # file, pattern, what, seconds
  local i
  for ((i = 0; i < $4 * 10; i++)); do
    grep -q "$2" "$1" 2> /dev/null && return 0
    sleep 0.1
  done
  tail -20 "$1" >&2 || true
  fail "$3 did not come up within $4 s (log: $1)"
}

start() {
  spark_home
  mkdir -p "$WORK/pids" "$WORK/logs"
  running master && fail "already running (scripts/spark-standalone.sh stop first)"
  log "starting the master at $MASTER (web UI http://$HOST:$UI_PORT)"
  # shellcheck disable=SC2086
  java -cp "$SPARK_HOME/jars/*" -Xmx256m $OPENS org.apache.spark.deploy.master.Master \
    --host "$HOST" --port "$MASTER_PORT" --webui-port "$UI_PORT" > "$WORK/logs/master.log" 2>&1 &
  echo $! > "$WORK/pids/master"
  await_log "$WORK/logs/master.log" "I have been elected leader" "the master" 60
  local i
  for ((i = 1; i <= WORKERS; i++)); do
    mkdir -p "$WORK/worker$i"
    log "starting worker $i (1 core, 1536 MB; work folder $WORK/worker$i)"
    # each submission leaves its jars and logs in the work folder: remove those of finished applications
    # (checked every 10 minutes, kept 1 hour here; Spark's defaults are 30 minutes and 7 days, and off)
    # shellcheck disable=SC2086
    java -cp "$SPARK_HOME/jars/*" -Xmx256m $OPENS \
      -Dspark.worker.cleanup.enabled=true -Dspark.worker.cleanup.interval=600 -Dspark.worker.cleanup.appDataTtl=3600 \
      org.apache.spark.deploy.worker.Worker --host "$HOST" --cores 1 --memory 1536m --work-dir "$WORK/worker$i" \
      --webui-port $((UI_PORT + i)) "$MASTER" > "$WORK/logs/worker$i.log" 2>&1 &
    echo $! > "$WORK/pids/worker$i"
  done
  for ((i = 1; i <= WORKERS; i++)); do
    await_log "$WORK/logs/worker$i.log" "Successfully registered with master" "worker $i" 60
  done
  log "cluster up: $MASTER with $WORKERS workers"
}

# Submits the example as users submit theirs (spark-submit does the same through Spark's launcher):
# client mode, the driver in this JVM; executors fetch the app jar from the driver into their work folders.
submit() {
  app_jar
  running master || fail "no cluster (scripts/spark-standalone.sh start first)"
  mkdir -p "$WORK/data"
  local args=("$@")
  if [ ${#args[@]} -eq 0 ]; then
    # a file:// URI every executor sees (one host); on a real cluster: hdfs://, s3a://, or a shared mount
    args=("file://$WORK/data/points.csv" 3 "file://$WORK/data/points.ckpt")
  fi
  log "submitting dev.descent.spark.examples.SparkCsvTraining ${args[*]}"
  # shellcheck disable=SC2086
  java -cp "$SPARK_HOME/jars/*" -Xmx1g $OPENS org.apache.spark.deploy.SparkSubmit \
    --master "$MASTER" --deploy-mode client \
    --class dev.descent.spark.examples.SparkCsvTraining \
    --conf spark.driver.host="$HOST" --conf spark.driver.bindAddress="$HOST" \
    --conf spark.executor.memory=1g --conf spark.executor.cores=1 \
    --conf spark.executorEnv.OMP_NUM_THREADS=1 \
    --conf spark.serializer=org.apache.spark.serializer.KryoSerializer \
    --conf spark.kryo.registrator=dev.descent.spark.DescentKryoRegistrator \
    --conf spark.ui.enabled=false \
    "$APP_JAR" "${args[@]}" 2> "$WORK/logs/driver.log" || { tail -40 "$WORK/logs/driver.log" >&2; fail "the job failed"; }
  log "executor work folders now hold:"
  du -sh "$WORK"/worker*/app-* 2> /dev/null | sed 's/^/  /' || true
}

stop() {
  local name pid children=()
  for name in $(ls "$WORK/pids" 2> /dev/null | sort -r); do # workers first, then the master
    pid="$(cat "$WORK/pids/$name")"
    if kill -0 "$pid" 2> /dev/null; then
      # a worker's children are its executors; it stops them itself, but make sure
      mapfile -t -O "${#children[@]}" children < <(pgrep -P "$pid" || true)
      log "stopping $name ($pid)"
      kill "$pid"
      timeout 60 tail --pid="$pid" -f /dev/null || kill -9 "$pid" 2> /dev/null || true
    fi
    rm -f "$WORK/pids/$name"
  done
  for pid in "${children[@]}"; do
    if kill -0 "$pid" 2> /dev/null; then
      log "stopping executor $pid"
      kill -9 "$pid" 2> /dev/null || true
    fi
  done
}

status() {
  local name
  for name in $(ls "$WORK/pids" 2> /dev/null); do
    if running "$name"; then echo "$name: running ($(cat "$WORK/pids/$name"))"; else echo "$name: stopped"; fi
  done
}

case "${1:-try}" in
  try)
    app_jar
    rm -f "$WORK/data/points.ckpt" # a fresh run, not the resumption of the last try
    trap stop EXIT
    start
    submit
    ;;
  start) start ;;
  submit) shift; submit "$@" ;;
  stop) stop ;;
  status) status ;;
  *) sed -n '2,17p' "$0" >&2; exit 2 ;;
esac
