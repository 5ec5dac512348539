#!/usr/bin/env bash
# caselink local services: a single-node Apache Kafka broker (KRaft) and an
# embedded Neo4j 5.26 reachable over Bolt, both run as plain JVMs from jars
# that Maven resolves from Maven Central (no Docker, no other downloads), and
# PostgreSQL 15 from Debian's `postgresql` package (the state consumers share:
# ledger, decisions, caches, users, alerts, audit; CASELINK_STATE).
#
#   deploy/local/services.sh {provision|start|stop|restart|status|logs} {kafka|neo4j|postgres|all}
#
# provision  resolve the jars into var/cache/<svc>/ (skipped when the stamp matches)
# start      provision if needed, start in the background, wait until healthy;
#            a service already running is left alone
# stop       SIGTERM, wait, then SIGKILL; nothing running is fine
# status     exit 0 when every named service is running, 3 otherwise
# logs       the last lines of the service's logs (CASELINK_LOG_LINES, default 60)
#
# Works from any cwd: every path is computed from this file's location.
# See deploy/local/README.md for ports, env vars and where things go.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"

VAR="${CASELINK_VAR_DIR:-$ROOT/var}"
# The jars (and class-data-sharing archives) may live outside the work tree, e.g. to be
# shared by several clones on one machine: CASELINK_CACHE_DIR (default var/cache).
CACHE="${CASELINK_CACHE_DIR:-$VAR/cache}"
RUN="$VAR/run"
LOG="$VAR/log"

KAFKA_HOST=127.0.0.1
KAFKA_PORT="${CASELINK_KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${CASELINK_KAFKA_CONTROLLER_PORT:-$((KAFKA_PORT + 1))}"
KAFKA_HEAP="${CASELINK_KAFKA_HEAP:--Xms256m -Xmx512m}"

NEO4J_HOST=127.0.0.1
NEO4J_PORT="${CASELINK_NEO4J_PORT:-7687}"
NEO4J_AUTH="${CASELINK_NEO4J_AUTH:-true}"
NEO4J_PASSWORD="${CASELINK_NEO4J_PASSWORD:-caselink-dev}"
NEO4J_HEAP="${CASELINK_NEO4J_HEAP:--Xms1g -Xmx1g}"
NEO4J_PAGECACHE="${CASELINK_NEO4J_PAGECACHE:-256m}"

POSTGRES_HOST=127.0.0.1
POSTGRES_PORT="${CASELINK_POSTGRES_PORT:-5433}"   # not 5432: leave a system instance alone
POSTGRES_USER="${CASELINK_POSTGRES_USER:-caselink}"
POSTGRES_PASSWORD="${CASELINK_POSTGRES_PASSWORD:-caselink-dev}"
POSTGRES_DB="${CASELINK_POSTGRES_DB:-caselink}"
POSTGRES_BIN="${CASELINK_POSTGRES_BIN:-/usr/lib/postgresql/15/bin}"
POSTGRES_DATA="${CASELINK_POSTGRES_DATA:-$VAR/postgres}"
POSTGRES_LOG="$LOG/postgres"

START_TIMEOUT="${CASELINK_START_TIMEOUT:-180}"   # seconds, per service
STOP_TIMEOUT="${CASELINK_STOP_TIMEOUT:-60}"      # seconds before SIGKILL
PYTHON="${CASELINK_PYTHON:-$ROOT/.venv/bin/python}"

SERVICES=(kafka neo4j postgres)

