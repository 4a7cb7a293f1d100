#!/usr/bin/env bash
# A real Spark standalone cluster on 127.0.0.1 from the Maven jars (no Spark download): one Master and N Workers,
# each a separate JVM; the Workers launch executors as further JVMs. For people (try culet submit locally) and
# for the integration tests.
#
#   deploy/bin/standalone-cluster.sh start  [--dir DIR] [--workers N] [--worker-cores C] [--worker-memory M]
#                                           [--classpath FILE] [--timeout S]
#   deploy/bin/standalone-cluster.sh status [--dir DIR]
#   deploy/bin/standalone-cluster.sh stop   [--dir DIR] [--timeout S]
#
# start picks free ports (never a fixed 7077, so CI jobs and people do not collide), builds DIR/spark-home/jars
# (links to Spark's jars, listed in deploy/target/spark.classpath by 'mvn -DskipTests package'), starts the
# Master and the Workers, waits until the Master's JSON (http://127.0.0.1:<webui>/json/) lists every Worker ALIVE,
# and writes DIR/cluster.env (MASTER_URL, MASTER_WEBUI, PIDs). It prints MASTER_URL=... and MASTER_WEBUI=... .
# If the cluster is not up within the timeout, it stops what it started and exits 1.
# stop sends SIGTERM to exactly the recorded PIDs (Workers and the executors they launched, then the Master),
# waits, and SIGKILLs whatever is left after the timeout. It never looks processes up by name.
# Exit codes: 0 ok, 1 failed to start / not running (status), 2 usage error.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

cmd="${1:-}"; [ $# -gt 0 ] && shift
DIR="${CULET_CLUSTER_DIR:-$ROOT/deploy/target/standalone-cluster}"
WORKERS=2
WORKER_CORES=1
WORKER_MEMORY=1g
CP_FILE="$ROOT/deploy/target/spark.classpath"
TIMEOUT=90
while [ $# -gt 0 ]; do
  case "$1" in
    --dir) DIR="$2"; shift 2 ;;
    --workers) WORKERS="$2"; shift 2 ;;
    --worker-cores) WORKER_CORES="$2"; shift 2 ;;
    --worker-memory) WORKER_MEMORY="$2"; shift 2 ;;
    --classpath) CP_FILE="$2"; shift 2 ;;
    --timeout) TIMEOUT="$2"; shift 2 ;;
    *) echo "standalone-cluster: unknown option $1" >&2; exit 2 ;;
  esac
done

OPENS="-XX:+IgnoreUnrecognizedVMOptions --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED --add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED -Dio.netty.tryReflectionSetAccessible=true"

