#!/usr/bin/env bash
# Kafka's own console producer (bin/kafka-console-producer.sh of the Kafka distribution),
# run from the jars `services.sh provision kafka` resolved into var/cache/kafka-tools/.
# A producer that is not caselink's, for sending native export items by hand or in tests:
#
#   deploy/local/kafka-console-producer.sh --bootstrap-server 127.0.0.1:9092 --topic caselink.raw \
#       --property parse.headers=true < messages.txt
#
# Every option is the distribution script's (--help lists them). See deploy/contracts/README.md.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
VAR="${CASELINK_VAR_DIR:-$ROOT/var}"
CACHE="${CASELINK_CACHE_DIR:-$VAR/cache}"
JAVA="${CASELINK_JAVA:-$(command -v java || true)}"
[[ -n "$JAVA" ]] || { echo "kafka-console-producer: no java found (set CASELINK_JAVA)" >&2; exit 1; }
if ! compgen -G "$CACHE/kafka-tools/kafka-tools-*.jar" >/dev/null; then
    echo "kafka-console-producer: Kafka's tools are not in $CACHE/kafka-tools (run deploy/local/services.sh provision kafka)" >&2
    exit 1
fi
exec "$JAVA" -Xmx256m -XX:TieredStopAtLevel=1 -Xshare:auto -Dlog4j2.level=WARN \
    -cp "$CACHE/kafka-tools/*" org.apache.kafka.tools.ConsoleProducer "$@"
