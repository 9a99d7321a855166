#!/usr/bin/env bash
# Single-node Apache Kafka (KRaft, combined broker+controller) from Maven Central jars, for machines
# without Docker. Usage: kafka.sh start [--fresh]|stop|status|env
#   start  fetch jars (cached), start on a free local port (the same port again when restarting on
#          kept data), wait until it accepts connections; prints KAFKA_BROKERS=127.0.0.1:<port>.
#          The broker's data (topics, committed offsets) survives stop/start; storage is formatted
#          only when there is none.
#   start --fresh  wipe the data first: a new, empty broker (tests and CI want one)
#   stop   stop the broker started by `start` (graceful, then forced); its data stays
#   env    print KAFKA_BROKERS of the running broker (exit 1 when none runs)
# Env: KAFKA_HOME_DIR (state dir, default deploy/kafka/.cache/run), KAFKA_PORT (default: a free port),
#      KAFKA_HEAP (default -Xmx512m), KAFKA_JIT (default -XX:TieredStopAtLevel=1: C1 only, see below;
#      empty for the JVM's tiered C2), KAFKA_START_WAIT_SECONDS (how long start waits for the broker
#      to be ready, default 60; recovering kept data after a kill -9 on a loaded machine takes longer)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache="$here/.cache"
libs="$cache/libs"
run="${KAFKA_HOME_DIR:-$cache/run}"
pidfile="$run/kafka.pid"
portfile="$run/kafka.port"
ctrlfile="$run/kafka.controller-port"

log() { echo "[kafka] $*" >&2; }

fetch_jars() {
  if [ -f "$libs/.complete" ] && [ "$libs/.complete" -nt "$here/pom.xml" ]; then return; fi
  log "fetching Apache Kafka jars from Maven Central (mvn dependency:copy-dependencies)"
  rm -rf "$libs"
  mvn -q -B -f "$here/pom.xml" dependency:copy-dependencies \
    -DoutputDirectory="$libs" -DincludeScope=runtime >&2
  touch "$libs/.complete"
}

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

running() { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start() {
  local fresh=false
  [ "${1:-}" = "--fresh" ] && fresh=true
  if running && ! $fresh; then echo "KAFKA_BROKERS=127.0.0.1:$(cat "$portfile")"; return; fi
  if running; then stop; fi
  fetch_jars
  mkdir -p "$run"
  if $fresh; then rm -rf "$run/data" "$portfile" "$ctrlfile"; fi
  local port ctrl kept=false
  [ -f "$run/data/meta.properties" ] && kept=true
  if $kept && [ -f "$portfile" ] && [ -z "${KAFKA_PORT:-}" ]; then
    # Restarting on kept data: the same address, so clients configured with it reconnect.
    port="$(cat "$portfile")"
    if port_open "$port"; then log "port $port (of the kept broker) is taken; set KAFKA_PORT or start --fresh"; exit 1; fi
  else
    port="${KAFKA_PORT:-$(free_port)}"
  fi
  if $kept && [ -f "$ctrlfile" ] && ! port_open "$(cat "$ctrlfile")"; then
    ctrl="$(cat "$ctrlfile")"
  else
    ctrl="$(free_port)"
    while [ "$ctrl" = "$port" ]; do ctrl="$(free_port)"; done
  fi
  cat > "$run/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$ctrl
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$ctrl
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=$run/data
num.partitions=12
# Consumers may ask a session as short as 1 s (KAFKA_SESSION_TIMEOUT_MS): a killed one is replaced sooner.
group.min.session.timeout.ms=1000
offsets.topic.replication.factor=1
offsets.topic.num.partitions=6
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=true
PROPS
  cat > "$run/log4j.properties" <<PROPS
log4j.rootLogger=WARN, file
log4j.appender.file=org.apache.log4j.FileAppender
log4j.appender.file.File=$run/server.log
log4j.appender.file.layout=org.apache.log4j.PatternLayout
log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka=INFO
PROPS
  # C1 only: on a small host the broker's C2 compiler threads burned more CPU than its request
  # handlers through a two-minute pipeline bench (13.6 s against 8.8 s; measured on 2 cores), and with C1 code
  # the handlers served twice the encounters in no more time — README, bench:pipeline.
  local java_opts=(-cp "$libs/*" ${KAFKA_HEAP:--Xmx512m -Xms128m} ${KAFKA_JIT--XX:TieredStopAtLevel=1} -XX:+UseG1GC
    -Djava.awt.headless=true "-Dlog4j.configuration=file:$run/log4j.properties")
  if $kept; then
    log "starting on the kept data in $run/data (start --fresh wipes it)"
  else
    rm -rf "$run/data"
    local cluster_id
    cluster_id="$(java "${java_opts[@]}" kafka.tools.StorageTool random-uuid)"
    java "${java_opts[@]}" kafka.tools.StorageTool format -t "$cluster_id" \
      -c "$run/server.properties" >/dev/null
  fi
  echo "$port" > "$portfile"
  echo "$ctrl" > "$ctrlfile"
  : > "$run/server.log"
  nohup java "${java_opts[@]}" kafka.Kafka "$run/server.properties" > "$run/stdout.log" 2>&1 &
  echo $! > "$pidfile"
  local wait_seconds="${KAFKA_START_WAIT_SECONDS:-60}"
  for _ in $(seq 1 $((wait_seconds * 2))); do
    if ! running; then log "broker exited; see $run/stdout.log"; tail -20 "$run/stdout.log" >&2; exit 1; fi
    if port_open "$port" && grep -q "Kafka Server started" "$run/server.log" 2>/dev/null; then
      log "broker ready on 127.0.0.1:$port (pid $(cat "$pidfile"))"
      echo "KAFKA_BROKERS=127.0.0.1:$port"
      return
    fi
    sleep 0.5
  done
  # Not left running behind a failed start (the caller has no broker to stop).
  log "broker did not become ready in $wait_seconds s; see $run/server.log"; stop; exit 1
}

stop() {
  if ! running; then rm -f "$pidfile"; return; fi
  local pid; pid="$(cat "$pidfile")"
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$pidfile"
  log "broker stopped"
}

case "${1:-}" in
  start) start "${2:-}" ;;
  stop) stop ;;
  status) if running; then echo "running on 127.0.0.1:$(cat "$portfile")"; else echo "stopped"; exit 1; fi ;;
  env) if running; then echo "KAFKA_BROKERS=127.0.0.1:$(cat "$portfile")"; else exit 1; fi ;;
  *) echo "usage: $0 start [--fresh]|stop|status|env" >&2; exit 2 ;;
esac
