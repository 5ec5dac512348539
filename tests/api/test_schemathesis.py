"""schemathesis against the served OpenAPI spec: no 5xx, responses conform to the schema,
calls without credentials refused (its ``ignored_auth`` check), all over real HTTP."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from graph.store.embedded import EmbeddedGraphStore
from tests.api.conftest import serving, settings_for
from tests.authz_world import world

ST = shutil.which("schemathesis") or str(Path(sys.executable).with_name("schemathesis"))


def test_the_api_conforms_to_its_openapi_spec(tmp_path: Path) -> None:
    graph = EmbeddedGraphStore(tmp_path / "graph.db")
    graph.replace(world())
    graph.close()
    # Refusals of bad tokens must not lock the fuzzer out; the alert stream ends after half a second without an alert
    # (its default is half an hour), so each of the fuzzer's calls to it is answered, not timed out.
    settings = settings_for(tmp_path, lockout_failures=100_000, alert_stream_idle_seconds=0.5, alert_stream_heartbeat_seconds=0.25)
    with serving(tmp_path, settings) as client:
        token = client.headers["Authorization"]
        done = subprocess.run(
            [ST, "run", f"{client.base_url}/openapi.json", "--checks", "all",
             # Lengths of path ids and the kinds vocabulary are checked by api.services.queries with a 400 that names the
             # limit (tests/api/test_http.py), so schema-valid values can be rejected on purpose.
             "--exclude-checks", "positive_data_acceptance", "--header", f"Authorization: {token}",
             "--max-examples", "25", "--phases", "examples,coverage,fuzzing", "--no-color"],
            capture_output=True, text=True, timeout=600, cwd=tmp_path)  # its replay files stay out of the repository
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-2000:]
    # Every one of those calls left an audit entry, and the chain verifies.
    from api.services.audit import AuditLog

    result = AuditLog(settings.audit_path()).verify()
    assert result.ok and result.entries > 50
