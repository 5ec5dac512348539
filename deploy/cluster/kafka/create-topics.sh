#!/usr/bin/env bash
# caselink's topics, made before any caselink process starts: caselink creates a missing topic itself,
# but with one replica (right for deploy/local, wrong for a cluster). Idempotent (--if-not-exists).
#   <prefix>.raw      source items keyed by AGENCY:RECORD_NO; long retention (a consumer group that falls
#                     further behind than this loses items it has not applied)
#   <prefix>.raw.dlq  rejected items with their reason (kept as long as the raw topic)
#   <prefix>.alerts   raised and retracted alerts, keyed by owner
set -euo pipefail
topics=/opt/kafka/bin/kafka-topics.sh
create() {  # name, extra configs...
    local name="$1"; shift
    "$topics" --bootstrap-server "$BOOTSTRAP" --create --if-not-exists --topic "$name" \
        --partitions "$PARTITIONS" --replication-factor 3 --config min.insync.replicas=2 "$@"
}
create "$TOPIC_PREFIX.raw" --config "retention.ms=$RAW_RETENTION_MS"
create "$TOPIC_PREFIX.raw.dlq" --config "retention.ms=$RAW_RETENTION_MS"
create "$TOPIC_PREFIX.alerts"
"$topics" --bootstrap-server "$BOOTSTRAP" --describe --topic "$TOPIC_PREFIX.raw"