log() { printf '[services] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# --------------------------------------------------------------------------
# Java and Maven
# --------------------------------------------------------------------------

# CASELINK_JAVA may name another java (17 or 21); default: the `java` on PATH.
JAVA="${CASELINK_JAVA:-$(command -v java || true)}"

require_java() {
    [[ -n "$JAVA" && -x "$JAVA" ]] || die "no java found (install a JDK 17, or set CASELINK_JAVA)"
    local major
    major="$("$JAVA" -XshowSettings:properties -version 2>&1 \
        | sed -n 's/^ *java\.specification\.version = //p')"
    [[ "${major:-0}" -ge 17 ]] 2>/dev/null || die "$JAVA is Java ${major:-?}; Kafka 4 and Neo4j 5 need 17+"
}

# the bin/ of the JDK of $JAVA, which must have javac and jar
javac_dir() {
    local dir
    dir="$(dirname "$(readlink -f "$JAVA")")"
    [[ -x "$dir/javac" && -x "$dir/jar" ]] \
        || die "no javac/jar next to $JAVA (a JDK, not a JRE, is needed to build the Neo4j launcher)"
    echo "$dir"
}

# sha256 of the given files, used as provisioning stamps
digest() { cat "$@" | sha256sum | cut -d' ' -f1; }

# mvn dependency:copy-dependencies of deploy/local/<svc>/pom.xml into var/cache/<svc>/
# unless var/cache/<svc>/.stamp already holds the hash of that pom.
resolve_jars() {
    local svc="$1" pom="$HERE/$1/pom.xml" dest="$CACHE/$1"
    local want have=""
    want="$(digest "$pom")"
    [[ -f "$dest/.stamp" ]] && have="$(cat "$dest/.stamp")"
    if [[ "$want" == "$have" ]]; then
        log "$svc: jars already in ${dest#"$ROOT"/} (stamp matches)"
        return 0
    fi
    command -v mvn >/dev/null || die "mvn not found (apt-get install maven)"
    log "$svc: resolving jars from Maven Central into ${dest#"$ROOT"/} ..."
    local t0=$SECONDS
    rm -rf "$dest"
    mkdir -p "$dest"
    mkdir -p "$LOG"
    # CASELINK_MVN_OPTS: extra mvn flags, e.g. -Dmaven.repo.local=/some/dir or -o
    # shellcheck disable=SC2086
    if ! mvn -B -Dstyle.color=never ${CASELINK_MVN_OPTS:-} -f "$pom" \
        dependency:copy-dependencies \
        -DincludeScope=runtime \
        -DoutputDirectory="$dest" \
        >"$LOG/provision-$svc.log" 2>&1; then
        tail -n 30 "$LOG/provision-$svc.log" >&2
        rm -rf "$dest"
        die "$svc: mvn could not resolve the jars (see ${LOG#"$ROOT"/}/provision-$svc.log)"
    fi
    echo "$want" >"$dest/.stamp"
    log "$svc: $(find "$dest" -name '*.jar' | wc -l) jars, $(du -sh "$dest" | cut -f1), in $((SECONDS - t0))s"
}

provision_kafka() {
    resolve_jars kafka
    # Kafka's console tools (kafka-console-producer.sh), in their own directory: producers
    # that are not caselink's, for the topic contract's tests (deploy/contracts/).
    resolve_jars kafka-tools
}

# Neo4j also needs its launcher, compiled and put in a jar next to the others
# (var/cache/neo4j/caselink-neo4j-launcher.jar), so the classpath is just var/cache/neo4j/*.
provision_neo4j() {
    resolve_jars neo4j
    local src="$HERE/neo4j/Launcher.java" jar="$CACHE/neo4j/caselink-neo4j-launcher.jar"
    local want have="" bindir classes
    want="$(digest "$src" "$CACHE/neo4j/.stamp")"
    [[ -f "$jar.stamp" ]] && have="$(cat "$jar.stamp")"
    if [[ "$want" != "$have" || ! -f "$jar" ]]; then
        log "neo4j: compiling Launcher.java"
        bindir="$(javac_dir)"
        classes="$(mktemp -d)"
        "$bindir/javac" -nowarn -d "$classes" -cp "$CACHE/neo4j/*" "$src"
        "$bindir/jar" --create --file "$jar" -C "$classes" .
        rm -rf "$classes"
        rm -f "$CACHE"/neo4j/*.jsa "$CACHE"/neo4j/*.jsa.tmp   # class-data archive of the old launcher
        echo "$want" >"$jar.stamp"
    fi
}

# --------------------------------------------------------------------------
# Class-data sharing: each JVM's loaded classes are archived when it stops (first
# run) and mapped at the next start, which makes startup ~40% faster. The archive
# is written as <svc>.jsa.tmp and kept only after a clean stop; a stale or
# mismatching archive is ignored by the JVM. CASELINK_CDS=0 turns this off.
# --------------------------------------------------------------------------

cds_opts() {
    local jsa="$CACHE/$1/$1.jsa"
    CDS_OPTS=()
    [[ "${CASELINK_CDS:-1}" == 1 ]] || return 0
    if [[ -s "$jsa" ]]; then
        CDS_OPTS=("-XX:SharedArchiveFile=$jsa" -Xlog:cds=off -Xlog:cds+dynamic=off)
    else
        CDS_OPTS=("-XX:ArchiveClassesAtExit=$jsa.tmp" -Xlog:cds=off -Xlog:cds+dynamic=off)
    fi
}

# after a stop: keep a freshly dumped archive only if the JVM ended on its own
keep_cds_archive() {
    local svc="$1" clean="$2" tmp="$CACHE/$1/$1.jsa.tmp"
    [[ -f "$tmp" ]] || return 0
    if [[ "$clean" == 1 && -s "$tmp" ]]; then
        mv -f "$tmp" "$CACHE/$svc/$svc.jsa"
    else
        rm -f "$tmp"
    fi
}

# --------------------------------------------------------------------------
# Processes: pid files that are checked against the process' command line
# --------------------------------------------------------------------------

pidfile() { echo "$RUN/$1.pid"; }

# Every JVM we start carries -Dcaselink.service=<svc> -Dcaselink.var=<var dir>,
# so a stale pid file whose pid was reused by some other process is not trusted.
running_pid() {
    local svc="$1" pid
    [[ "$svc" == postgres ]] && { postgres_pid; return; }
    [[ -f "$(pidfile "$svc")" ]] || return 1
    pid="$(cat "$(pidfile "$svc")")"
    [[ "$pid" =~ ^[0-9]+$ ]] || return 1
    [[ -r "/proc/$pid/cmdline" ]] || return 1
    tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "-Dcaselink.service=$svc -Dcaselink.var=$VAR " || return 1
    echo "$pid"
}

port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

port_of() {
    case "$1" in
        kafka) echo "$KAFKA_PORT" ;;
        neo4j) echo "$NEO4J_PORT" ;;
        postgres) echo "$POSTGRES_PORT" ;;
    esac
}

# Start a JVM in the background, detached from this shell, stdout/stderr to var/log/<svc>.out.
launch() {
    local svc="$1"
    shift
    mkdir -p "$RUN" "$LOG"
    local out="$LOG/$svc.out"
    [[ -f "$out" ]] && mv -f "$out" "$out.1"    # keep one previous run's output
    # setsid: own session, so a Ctrl-C in the calling terminal does not reach the JVM;
    # 9>&-: the JVM must not inherit (and so hold) the lock of this script
    nohup setsid "$JAVA" -Dcaselink.service="$svc" -Dcaselink.var="$VAR" "$@" \
        </dev/null >"$out" 2>&1 9>&- &
    echo $! >"$(pidfile "$svc")"
}

# --------------------------------------------------------------------------
# Kafka
# --------------------------------------------------------------------------

# JVM options of the broker and of the storage tool, in the array KAFKA_OPTS.
kafka_java_opts() {
    # shellcheck disable=SC2206  # word splitting of the env values is intended
    KAFKA_OPTS=($KAFKA_HEAP -server -XX:+UseG1GC -XX:MaxGCPauseMillis=20
        -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent
        -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true
        "-Dlog4j2.configurationFile=$HERE/kafka/log4j2.xml" "-Dkafka.logs.dir=$LOG/kafka"
        -Dlog4j2.shutdownHookEnabled=false   # keep logging until Kafka's own shutdown hook is done
        ${CASELINK_KAFKA_JAVA_OPTS:-})
}

# server.properties is regenerated at every start from the env (ports may change).
# The quorum is static (controller.quorum.voters), so nothing port-related is
# baked into the formatted storage.
write_kafka_config() {
    mkdir -p "$VAR/kafka/data" "$LOG/kafka"
    cat >"$VAR/kafka/server.properties" <<EOF
# Generated by deploy/local/services.sh at every start: edit the script, not this file.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@$KAFKA_HOST:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://$KAFKA_HOST:$KAFKA_PORT,CONTROLLER://$KAFKA_HOST:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://$KAFKA_HOST:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT

log.dirs=$VAR/kafka/data
auto.create.topics.enable=true
num.partitions=1
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=10
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
delete.topic.enable=true

# small machine: few threads, a week of retention, 256 MB segments
num.network.threads=2
num.io.threads=4
num.recovery.threads.per.data.dir=1
log.retention.hours=168
log.segment.bytes=268435456
EOF
}

# kafka-storage format, once: writes meta.properties and the bootstrap metadata.
format_kafka() {
    [[ -f "$VAR/kafka/data/meta.properties" ]] && return 0
    local cid_file="$VAR/kafka/cluster.id" cid
    if [[ ! -s "$cid_file" ]]; then
        if ! "$JAVA" "${KAFKA_OPTS[@]}" -cp "$CACHE/kafka/*" kafka.tools.StorageTool random-uuid \
            | tail -n 1 >"$cid_file"; then
            rm -f "$cid_file"
            die "kafka: the JVM could not run Kafka's storage tool (its message is above)"
        fi
    fi
    cid="$(cat "$cid_file")"
    log "kafka: formatting ${VAR#"$ROOT"/}/kafka/data (cluster id $cid)"
    "$JAVA" "${KAFKA_OPTS[@]}" -cp "$CACHE/kafka/*" kafka.tools.StorageTool format \
        --config "$VAR/kafka/server.properties" --cluster-id "$cid" --ignore-formatted \
        >>"$LOG/kafka/format.log" 2>&1 \
        || { tail -n 20 "$LOG/kafka/format.log" >&2; die "kafka: storage format failed"; }
}

launch_kafka() {
    provision_kafka
    write_kafka_config
    kafka_java_opts
    format_kafka
    cds_opts kafka
    launch kafka "${KAFKA_OPTS[@]}" "${CDS_OPTS[@]}" -cp "$CACHE/kafka/*" kafka.Kafka "$VAR/kafka/server.properties"
}

# Healthy = the broker logged that it started (in this run's output), accepts connections, and (when the
# project venv has kafka-python) answers an admin request: list the topics and
# create the topic `caselink-healthcheck` if it is missing.
kafka_healthy() {
    grep -q "Kafka Server started" "$LOG/kafka.out" 2>/dev/null || return 1
    port_open "$KAFKA_HOST" "$KAFKA_PORT" || return 1
    if [[ -x "$PYTHON" ]] && "$PYTHON" -c 'import kafka' 2>/dev/null; then
        "$PYTHON" - "$KAFKA_HOST:$KAFKA_PORT" <<'EOF' >/dev/null 2>&1 || return 1
import sys
from kafka.admin import KafkaAdminClient, NewTopic
admin = KafkaAdminClient(bootstrap_servers=sys.argv[1], request_timeout_ms=5000)
try:
    if "caselink-healthcheck" not in admin.list_topics():
        admin.create_topics([NewTopic("caselink-healthcheck", 1, 1)])
finally:
    admin.close()
EOF
    fi
}

# --------------------------------------------------------------------------
# Neo4j
# --------------------------------------------------------------------------

launch_neo4j() {
    provision_neo4j
    mkdir -p "$VAR/neo4j" "$LOG/neo4j"
    # shellcheck disable=SC2206  # word splitting of the env values is intended
    local heap=($NEO4J_HEAP) extra=(${CASELINK_NEO4J_JAVA_OPTS:-})
    cds_opts neo4j
    CASELINK_NEO4J_HOME="$VAR/neo4j" \
    CASELINK_NEO4J_LOGS="$LOG/neo4j" \
    CASELINK_NEO4J_HOST="$NEO4J_HOST" \
    CASELINK_NEO4J_PORT="$NEO4J_PORT" \
    CASELINK_NEO4J_AUTH="$NEO4J_AUTH" \
    CASELINK_NEO4J_PASSWORD="$NEO4J_PASSWORD" \
    CASELINK_NEO4J_PAGECACHE="$NEO4J_PAGECACHE" \
        launch neo4j "${heap[@]}" "${CDS_OPTS[@]}" -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError \
        --add-opens=java.base/java.nio=ALL-UNNAMED \
        --add-opens=java.base/java.io=ALL-UNNAMED \
        --add-opens=java.base/sun.nio.ch=ALL-UNNAMED \
        -Dlog4j2.disable.jmx=true -Djava.awt.headless=true \
        "${extra[@]}" \
        -cp "$CACHE/neo4j/*" Launcher
}

# Healthy = the launcher printed its ready line (default database available and
# password set), Bolt accepts connections, and (when the project venv has the
# neo4j driver) `RETURN 1` runs over Bolt with the configured credentials.
neo4j_healthy() {
    grep -q "CASELINK_NEO4J_READY" "$LOG/neo4j.out" 2>/dev/null || return 1
    port_open "$NEO4J_HOST" "$NEO4J_PORT" || return 1
    if [[ -x "$PYTHON" ]] && "$PYTHON" -c 'import neo4j' 2>/dev/null; then
        CASELINK_NEO4J_AUTH="$NEO4J_AUTH" CASELINK_NEO4J_PASSWORD="$NEO4J_PASSWORD" \
            "$PYTHON" - "bolt://$NEO4J_HOST:$NEO4J_PORT" <<'EOF' >/dev/null 2>&1 || return 1
import os, sys
from neo4j import GraphDatabase
auth = None
if os.environ["CASELINK_NEO4J_AUTH"].lower() == "true":
    auth = ("neo4j", os.environ["CASELINK_NEO4J_PASSWORD"])
with GraphDatabase.driver(sys.argv[1], auth=auth, connection_timeout=5) as driver:
    records, _, _ = driver.execute_query("RETURN 1 AS one")
    assert records[0]["one"] == 1
EOF
    fi
}

# --------------------------------------------------------------------------
# PostgreSQL (Debian's postgresql package; it refuses to run as root, so initdb and
# the server run as the `postgres` user, in a data directory that user owns)
# --------------------------------------------------------------------------

# as the postgres user, with the shell's cwd somewhere it may enter
as_postgres() { (cd / && runuser -u postgres -- "$@"); }

# The data and log directories must be reachable by the postgres user: when var/ is not (a clone
# under a private home), they move to /var/lib/caselink-postgres/<hash of the var dir>/.
postgres_dirs() {
    [[ -z "${CASELINK_POSTGRES_DATA:-}" ]] && id postgres >/dev/null 2>&1 || return 0
    mkdir -p "$VAR" "$LOG"
    if ! as_postgres test -x "$VAR" -a -x "$LOG"; then
        local alt
        alt="/var/lib/caselink-postgres/$(printf %s "$VAR" | sha256sum | cut -c1-12)"
        mkdir -p "$alt" && chmod 755 /var/lib/caselink-postgres "$alt"
        POSTGRES_DATA="$alt/data"
        POSTGRES_LOG="$alt/log"
    fi
}

# Debian's PostgreSQL 15, installed from Debian's packages if missing.
provision_postgres() {
    if [[ ! -x "$POSTGRES_BIN/pg_ctl" ]]; then
        log "postgres: $POSTGRES_BIN/pg_ctl missing; apt-get install postgresql"
        DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql >&2 \
            || { apt-get update >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql >&2; } \
            || die "postgres: could not install Debian's postgresql package"
    fi
    [[ -x "$POSTGRES_BIN/pg_ctl" ]] || die "postgres: no $POSTGRES_BIN/pg_ctl (set CASELINK_POSTGRES_BIN)"
    id postgres >/dev/null 2>&1 || die "postgres: no 'postgres' user (it comes with the postgresql package)"
    postgres_dirs
    mkdir -p "$(dirname "$POSTGRES_DATA")" "$POSTGRES_LOG"
    chown postgres: "$POSTGRES_LOG"
    as_postgres test -x "$(dirname "$POSTGRES_DATA")" -a -w "$POSTGRES_LOG" \
        || die "postgres: the postgres user cannot enter $(dirname "$POSTGRES_DATA") or write $POSTGRES_LOG; set CASELINK_POSTGRES_DATA elsewhere"
    if [[ ! -s "$POSTGRES_DATA/PG_VERSION" ]]; then
        log "postgres: initdb $POSTGRES_DATA"
        mkdir -p "$POSTGRES_DATA"
        chown postgres: "$POSTGRES_DATA"
        chmod 700 "$POSTGRES_DATA"
        # the superuser over the data dir's own socket only (trust: the dir is the postgres user's, mode 700);
        # every TCP client with a password (scram)
        as_postgres "$POSTGRES_BIN/initdb" -D "$POSTGRES_DATA" -U postgres -E UTF8 --locale=C.UTF-8 \
            --auth-local=trust --auth-host=scram-sha-256 >"$POSTGRES_LOG/initdb.log" 2>&1 \
            || { tail -n 20 "$POSTGRES_LOG/initdb.log" >&2; die "postgres: initdb failed"; }
    fi
}

postgres_pid() {
    local pid
    postgres_dirs
    [[ -f "$POSTGRES_DATA/postmaster.pid" ]] || return 1
    pid="$(head -n 1 "$POSTGRES_DATA/postmaster.pid")"
    [[ "$pid" =~ ^[0-9]+$ && -r "/proc/$pid/cmdline" ]] || return 1
    tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "-D $POSTGRES_DATA " || return 1
    echo "$pid"
}

launch_postgres() {
    provision_postgres
    mkdir -p "$RUN"
    # -W: do not wait here (wait_healthy does, with pg_isready); the server's log goes to var/log/postgres/
    as_postgres "$POSTGRES_BIN/pg_ctl" -D "$POSTGRES_DATA" -W -l "$POSTGRES_LOG/postgres.log" \
        -o "-D $POSTGRES_DATA -p $POSTGRES_PORT -c listen_addresses=$POSTGRES_HOST -c unix_socket_directories=$POSTGRES_DATA" \
        start >"$LOG/postgres.out" 2>&1 9>&- || { cat "$LOG/postgres.out" >&2; die "postgres: pg_ctl start failed"; }
    local t0=$SECONDS
    until postgres_pid >"$(pidfile postgres)"; do
        ((SECONDS - t0 < 30)) || { tail -n 30 "$POSTGRES_LOG/postgres.log" >&2; die "postgres: the server did not start"; }
        sleep 0.2
    done
}

postgres_sql() {
    as_postgres "$POSTGRES_BIN/psql" -h "$POSTGRES_DATA" -p "$POSTGRES_PORT" -U postgres -d postgres \
        -v ON_ERROR_STOP=1 -qtA "$@"
}

# Ready, and the caselink role (with its password) and database exist (created idempotently).
postgres_healthy() {
    "$POSTGRES_BIN/pg_isready" -q -h "$POSTGRES_HOST" -p "$POSTGRES_PORT" || return 1
    postgres_sql -v user="$POSTGRES_USER" -v pw="$POSTGRES_PASSWORD" <<'SQL' >/dev/null || return 1
SELECT format('CREATE ROLE %I LOGIN', :'user') WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'user') \gexec
SELECT format('ALTER ROLE %I PASSWORD %L', :'user', :'pw') \gexec
SQL
    if [[ -z "$(postgres_sql -v db="$POSTGRES_DB" <<<"SELECT 1 FROM pg_database WHERE datname = :'db'")" ]]; then
        postgres_sql -v db="$POSTGRES_DB" -v user="$POSTGRES_USER" <<<"SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'user') \gexec" >/dev/null || return 1
    fi
}

# --------------------------------------------------------------------------
# Commands
# --------------------------------------------------------------------------

# The process just launched is alive: it exists and is not a zombie. Not running_pid's command-line
# check: until the forked shell has exec'd nohup, /proc/<pid>/cmdline is still this script's, so that
# check, made right after the launch on a loaded machine, would call a starting service dead.
launched_alive() {
    local pid="$1" state
    [[ "$pid" =~ ^[0-9]+$ ]] || return 1
    state="$(sed -n 's/^State:[[:space:]]*\([A-Z]\).*/\1/p' "/proc/$pid/status" 2>/dev/null)" || return 1
    [[ -n "$state" && "$state" != Z ]]
}

wait_healthy() {
    local svc="$1" t0=$SECONDS pid
    while ((SECONDS - t0 < START_TIMEOUT)); do
        if [[ "$svc" == postgres ]]; then   # pg_ctl has detached it: its own pid file says
            pid="$(running_pid "$svc" || true)"
        else
            pid="$(cat "$(pidfile "$svc")" 2>/dev/null || true)"
        fi
        if ! launched_alive "$pid"; then
            log "$svc: the process exited during startup; last lines of its output:"
            tail -n 30 "$LOG/$svc.out" >&2 || true
            return 1
        fi
        if "${svc}_healthy"; then
            log "$svc: healthy on 127.0.0.1:$(port_of "$svc") (pid $pid, ${SECONDS}s after the command began)"
            return 0
        fi
        sleep 1
    done
    log "$svc: not healthy after ${START_TIMEOUT}s; see ${LOG#"$ROOT"/}/$svc.out and ${LOG#"$ROOT"/}/$svc/"
    return 1
}

# Java is needed only for the JVM services (kafka, neo4j).
needs_java() {
    local svc
    for svc in "$@"; do [[ "$svc" == postgres ]] || return 0; done
    return 1
}

cmd_provision() {
    if needs_java "$@"; then require_java; fi
    local svc
    for svc in "$@"; do "provision_$svc"; done
}

# Launch every named service first, then wait for each: the JVMs start in parallel.
cmd_start() {
    if needs_java "$@"; then require_java; fi
    local svc pid failed=0 to_launch=()
    for svc in "$@"; do
        if pid="$(running_pid "$svc")"; then
            log "$svc: already running (pid $pid)"
            continue
        fi
        rm -f "$(pidfile "$svc")"
        if port_open 127.0.0.1 "$(port_of "$svc")"; then
            die "$svc: port $(port_of "$svc") is already taken by another process"
        fi
        to_launch+=("$svc")
    done
    for svc in "${to_launch[@]}"; do
        "launch_$svc"
        log "$svc: started (pid $(cat "$(pidfile "$svc")")), waiting until healthy ..."
    done
    for svc in "$@"; do
        wait_healthy "$svc" || failed=1
    done
    return "$failed"
}

# SIGTERM to every named service first, then wait for each (they shut down in
# parallel); whatever is still alive after STOP_TIMEOUT seconds gets SIGKILL.
cmd_stop() {
    local svc pid t0 clean stopping=() pids=()
    for svc in "$@"; do
        if ! pid="$(running_pid "$svc")"; then
            rm -f "$(pidfile "$svc")"
            log "$svc: not running"
            continue
        fi
        if [[ "$svc" == postgres ]]; then   # SIGINT: PostgreSQL's fast shutdown (SIGTERM waits for clients)
            log "$svc: stopping pid $pid (SIGINT)"
            kill -INT "$pid" 2>/dev/null || true
        else
            log "$svc: stopping pid $pid (SIGTERM)"
            kill -TERM "$pid" 2>/dev/null || true
        fi
        stopping+=("$svc")
        pids+=("$pid")
    done
    t0=$SECONDS
    for i in "${!stopping[@]}"; do
        svc="${stopping[$i]}"
        pid="${pids[$i]}"
        clean=1
        while kill -0 "$pid" 2>/dev/null && ((SECONDS - t0 < STOP_TIMEOUT)); do sleep 0.5; done
        if kill -0 "$pid" 2>/dev/null; then
            log "$svc: still alive after ${STOP_TIMEOUT}s, SIGKILL"
            kill -KILL "$pid" 2>/dev/null || true
            while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
            clean=0
        fi
        rm -f "$(pidfile "$svc")"
        keep_cds_archive "$svc" "$clean"
        log "$svc: stopped"
    done
}

cmd_status() {
    local svc pid rc=0 port
    for svc in "$@"; do
        port="$(port_of "$svc")"
        if pid="$(running_pid "$svc")"; then
            if port_open 127.0.0.1 "$port"; then
                echo "$svc: running (pid $pid), 127.0.0.1:$port open"
            else
                echo "$svc: starting (pid $pid), 127.0.0.1:$port not open yet"
                rc=3
            fi
        else
            echo "$svc: stopped"
            rc=3
        fi
    done
    return "$rc"
}

cmd_logs() {
    local svc n="${CASELINK_LOG_LINES:-60}" f
    for svc in "$@"; do
        local extra=()
        if [[ "$svc" == postgres ]]; then postgres_dirs; extra=("$POSTGRES_LOG/postgres.log"); fi
        for f in "$LOG/$svc.out" "$LOG/$svc/server.log" "$LOG/$svc/debug.log" "${extra[@]}"; do
            [[ -f "$f" ]] || continue
            echo "===== ${f#"$ROOT"/} ====="
            tail -n "$n" "$f"
        done
    done
}

usage() {
    echo "usage: $0 {provision|start|stop|restart|status|logs} {kafka|neo4j|postgres|all}" >&2
    exit 2
}

main() {
    [[ $# -eq 2 ]] || usage
    local cmd="$1" which="$2" targets=()
    case "$which" in
        all) targets=("${SERVICES[@]}") ;;
        kafka | neo4j | postgres) targets=("$which") ;;
        *) usage ;;
    esac
    # One command at a time per var/ dir: two shells provisioning or starting the same
    # services at once would race on the cache and the pid files. status/logs need no lock.
    if [[ "$cmd" != status && "$cmd" != logs ]]; then
        mkdir -p "$RUN"
        exec 9>"$RUN/services.lock"
        if ! flock -n 9; then
            log "another services.sh command is running on ${VAR#"$ROOT"/}; waiting for it ..."
            flock -w 900 9 || die "still locked after 900s ($RUN/services.lock)"
        fi
    fi
    case "$cmd" in
        provision) cmd_provision "${targets[@]}" ;;
        start) cmd_start "${targets[@]}" ;;
        stop) cmd_stop "${targets[@]}" ;;
        restart) cmd_stop "${targets[@]}" && cmd_start "${targets[@]}" ;;
        status) cmd_status "${targets[@]}" ;;
        logs) cmd_logs "${targets[@]}" ;;
        *) usage ;;
    esac
}

main "$@"
