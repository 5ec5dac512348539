"""Aggregates never tell of hidden records: the name frequencies, hub sets and the scores they make in
explanations (``/entities/{id}/why``, ``/why``, ``/review``) are counted over the records the viewer may see.

Checked on the dev world (ingested and linked by the real pipeline) against an independent count: the
profile rebuilt from the ledger's records filtered by the viewer's own visibility test. Both tests run
on both graph stores: the embedded graph, and the same ledger built into Neo4j when ``CASELINK_TEST_NEO4J``
is set (skipped otherwise)."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest

from api.services.queries import open_context
from api.services.resolution import profile_for, resolution_context
from graph.build import structured_mentions
from graph.resolve.blocking import squash
from graph.resolve.features import PersonProfile
from graph.resolve.why import why
from models.access import SYSTEM, UserRole
from models.settings import Settings
from tests.api.conftest import rebuild_graph, serving, settings_for, store_settings, token_for


@pytest.fixture(scope="module")
def dev_settings(linked_dev: Path, graph_kind: str, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The linked dev world on the embedded graph, or its ledger built into Neo4j (a copy: no embedded graph beside it)."""
    if graph_kind == "embedded":
        return settings_for(linked_dev)
    store = tmp_path_factory.mktemp("aggregates-neo4j") / "store"
    shutil.copytree(linked_dev, store)
    settings = store_settings(store, graph_kind)
    rebuild_graph(settings)
    (store / "graph.db").unlink()
    return settings


def test_name_frequencies_are_counted_over_the_viewers_records(dev_settings: Settings) -> None:
    settings = dev_settings
    ctx = open_context(settings)
    try:
        analyst = ctx.policy.viewer("freq-analyst", UserRole.ANALYST, "TPS")  # TPS sees TPS and PRP only
        records = list(ctx.ledger.current_records())
        seen = [m for r in records if analyst.may_see(r.agency, [c.value for c in r.caveats]) for m in structured_mentions(r)]
        every = [m for r in records for m in structured_mentions(r)]
        assert 0 < len(seen) < len(every)
        resolution = resolution_context(ctx)
        mine = profile_for(resolution, analyst)
        assert dict(mine.surname_counts) == dict(Counter(squash(m.surname) for m in seen if m.surname))
        assert profile_for(resolution, SYSTEM) is resolution.profile
        differs = [s for s, n in mine.surname_counts.items() if resolution.profile.surname_counts[s] != n]
        assert differs  # some surname is more common over all records than over TPS's and PRP's
        # A pair explained to the analyst: the figures of an independent profile over the visible mentions only.
        independent = PersonProfile.for_mentions(seen, mine.hubs)
        common = sorted(differs, key=lambda s: -mine.surname_counts[s])[0]
        x, y = sorted((m for m in seen if m.surname and squash(m.surname) == common), key=lambda m: m.key)[:2]
        assert why(x, y, profile=mine) == why(x, y, profile=independent)
        assert why(x, y, profile=mine).contributions != why(x, y, profile=resolution.profile).contributions
    finally:
        ctx.close()


def test_explanations_over_http_show_the_viewers_figures(dev_settings: Settings) -> None:
    settings = dev_settings
    ctx = open_context(settings)
    try:
        analyst = ctx.policy.viewer("why-analyst", UserRole.ANALYST, "TPS")
        persons = [e for e in ctx.store.get_entities(ctx.store.entity_ids(viewer=analyst, kinds=frozenset({"person"})), viewer=analyst)
                   if e.properties.get("resolution")]
        assert persons
        resolution = resolution_context(ctx)
        mine = profile_for(resolution, analyst)
    finally:
        ctx.close()
    with serving(settings.store, settings, as_admin=False) as client:
        h = {"Authorization": f"Bearer {token_for(settings, 'why-analyst', UserRole.ANALYST, 'TPS')}"}
        body = client.get(f"/entities/{persons[0].id}/why", headers=h).json()
        assert body["joins"]
        for join in body["joins"]:
            want = why(resolution.mentions[join["a"]], resolution.mentions[join["b"]], profile=mine)
            assert abs(join["score"] - want.score) < 1e-6
