"""deploy/local/services.sh: a service that dies while starting is reported as dead, with its own words.

The start command watches the process it launched by its pid (alive and not a zombie), not by the
command line that ``status`` and ``stop`` trust: right after the launch the forked shell has not yet
exec'd the JVM, so the command-line check called starting services dead on a loaded machine (a CI
run failed so). This test checks the other side of that change: a JVM that cannot start is still
caught at once, the command exits non-zero, and the JVM's own message reaches the operator.

It runs the real script on a scratch var directory and a free port, with the jars the CI's own
``services.sh start`` has provisioned; where they are not there it skips, saying why.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SERVICES = REPO / "deploy" / "local" / "services.sh"
CACHE = Path(os.environ.get("CASELINK_CACHE_DIR", REPO / "var" / "cache"))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.mark.parametrize(("service", "port_var", "opts_var", "ours"), [
    ("neo4j", "CASELINK_NEO4J_PORT", "CASELINK_NEO4J_JAVA_OPTS", "neo4j: the process exited during startup"),
    # Kafka's storage tool runs first, in a JVM with the same options, and is the one that fails
    ("kafka", "CASELINK_KAFKA_PORT", "CASELINK_KAFKA_JAVA_OPTS", "kafka: the JVM could not run Kafka's storage tool"),
])
def test_a_jvm_that_cannot_start_is_reported_dead_with_its_own_message(service: str, port_var: str, opts_var: str, ours: str,
                                                                         tmp_path: Path) -> None:
    if shutil.which("java") is None and not os.environ.get("CASELINK_JAVA"):
        pytest.skip("no java here: the local services cannot be started")
    if not (CACHE / service / ".stamp").is_file():
        pytest.skip(f"{CACHE / service} is not provisioned (deploy/local/services.sh provision {service})")
    env = {**os.environ, "CASELINK_VAR_DIR": str(tmp_path / "var"), "CASELINK_CACHE_DIR": str(CACHE),
           port_var: str(_free_port()), opts_var: "-XX:+CaselinkNoSuchOption", "CASELINK_START_TIMEOUT": "120"}
    env.pop("CASELINK_KAFKA_CONTROLLER_PORT", None)
    done = subprocess.run([str(SERVICES), "start", service], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 1, (done.returncode, done.stderr[-2000:])
    assert ours in done.stderr, done.stderr[-2000:]
    assert "CaselinkNoSuchOption" in done.stderr, done.stderr[-2000:]  # the JVM's own words, not only ours
    status = subprocess.run([str(SERVICES), "status", service], env=env, capture_output=True, text=True, timeout=60)
    assert status.returncode != 0 and f"{service}: stopped" in status.stdout + status.stderr, (status.stdout, status.stderr)
