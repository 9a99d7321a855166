#!/usr/bin/env bash
# Single-node Apache Kafka (KRaft, combined broker+controller) from Maven Central jars, for machines
# without Docker. Usage: kafka.sh start|stop|status|env
#   start  fetch jars (cached), format storage, start on a free local port, wait until it accepts
#          connections; prints KAFKA_BROKERS=127.0.0.1:<port>
#   stop   stop the broker started by `start` (graceful, then forced)
#   env    print KAFKA_BROKERS of the running broker (exit 1 when none runs)
# Env: KAFKA_HOME_DIR (state dir, default deploy/kafka/.cache/run), KAFKA_PORT (default: a free port),
#      KAFKA_HEAP (default -Xmx512m)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache="$here/.cache"
libs="$cache/libs"
run="${KAFKA_HOME_DIR:-$cache/run}"
pidfile="$run/kafka.pid"
portfile="$run/kafka.port"

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
  if running; then echo "KAFKA_BROKERS=127.0.0.1:$(cat "$portfile")"; return; fi
  fetch_jars
  mkdir -p "$run"
  local port ctrl
  port="${KAFKA_PORT:-$(free_port)}"
  ctrl="$(free_port)"
  while [ "$ctrl" = "$port" ]; do ctrl="$(free_port)"; done
  rm -rf "$run/data"
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
num.partitions=3
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
  local java_opts=(-cp "$libs/*" ${KAFKA_HEAP:--Xmx512m -Xms128m} -XX:+UseG1GC
    -Djava.awt.headless=true "-Dlog4j.configuration=file:$run/log4j.properties")
  local cluster_id
  cluster_id="$(java "${java_opts[@]}" kafka.tools.StorageTool random-uuid)"
  java "${java_opts[@]}" kafka.tools.StorageTool format -t "$cluster_id" \
    -c "$run/server.properties" >/dev/null
  echo "$port" > "$portfile"
  nohup java "${java_opts[@]}" kafka.Kafka "$run/server.properties" > "$run/stdout.log" 2>&1 &
  echo $! > "$pidfile"
  for _ in $(seq 1 120); do
    if ! running; then log "broker exited; see $run/stdout.log"; tail -20 "$run/stdout.log" >&2; exit 1; fi
    if port_open "$port" && grep -q "Kafka Server started" "$run/server.log" 2>/dev/null; then
      log "broker ready on 127.0.0.1:$port (pid $(cat "$pidfile"))"
      echo "KAFKA_BROKERS=127.0.0.1:$port"
      return
    fi
    sleep 0.5
  done
  log "broker did not become ready in 60 s; see $run/server.log"; exit 1
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
  start) start ;;
  stop) stop ;;
  status) if running; then echo "running on 127.0.0.1:$(cat "$portfile")"; else echo "stopped"; exit 1; fi ;;
  env) if running; then echo "KAFKA_BROKERS=127.0.0.1:$(cat "$portfile")"; else exit 1; fi ;;
  *) echo "usage: $0 start|stop|status|env" >&2; exit 2 ;;
esac
