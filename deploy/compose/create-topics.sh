#!/usr/bin/env bash
# Hand-written. The compose stack's one-shot kafka-init: creates StockPulse's topics up front, with their partition
# counts, because the broker does not auto-create topics (KAFKA_AUTO_CREATE_TOPICS_ENABLE=false) and no service relies
# on auto-creation. Idempotent (--if-not-exists), so `docker compose up` can run it again on an existing volume.
# Same topics, partitions and retention as deploy/k8s/kafka/topics.yaml (deploy-checks compares them).
set -euo pipefail

bootstrap="${BOOTSTRAP_SERVERS:?BOOTSTRAP_SERVERS is not set}"
seven_days_ms=604800000
thirty_days_ms=2592000000

# name partitions retention.ms
topics=(
  "inventory-events 3 $seven_days_ms"
  "sales-events 3 $seven_days_ms"
  "inventory-events.dlq 1 $thirty_days_ms"
  "sales-events.dlq 1 $thirty_days_ms"
)

for topic in "${topics[@]}"; do
  read -r name partitions retention <<<"$topic"
  /opt/kafka/bin/kafka-topics.sh --bootstrap-server "$bootstrap" --create --if-not-exists \
    --topic "$name" --partitions "$partitions" --replication-factor 1 --config "retention.ms=$retention"
done
/opt/kafka/bin/kafka-topics.sh --bootstrap-server "$bootstrap" --describe \
  --topic 'inventory-events|sales-events|inventory-events.dlq|sales-events.dlq'