# A port nobody listens on; random in 20000-59999 so parallel clusters rarely race for the same one.
free_port() {
  local p i
  for i in $(seq 1 200); do
    p=$(( 20000 + (RANDOM * 32768 + RANDOM) % 40000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      if ! grep -qx "$p" "$DIR/.ports" 2>/dev/null; then echo "$p" >> "$DIR/.ports"; echo "$p"; return 0; fi
    fi
  done
  echo "standalone-cluster: no free port found" >&2; return 1
}

alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; }

# Child PIDs of a PID (the executors a Worker launched), from /proc.
children_of() {
  local parent="$1" stat
  for stat in /proc/[0-9]*/stat; do
    [ -r "$stat" ] || continue
    # field 4 is the parent pid; the command name (field 2) may contain spaces, so cut after the last ')'
    local rest; rest="$(sed 's/.*) //' "$stat" 2>/dev/null)" || continue
    set -- $rest
    [ "${2:-}" = "$parent" ] && basename "$(dirname "$stat")"
  done
  return 0
}

# GET MASTER_WEBUI/json/ (curl, or bash's /dev/tcp where curl is missing).
http_get() {
  if command -v curl >/dev/null; then curl -s --max-time 3 "$1" 2>/dev/null || true; return 0; fi
  local hostport="${1#http://}"; hostport="${hostport%%/*}"; local path="/${1#http://*/}"
  ( exec 3<>"/dev/tcp/${hostport%%:*}/${hostport##*:}" && printf 'GET %s HTTP/1.0\r\nHost: %s\r\n\r\n' "$path" "$hostport" >&3 \
    && timeout 3 cat <&3 ) 2>/dev/null || true
}

alive_workers() {
  http_get "$1/json/" | tr -d ' \n' | sed -n 's/.*"aliveworkers":\([0-9]*\).*/\1/p'
}

stop_cluster() {
  [ -f "$DIR/cluster.env" ] || { echo "standalone-cluster: nothing to stop in $DIR"; return 0; }
  # shellcheck disable=SC1091
  . "$DIR/cluster.env"
  local pids=() p
  for p in ${WORKER_PIDS:-}; do
    pids+=("$p")
    if alive "$p"; then for c in $(children_of "$p"); do pids+=("$c"); done; fi
  done
  pids+=(${MASTER_PID:-})
  for p in "${pids[@]}"; do alive "$p" && kill -TERM "$p" 2>/dev/null || true; done
  local deadline=$(( SECONDS + TIMEOUT ))
  while [ $SECONDS -lt $deadline ]; do
    local left=0
    for p in "${pids[@]}"; do alive "$p" && left=1; done
    [ $left -eq 0 ] && break
    sleep 0.5
  done
  for p in "${pids[@]}"; do
    if alive "$p"; then echo "standalone-cluster: pid $p did not stop in ${TIMEOUT}s, killing it" >&2; kill -KILL "$p" 2>/dev/null || true; fi
  done
  mv "$DIR/cluster.env" "$DIR/cluster.env.stopped"
  echo "standalone-cluster: stopped (pids ${pids[*]})"
}

case "$cmd" in
  start)
    if [ -f "$DIR/cluster.env" ]; then
      . "$DIR/cluster.env"
      if alive "${MASTER_PID:-}"; then echo "standalone-cluster: already running in $DIR ($MASTER_URL); stop it first" >&2; exit 1; fi
      mv "$DIR/cluster.env" "$DIR/cluster.env.stale"
    fi
    [ -f "$CP_FILE" ] || { echo "standalone-cluster: $CP_FILE not found; build first: mvn -B -ntp -DskipTests package" >&2; exit 1; }
    mkdir -p "$DIR/spark-home/jars" "$DIR/logs" "$DIR/work"
    rm -f "$DIR/.ports" "$DIR/spark-home/jars/"*
    CP="$(cat "$CP_FILE")"
    # SPARK_HOME/jars is what a Spark distribution ships: Workers put it on every executor's class path.
    IFS=':' read -r -a JARS <<< "$CP"
    for j in "${JARS[@]}"; do ln -sf "$j" "$DIR/spark-home/jars/$(basename "$j")"; done
    export SPARK_HOME="$DIR/spark-home" SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1 SPARK_LOG_DIR="$DIR/logs"
    MASTER_PORT=$(free_port); MASTER_UI=$(free_port)
    # shellcheck disable=SC2086
    nohup java -Xmx512m $OPENS -cp "$CP" org.apache.spark.deploy.master.Master --host 127.0.0.1 \
      --port "$MASTER_PORT" --webui-port "$MASTER_UI" > "$DIR/logs/master.log" 2>&1 < /dev/null &
    MASTER_PID=$!
    MASTER_URL="spark://127.0.0.1:$MASTER_PORT"
    MASTER_WEBUI="http://127.0.0.1:$MASTER_UI"
    WORKER_PIDS=""
    write_env() {
      cat > "$DIR/cluster.env" <<ENV
MASTER_URL=$MASTER_URL
MASTER_WEBUI=$MASTER_WEBUI
MASTER_PID=$MASTER_PID
WORKER_PIDS="$WORKER_PIDS"
SPARK_HOME=$SPARK_HOME
WORK_DIR=$DIR/work
ENV
    }
    write_env
    for i in $(seq 1 "$WORKERS"); do
      WP=$(free_port); WUI=$(free_port)
      # shellcheck disable=SC2086
      nohup java -Xmx512m $OPENS -cp "$CP" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --port "$WP" \
        --webui-port "$WUI" --cores "$WORKER_CORES" --memory "$WORKER_MEMORY" --work-dir "$DIR/work" \
        "$MASTER_URL" > "$DIR/logs/worker-$i.log" 2>&1 < /dev/null &
      WORKER_PIDS="$WORKER_PIDS $!"
      write_env
    done
    WORKER_PIDS="${WORKER_PIDS# }"
    write_env
    deadline=$(( SECONDS + TIMEOUT ))
    n=0
    while [ $SECONDS -lt $deadline ]; do
      n="$(alive_workers "$MASTER_WEBUI")"; n="${n:-0}"
      [ "$n" -ge "$WORKERS" ] && break
      alive "$MASTER_PID" || break
      sleep 1
    done
    if [ "${n:-0}" -lt "$WORKERS" ]; then
      echo "standalone-cluster: only ${n:-0} of $WORKERS workers registered within ${TIMEOUT}s; logs:" >&2
      tail -n 20 "$DIR"/logs/*.log >&2 || true
      TIMEOUT=20 stop_cluster >&2
      exit 1
    fi
    echo "MASTER_URL=$MASTER_URL"
    echo "MASTER_WEBUI=$MASTER_WEBUI"
    echo "standalone-cluster: master pid $MASTER_PID, workers $WORKER_PIDS ($WORKERS x $WORKER_CORES cores, $WORKER_MEMORY) up; state in $DIR"
    ;;
  status)
    [ -f "$DIR/cluster.env" ] || { echo "standalone-cluster: not running ($DIR)"; exit 1; }
    . "$DIR/cluster.env"
    alive "$MASTER_PID" || { echo "standalone-cluster: master pid $MASTER_PID is gone"; exit 1; }
    echo "MASTER_URL=$MASTER_URL"
    echo "MASTER_WEBUI=$MASTER_WEBUI"
    for p in $WORKER_PIDS; do echo "worker pid $p: $(alive "$p" && echo alive || echo gone)"; done
    echo "alive workers (master): $(alive_workers "$MASTER_WEBUI")"
    ;;
  stop)
    stop_cluster
    ;;
  *)
    sed -n '2,20p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
