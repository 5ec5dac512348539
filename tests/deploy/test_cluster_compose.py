"""deploy/cluster/compose.yaml: no Docker here, so what can be checked without it is checked.

The file parses (YAML anchors and merges resolved as Compose resolves them), names every service the
README describes, hands every caselink process only settings that ``models/settings.py`` declares
(a misspelt ``CASELINK_*`` name would be ignored silently: ``extra="ignore"``), and its parts agree
with each other (the KRaft voters are the brokers, the synchronous standbys are the replicas, the
scripts it mounts exist, every secret it requires is in env.example).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from models.settings import Settings

CLUSTER = Path(__file__).resolve().parents[2] / "deploy" / "cluster"
yaml = pytest.importorskip("yaml", reason="PyYAML is not installed: the compose file cannot be parsed here")

SERVICES = {"kafka-1", "kafka-2", "kafka-3", "kafka-topics", "neo4j", "neo4j-1", "neo4j-2", "neo4j-3",
            "pg-primary", "pg-replica-1", "pg-replica-2", "consumer", "api"}
CASELINK_SERVICES = ("consumer", "api")


def compose() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((CLUSTER / "compose.yaml").read_text(encoding="utf-8"))
    return data


def caselink_vars() -> list[tuple[str, str]]:
    services = compose()["services"]
    return sorted({(name, var) for name in CASELINK_SERVICES for var in services[name]["environment"] if var.startswith("CASELINK_")})


def test_the_compose_file_names_every_service() -> None:
    assert set(compose()["services"]) == SERVICES


@pytest.mark.parametrize(("service", "var"), caselink_vars())
def test_every_caselink_variable_is_a_setting(service: str, var: str) -> None:
    field = var.removeprefix("CASELINK_").lower()
    assert field in Settings.model_fields, f"{service}: {var} is not a setting of models/settings.py"


def test_env_example_names_only_settings_under_the_caselink_prefix() -> None:
    names = re.findall(r"^#?\s*(CASELINK_[A-Z_]+)=", (CLUSTER / "env.example").read_text(encoding="utf-8"), re.M)
    assert names
    unknown = [n for n in names if n.removeprefix("CASELINK_").lower() not in Settings.model_fields]
    assert not unknown, f"env.example: {unknown} look like settings but are not (compose-only variables have no CASELINK_ prefix)"


def test_every_required_variable_is_in_env_example() -> None:
    text = (CLUSTER / "compose.yaml").read_text(encoding="utf-8")
    required = set(re.findall(r"\$\{([A-Z_]+):\?", text))
    example = set(re.findall(r"^([A-Z_]+)=", (CLUSTER / "env.example").read_text(encoding="utf-8"), re.M))
    assert required
    assert required <= example, f"required but not in env.example: {sorted(required - example)}"


def test_the_kraft_voters_are_the_brokers() -> None:
    services = compose()["services"]
    brokers = {name: s["environment"] for name, s in services.items() if re.fullmatch(r"kafka-\d", name)}
    voters = {v for env in brokers.values() for v in env["KAFKA_CONTROLLER_QUORUM_VOTERS"].split(",")}
    assert voters == {f"{env['KAFKA_NODE_ID']}@{name}:9093" for name, env in brokers.items()}
    assert {env["KAFKA_ADVERTISED_LISTENERS"] for env in brokers.values()} == {f"PLAINTEXT://{name}:9092" for name in brokers}
    bootstrap = services["consumer"]["environment"]["CASELINK_TRANSPORT"].removeprefix("kafka://").split(",")
    assert {b.split(":")[0] for b in bootstrap} == set(brokers)


def test_the_synchronous_standbys_are_the_replicas() -> None:
    services = compose()["services"]
    command = services["pg-primary"]["command"]
    standbys = next(c for c in command if c.startswith("synchronous_standby_names="))
    names = set(re.findall(r"\w+", standbys.split("(", 1)[1]))
    replicas = {s["environment"]["REPLICA_NAME"] for name, s in services.items() if name.startswith("pg-replica-")}
    assert replicas and names == replicas


def test_the_neo4j_cluster_members_discover_each_other() -> None:
    services = compose()["services"]
    members = sorted(n for n in services if re.fullmatch(r"neo4j-\d", n))
    for name in members:
        env = services[name]["environment"]
        assert env["NEO4J_server_default__advertised__address"] == name
        assert env["NEO4J_dbms_cluster_discovery_v2_endpoints"] == ",".join(f"{m}:6000" for m in members)
        assert "neo4j-cluster" in services[name]["networks"]["default"]["aliases"]
        assert services[name]["profiles"] == ["enterprise"]
    assert len(members) == 3


def mounted_files() -> list[tuple[str, str]]:
    """(service, file) of every file of deploy/cluster a service mounts (``./...:target``)."""
    return [(name, v.split(":")[0]) for name, s in compose()["services"].items() for v in s.get("volumes", []) if v.startswith("./")]


def test_the_scripts_are_mounted() -> None:
    assert {f for _, f in mounted_files()} == {"./kafka/create-topics.sh", "./postgres/primary-init.sh", "./postgres/replica-entrypoint.sh"}


@pytest.mark.parametrize(("service", "source"), mounted_files())
def test_every_mounted_file_exists(service: str, source: str) -> None:
    assert (CLUSTER / source).is_file(), f"{service} mounts {source}, which is not in deploy/cluster"
