#!/usr/bin/env bash
# A Spark standalone cluster (4.1 or 3.5, whichever line deploy/target/spark-jars holds) on 127.0.0.1 from the project's own jars: one master and
# WORKERS workers, each a separate JVM. No Spark distribution needed: a folder holding only
# jars/ (deploy/target/spark-jars, made by `mvn -pl deploy package`) serves as SPARK_HOME.
#
#   deploy/cluster/standalone.sh start|stop|status
#
# Settings (environment): SPARK_JARS (default deploy/target/spark-jars), RUN_DIR (default
# deploy/target/cluster: PIDs, logs, work dirs), MASTER_PORT (7077), MASTER_WEBUI_PORT (8080),
# START_TIMEOUT (180 s), WORKERS (2), WORKER_CORES (1: one replica per executor), WORKER_MEMORY (2g), JAVA (java),
# SPARK_CLASSPATH (a colon-separated list of jars used instead of SPARK_JARS, e.g. a Maven
# test classpath), EXTRA_JARS (colon-separated jars added to either), WORKER_OPTS (JVM options of
# each worker, e.g. its GPUs: "-Dspark.worker.resource.gpu.amount=1
# -Dspark.worker.resource.gpu.discoveryScript=/opt/spark/getGpus.sh").
# `start` prints the master URL (also in $RUN_DIR/master-url); `stop` ends, by PID, exactly
# the processes `start` wrote down, and the executors they launched.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
SPARK_JARS="${SPARK_JARS:-$repo/deploy/target/spark-jars}"
RUN_DIR="${RUN_DIR:-$repo/deploy/target/cluster}"
MASTER_PORT="${MASTER_PORT:-7077}"
MASTER_WEBUI_PORT="${MASTER_WEBUI_PORT:-8080}"
WORKERS="${WORKERS:-2}"
WORKER_CORES="${WORKER_CORES:-1}"
WORKER_MEMORY="${WORKER_MEMORY:-2g}"
WORKER_OPTS="${WORKER_OPTS:-}"
JAVA="${JAVA:-java}"
START_TIMEOUT="${START_TIMEOUT:-180}" # seconds to wait for the master, then for the workers
EXTRA_JARS="${EXTRA_JARS:-}"
SPARK_CLASSPATH="${SPARK_CLASSPATH:-}"
HOST=127.0.0.1
OPENS="@$repo/conf/spark-java17.args" # the JVM flags Spark needs on Java 17, written once (conf/README.md)

alive() { [[ -f "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

pidfiles() { ls "$RUN_DIR"/*.pid 2>/dev/null || true; }

start() {
  if alive "$RUN_DIR/master.pid"; then
    echo "a cluster is already running from $RUN_DIR (master pid $(cat "$RUN_DIR/master.pid")); stop it first" >&2
    exit 1
  fi
  if [[ -z "$SPARK_CLASSPATH" ]] && { [[ ! -d "$SPARK_JARS" ]] || ! ls "$SPARK_JARS"/spark-core_2.1[23]-*.jar >/dev/null 2>&1; }; then
    echo "no Spark jars in $SPARK_JARS: build them with 'mvn -pl deploy package' or set SPARK_JARS" >&2
    exit 1
  fi
  mkdir -p "$RUN_DIR/logs"
  rm -f "$RUN_DIR"/*.pid "$RUN_DIR/master-url"
  # SPARK_HOME/jars: links to the jars (and EXTRA_JARS); executors get this classpath too.
  rm -rf "$RUN_DIR/spark-home"
  mkdir -p "$RUN_DIR/spark-home/jars"
  local j
  if [[ -z "$SPARK_CLASSPATH" ]]; then
    for j in "$(cd "$SPARK_JARS" && pwd)"/*.jar; do ln -s "$j" "$RUN_DIR/spark-home/jars/"; done
  fi
  local extra=()
  [[ -n "$SPARK_CLASSPATH$EXTRA_JARS" ]] && IFS=: read -ra extra <<<"$SPARK_CLASSPATH:$EXTRA_JARS"
  for j in "${extra[@]}"; do
    [[ "$j" == *.jar ]] || continue # class folders go to the application, not SPARK_HOME
    [[ -f "$j" ]] || { echo "classpath entry $j is not a file" >&2; exit 1; }
    ln -sf "$(cd "$(dirname "$j")" && pwd)/$(basename "$j")" "$RUN_DIR/spark-home/jars/"
  done
  if ! ls "$RUN_DIR/spark-home/jars"/slf4j-api-*.jar >/dev/null 2>&1; then
    echo "warning: no slf4j-api jar in $SPARK_JARS or EXTRA_JARS; the master will not start" >&2
  fi
  # Workers want the Scala version of the Spark they run (else "Cannot find any build directories").
  local core scala
  core="$(ls "$RUN_DIR/spark-home/jars"/spark-core_2.1[23]-*.jar 2>/dev/null | head -1)"
  scala="$(basename "${core:-spark-core_2.13-}")"; scala="${scala#spark-core_}"; scala="${scala%%-*}"
  export SPARK_HOME="$RUN_DIR/spark-home" SPARK_SCALA_VERSION="$scala" SPARK_LOCAL_IP=$HOST
  local cp="$SPARK_HOME/jars/*"
  # Own logging config: readiness is read from the INFO lines, whatever log4j2 files the jars carry.
  cat >"$RUN_DIR/log4j2.properties" <<'LOG'
rootLogger.level = info
rootLogger.appenderRef.stdout.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{yy/MM/dd HH:mm:ss} %p %c{1}: %m%n%ex
LOG
  local logconf="-Dlog4j2.configurationFile=file:$RUN_DIR/log4j2.properties"

  nohup "$JAVA" -Xmx512m $OPENS "$logconf" -cp "$cp" org.apache.spark.deploy.master.Master \
    --host $HOST --port "$MASTER_PORT" --webui-port "$MASTER_WEBUI_PORT" \
    >"$RUN_DIR/logs/master.log" 2>&1 </dev/null &
  echo $! >"$RUN_DIR/master.pid"
  local url="spark://$HOST:$MASTER_PORT"
  for _ in $(seq 1 $((START_TIMEOUT * 2))); do
    grep -q "I have been elected leader" "$RUN_DIR/logs/master.log" 2>/dev/null && break
    alive "$RUN_DIR/master.pid" || { echo "master died, see $RUN_DIR/logs/master.log" >&2; tail -20 "$RUN_DIR/logs/master.log" >&2; exit 1; }
    sleep 0.5
  done
  grep -q "I have been elected leader" "$RUN_DIR/logs/master.log" || { echo "master not up after $START_TIMEOUT s" >&2; stop; exit 1; }

  for i in $(seq 1 "$WORKERS"); do
    mkdir -p "$RUN_DIR/work-$i"
    # shellcheck disable=SC2086 # WORKER_OPTS is a list of JVM options
    nohup "$JAVA" -Xmx512m $OPENS $WORKER_OPTS "$logconf" -cp "$cp" org.apache.spark.deploy.worker.Worker \
      --host $HOST --cores "$WORKER_CORES" --memory "$WORKER_MEMORY" --webui-port 0 \
      --work-dir "$RUN_DIR/work-$i" "$url" \
      >"$RUN_DIR/logs/worker-$i.log" 2>&1 </dev/null &
    echo $! >"$RUN_DIR/worker-$i.pid"
  done
  for _ in $(seq 1 $((START_TIMEOUT * 2))); do
    [[ "$(grep -c "Registering worker" "$RUN_DIR/logs/master.log" || true)" -ge "$WORKERS" ]] && break
    sleep 0.5
  done
  local n; n="$(grep -c "Registering worker" "$RUN_DIR/logs/master.log" || true)"
  if [[ "$n" -lt "$WORKERS" ]]; then
    echo "only $n of $WORKERS workers registered after $START_TIMEOUT s; see $RUN_DIR/logs" >&2
    stop
    exit 1
  fi
  echo "$url" >"$RUN_DIR/master-url"
  echo "$url"
}

# Kills a process and, first, its children (the executors a worker launched), by PID.
kill_tree() {
  local pid="$1" child
  for child in $(ps -o pid= --ppid "$pid" 2>/dev/null || true); do kill_tree "$child"; done
  kill "$pid" 2>/dev/null || true
}

stop() {
  local f pid
  for f in $(pidfiles); do
    pid="$(cat "$f")"
    if kill -0 "$pid" 2>/dev/null; then kill_tree "$pid"; fi
  done
  for f in $(pidfiles); do
    pid="$(cat "$f")"
    for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid" 2>/dev/null || true; fi
    rm -f "$f"
  done
  rm -f "$RUN_DIR/master-url"
  echo "stopped"
}

status() {
  local f ok=0 any=0
  for f in $(pidfiles); do
    any=1
    if alive "$f"; then echo "$(basename "$f" .pid): running (pid $(cat "$f"))"; else echo "$(basename "$f" .pid): dead"; ok=1; fi
  done
  if [[ $any == 0 ]]; then echo "not running"; return 1; fi
  [[ -f "$RUN_DIR/master-url" ]] && echo "master: $(cat "$RUN_DIR/master-url")"
  return $ok
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
