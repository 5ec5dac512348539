"""The CLI shows people and answers, not ids (issue 18): every command's table, on the dev world.

Each test runs the real typer app (typer's CliRunner, in process) on a copy of the linked dev world
and reads the *table* it prints, checking it against the same command's ``--json`` answer (the
API's JSON) or against the world's truth: the names, dates and record keys must be on the screen.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from api.cli import app
from tests.conftest import REPO

ENV = {"CASELINK_ENV": "development", "COLUMNS": "400", "NO_COLOR": "1", "TERM": "dumb"}


@pytest.fixture(scope="module")
def store(linked_dev: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("cli-tables") / "store"
    shutil.copytree(linked_dev, copy)
    return copy


def cli(store: Path, *args: str, ok: bool = True) -> Result:
    result = CliRunner().invoke(app, [*args, "--store", str(store)], env=ENV)
    if ok:
        assert result.exit_code == 0, (args, result.stdout[-2000:], result.stderr[-2000:], result.exception)
    assert "Traceback" not in result.stdout + result.stderr
    return result


def as_json(store: Path, *args: str) -> Any:
    return json.loads(cli(store, *args, "--json").stdout)


def flat(text: str) -> str:
    """The table's text with its cell borders and wrapping removed (one line of words)."""
    return re.sub(r"\s+", " ", re.sub(r"[│┃┏┓┗┛┡┩└┘━─╇╈┳┻┼┬┴├┤╭╮╯╰]", " ", text))


def exact_hits(store: Path, query: str) -> list[dict[str, Any]]:
    hits: list[dict[str, Any]] = as_json(store, "search", query, "--kinds", "person")["hits"]
    return [h for h in hits if h["score"] >= 99]


@pytest.fixture(scope="module")
def trafficker(store: Path, truth: dict[str, Any]) -> dict[str, Any]:
    """A ring member of the dev world whose name stands for exactly one person (with its entity)."""
    for ring in truth["rings"]:
        for pid in ring["members"]:
            p = truth["persons"][pid]
            name = f"{p['given']} {p['surname']}"
            hits = exact_hits(store, name)
            if len(hits) == 1:
                return {**p, "name": name, "entity": hits[0]["entity"]["id"], "ring": ring}
    raise AssertionError("no ring member of the dev world has a name of their own")


@pytest.fixture(scope="module")
def namesakes(store: Path, truth: dict[str, Any]) -> tuple[str, list[dict[str, Any]]]:
    """A name two different persons of the dev world carry (two entities, told apart by DOB)."""
    seen: set[str] = set()
    for p in truth["persons"].values():
        name = f"{p['given']} {p['surname']}"
        if name in seen:
            continue
        seen.add(name)
        if sum(1 for q in truth["persons"].values() if f"{q['given']} {q['surname']}" == name) < 2:
            continue
        hits = exact_hits(store, name)
        if len(hits) >= 2:
            return name, hits
    raise AssertionError("the dev world has no two persons of one name")


def _formatted(e164: str) -> str:
    """+19055550188 -> (905) 555-0188: how a person would type it, not as stored."""
    digits = e164.removeprefix("+1")
    return f"({digits[:3]}) {digits[3:6]}-{digits[6:]}"


def test_show_a_person_by_name_prints_them_with_dob_roles_and_sources(store: Path, trafficker: dict[str, Any]) -> None:
    shown = flat(cli(store, "show", trafficker["name"]).stdout)
    detail = as_json(store, "show", trafficker["entity"])
    assert trafficker["name"] in shown and trafficker["entity"] in shown and f"b. {trafficker['dob']}" in shown
    assert detail["records"] and all(key in shown for key in detail["records"])  # every source record, as AGENCY:NO


@pytest.mark.parametrize("form", ["formatted phone", "e164 phone", "plate", "record key", "record key with slash", "entity id"])
def test_show_and_network_accept_every_way_of_naming(store: Path, trafficker: dict[str, Any], form: str) -> None:
    ring = trafficker["ring"]
    phone, plate = ring["phones"][0], ring["vehicles"][0]
    text, want = {
        "formatted phone": (_formatted(phone), f"phone:{phone}"),
        "e164 phone": (phone, f"phone:{phone}"),
        "plate": (plate.lower().replace(" ", ""), f"vehicle:{plate.replace(' ', '')}"),
        "record key": (None, None),
        "record key with slash": (None, None),
        "entity id": (trafficker["entity"], trafficker["entity"]),
    }[form]
    if form.startswith("record key"):
        key = as_json(store, "show", trafficker["entity"])["records"][0]
        text, want = (key if form == "record key" else key.replace(":", "/", 1)), f"record:{key}"
        record = as_json(store, "show", text)
        assert record["key"] == key  # show reads a record key as the record, in either form
        assert key in flat(cli(store, "show", text).stdout)
    assert text is not None and want is not None
    network = as_json(store, "network", text)
    assert network["centre"] == want
    assert network == as_json(store, "network", want)  # the same answer as for the id
    drawn = flat(cli(store, "network", text).stdout)
    others = [e for e in network["entities"] if e["id"] != want and e["kind"] == "person"]
    assert all(e["caption"] in drawn for e in others)


def test_an_ambiguous_name_lists_the_candidates_and_fails(store: Path, namesakes: tuple[str, list[dict[str, Any]]]) -> None:
    name, hits = namesakes
    for args in (["show", name], ["network", name], ["path", name, name], ["watch", "add", name]):
        refused = cli(store, *args, ok=False)
        assert refused.exit_code == 1 and refused.stdout == ""
        err = flat(refused.stderr)
        assert f"'{name}' stands for {len(hits)} entities" in err, err
        for h in hits:
            dobs = h["entity"]["properties"].get("dobs") or []
            assert h["entity"]["id"] in err and all(d in err for d in dobs)
            assert all(a in err for a in h["entity"]["labels"]["agencies"])
        last = json.loads((store / "audit.log").read_text(encoding="utf-8").splitlines()[-1])
        assert last["channel"] == "cli" and last["outcome"] == "error"  # the candidates shown are recorded as returned
        assert set(last["entities"]) == {h["entity"]["id"] for h in hits}


@pytest.mark.parametrize(("args", "needle"), [
    (["show", "Zyxwvut Qqqqq"], "nothing found for 'Zyxwvut Qqqqq'"),
    (["network", "(999) 000-0000"], "nothing found"),
    (["show", "OPP:NOPE-00"], "no record OPP:NOPE-00"),
    (["network", "OPP/NOPE-00"], "no record OPP:NOPE-00"),
    (["path", "person:nobody", "phone:+19055550111"], "no entity 'person:nobody'"),
    (["show", ""], "give an entity id"),
    (["search", "  "], "give something to search for"),
])
def test_nothing_found_is_a_clear_error(store: Path, args: list[str], needle: str) -> None:
    done = cli(store, *args, ok=False)
    assert done.exit_code == 1 and needle in flat(done.stderr), done.stderr


def test_a_record_lists_its_subjects_by_name_role_and_dob(store: Path, truth: dict[str, Any]) -> None:
    key = next(r["key"] for r in truth["records"] if r["key"] not in truth["purged"] and len(r["subjects"]) >= 2
               and all(truth["persons"][p]["dob"] for p in r["subjects"].values()))
    answer = as_json(store, "show", key)
    shown = flat(cli(store, "show", key.replace(":", "/", 1)).stdout)
    assert shown.startswith(key)
    subjects = answer["record"]["subjects"]
    assert len(subjects) >= 2
    for s in subjects:
        row = re.search(rf"{re.escape(s['subject_id'])} (.*?) {re.escape(s['role'])} ", shown)
        assert row is not None and s["given"] in row.group(1) and s["surname"] in row.group(1), (s, shown[:500])
        if s.get("dob"):
            assert f"{s['role']} {s['dob']}" in shown
        assert answer["subjects"][s["subject_id"]] in shown  # the person entity beside the name


def test_search_tells_namesakes_apart(store: Path, namesakes: tuple[str, list[dict[str, Any]]]) -> None:
    name, hits = namesakes
    shown = flat(cli(store, "search", name).stdout)
    for h in hits:
        facts = "; ".join(filter(None, ["b. " + ", ".join(h["entity"]["properties"]["dobs"][:3]) if h["entity"]["properties"].get("dobs")
                                        else "", ", ".join(h["entity"]["properties"].get("roles", [])[:4]).lower(),
                                        ", ".join(h["entity"]["labels"]["agencies"])]))
        assert f"{name} {facts} {h['entity']['id']}" in shown, (facts, shown)


@pytest.mark.parametrize(("args", "needle"), [
    (["search", "Zzyzxqwv Quillonbrae"], "nothing found for 'Zzyzxqwv Quillonbrae' that you may see"),
    (["search", "Zzyzxqwv", "--kinds", "phone"], "nothing found for 'Zzyzxqwv' among phone that you may see"),
])
def test_a_search_that_finds_nothing_says_so(store: Path, args: list[str], needle: str) -> None:
    done = cli(store, *args)
    assert needle in flat(done.stdout) and "hits)" not in done.stdout, done.stdout


def test_network_draws_every_hop_with_names(store: Path, trafficker: dict[str, Any]) -> None:
    answer = as_json(store, "network", trafficker["entity"], "--depth", "2")
    drawn = cli(store, "network", trafficker["name"], "--depth", "2").stdout
    assert f"{len(answer['entities'])} entities, {len(answer['links'])} links within 2 hops" in drawn
    assert all(e["id"] in drawn for e in answer["entities"] if e["kind"] != "record")
    records = [e["id"].removeprefix("record:") for e in answer["entities"] if e["kind"] == "record"]
    assert records and all(k in drawn for k in records)
    assert not re.search(r"record [A-Z]+ [A-Z]+-\d", drawn)  # never the "OPP OPP-25-..." caption form
    depths = {len(m.group(1)) for m in re.finditer(r"^([│ ]*)[├└]── ", drawn, re.M)}
    assert len(depths) == 2  # the second hop is drawn too, not only the first


def test_path_by_names_and_phones_shows_each_hop(store: Path, trafficker: dict[str, Any]) -> None:
    phone = trafficker["ring"]["phones"][-1]
    answer = as_json(store, "path", trafficker["entity"], f"phone:{phone}")
    assert answer["paths"]
    shown = flat(cli(store, "path", trafficker["name"], _formatted(phone)).stdout)
    assert answer == as_json(store, "path", trafficker["name"], _formatted(phone))
    for i, p in enumerate(answer["paths"], 1):
        assert f"path {i} ({p['length']} links)" in shown
        for hop in p["hops"]:
            assert hop["link"]["kind"] in shown and all(r in shown for r in hop["records"])
    assert trafficker["name"] in shown


def test_analyse_communities_names_the_persons(store: Path, trafficker: dict[str, Any]) -> None:
    answer = as_json(store, "analyse", "communities", "--around", trafficker["entity"])
    shown = flat(cli(store, "analyse", "communities", "--around", trafficker["name"]).stdout)
    assert answer["communities"] and f"{len(answer['communities'])} communities" in shown
    assert f"{trafficker['entity']} ({trafficker['name']})" in shown  # the scope names its seed
    detail = {e["id"]: e["caption"] for e in as_json(store, "network", trafficker["entity"], "--depth", "2")["entities"]}
    for c in answer["communities"]:
        assert f"{c['id']} {c['size']} {len(c['persons'])} {detail[c['persons'][0]]}" in shown
    assert "person:" not in shown.split("communities", 1)[1]  # names, not ids


def test_analyse_key_players_ranks_named_people(store: Path) -> None:
    answer = as_json(store, "analyse", "key-players", "--top", "5")
    shown = flat(cli(store, "analyse", "key-players", "--top", "5").stdout)
    for i, p in enumerate(answer["players"], 1):
        assert re.search(rf"\b{i} person {re.escape(p['caption'])} .*?{re.escape(p['entity'])} {p['score']:.3f} ", shown)


def test_analyse_connect_lists_entities_and_links_by_name(store: Path, trafficker: dict[str, Any], truth: dict[str, Any]) -> None:
    other = trafficker["ring"]["victims"][0]
    victim = truth["persons"][other]
    vhits = exact_hits(store, f"{victim['given']} {victim['surname']}")
    assert vhits
    answer = as_json(store, "analyse", "connect", trafficker["entity"], vhits[0]["entity"]["id"])
    shown = flat(cli(store, "analyse", "connect", trafficker["name"], vhits[0]["entity"]["id"]).stdout)
    assert f"connecting network: {len(answer['entities'])} entities" in shown and f"{len(answer['links'])} links" in shown
    for e in answer["entities"]:
        assert (e["id"].removeprefix("record:") if e["kind"] == "record" else e["caption"]) in shown
    assert answer["links"]


def test_analyse_timed_path_prints_every_path_and_hop(store: Path, trafficker: dict[str, Any]) -> None:
    phone = f"phone:{trafficker['ring']['phones'][-1]}"
    answer = as_json(store, "analyse", "timed-path", trafficker["entity"], phone)
    assert len(answer["paths"]) >= 2
    shown = flat(cli(store, "analyse", "timed-path", trafficker["name"], _formatted(phone.removeprefix("phone:"))).stdout)
    for i, p in enumerate(answer["paths"], 1):
        assert f"time-ordered path {i} ({len(p['hops'])} links, {p['hops'][0]['when']} to {p['hops'][-1]['when']})" in shown
        for hop in p["hops"]:
            assert f"{hop['when']} " in shown and all(r in shown for r in hop["records"])
    assert shown.count(trafficker["name"]) >= len(answer["paths"])


def test_analyse_timeline_lists_records_by_date(store: Path, trafficker: dict[str, Any]) -> None:
    answer = as_json(store, "analyse", "timeline", trafficker["entity"])
    shown = flat(cli(store, "analyse", "timeline", trafficker["name"]).stdout)
    assert answer["entries"] and f"timeline: {len(answer['entries'])} records" in shown and trafficker["name"] in shown
    for e in answer["entries"]:
        assert f"{e['when'] or '?'} {e['record']} {e['type'] or ''}" in shown


def test_analyse_associates_names_each_associate(store: Path, trafficker: dict[str, Any], truth: dict[str, Any]) -> None:
    other = next(h[0]["entity"]["id"] for h in (exact_hits(store, f"{p['given']} {p['surname']}")
                                                for p in (truth["persons"][m] for m in trafficker["ring"]["members"][1:])) if len(h) == 1)
    answer = as_json(store, "analyse", "associates", trafficker["entity"], other)
    assert answer["associates"]
    shown = flat(cli(store, "analyse", "associates", trafficker["name"], other).stdout)
    assert f"{len(answer['associates'])} common associates" in shown
    for a in answer["associates"]:
        assert f"{a['entity']['caption']} " in shown and f"{a['hops_from_a']} {a['hops_from_b']} {a['entity']['id']}" in shown
    assert not re.search(r"^\s*2\s*│\s*2\s*$", shown, re.M)  # no bare "2 | 2" rows


def test_analyse_leads_names_each_lead_and_why(store: Path) -> None:
    answer = as_json(store, "analyse", "leads", "--top", "5")
    shown = flat(cli(store, "analyse", "leads", "--top", "5").stdout)
    assert f"{len(answer['leads'])} leads" in shown and f"known network: {len(answer['network'])} persons" in shown
    for i, lead in enumerate(answer["leads"], 1):
        top = max(lead["why"], key=lambda c: abs(c["contribution"]))
        assert re.search(rf"\b{i} person {re.escape(lead['caption'])} .*?{re.escape(lead['entity'])} {lead['score']:.3f} "
                         rf"{re.escape(top['feature'])}=", shown)


def test_watch_add_by_name_and_list_shows_what_is_watched(store: Path, trafficker: dict[str, Any]) -> None:
    plate = trafficker["ring"]["vehicles"][0]
    added = as_json(store, "watch", "add", trafficker["name"], plate, "--hops", "2", "--type", "MISSING_PERSON", "--reason", "ring lead")
    assert added["entities"] == [trafficker["entity"], f"vehicle:{plate.replace(' ', '')}"]
    shown = flat(cli(store, "watch", "list").stdout)
    row = re.search(rf"{added['id']} (.*) 2 MISSING_PERSON ring lead {re.escape(added['created_at'])}", shown)
    assert row is not None, shown
    assert trafficker["name"] in row.group(1) and trafficker["entity"] in row.group(1)
    assert f"vehicle {plate} " in shown.split(added["created_at"], 1)[1]  # the second watched entity, on the row's next line
    listed = as_json(store, "watch", "list")
    assert added in listed["watches"]
    phone = trafficker["ring"]["phones"][0]
    drawn = flat(cli(store, "watch", "add", _formatted(phone), "--reason", "ring phone").stdout)
    assert drawn.startswith(" 1 watch watch watching hops record types reason since ")
    assert re.search(rf" w-\w+ phone \+{phone[1:]} .*phone:\{phone} 1 any ring phone ", drawn), drawn


def test_alerts_name_the_record_and_what_it_touches(store: Path, trafficker: dict[str, Any], tmp_path: Path) -> None:
    """A hand-written record naming a watched person's phone raises an alert; the table names who it touches."""
    phone = trafficker["ring"]["phones"][1]
    cli(store, "watch", "add", trafficker["name"], "--hops", "2", "--reason", "trafficker")
    export = tmp_path / "mcm_OPP_cli_alert.jsonl"
    export.write_text(json.dumps({
        "export_version": "2.3", "agency": "OPP", "case_no": "OPP-26-951234", "revision": 1, "case_type": "MISSING_PERSON",
        "status": "OPEN", "opened": "2026-11-22T08:00:00-05:00", "caveats": [],
        "subjects": [{"subject_id": "S1", "role": "MISSING", "surname": "Oskineegish", "given": "Maya", "dob": "2008-03-09", "sex": "F",
                      "phones": [], "addresses": []}],
        "vehicles": [], "locations": [], "narrative": f"Maya was last heard from calling {phone} from a motel in Kenora."}) + "\n",
        encoding="utf-8")
    cli(store, "ingest", str(export), "--json")
    raised = [json.loads(line) for line in cli(store, "alerts", "--json").stdout.splitlines()]
    mine = [a for a in raised if a["record_key"] == "OPP:OPP-26-951234" and a["entity"] == trafficker["entity"]]
    assert mine
    shown = flat(cli(store, "alerts").stdout)
    assert f"#{mine[0]['seq']} " in shown
    line = shown.split(f"#{mine[0]['seq']} ", 1)[1]
    assert line.split(" path: ", 1)[0].endswith(f"({mine[0]['hops']} hops): {mine[0]['reason']}")
    # The record's missing person, with her age on the record's date (born 2008-03-09, reported 2026-11-22).
    assert f"record OPP:OPP-26-951234 (missing: Maya Oskineegish, 18) touches person {trafficker['name']} " in line
    assert f"path: OPP:OPP-26-951234, +{phone[1:]}, {trafficker['name']}" in line


def test_review_list_names_both_persons_beside_their_mentions(store: Path) -> None:
    """The review queue's table shows each pair's persons by name (with what tells them apart) beside the mentions."""
    items = as_json(store, "review", "list", "--limit", "5")["items"]
    assert items, "the dev world's build leaves pairs to review"
    shown = flat(cli(store, "review", "list", "--limit", "5").stdout)
    first = items[0]
    for side in ("a", "b"):
        caption = as_json(store, "show", first[f"person_{side}"])["entity"]["caption"]
        assert f"person {caption}" in shown and first[side] in shown


def _caselink(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "api.cli", *args], cwd=REPO, capture_output=True, text=True, timeout=300,
                          env={**os.environ, **ENV, **(env or {})})


def test_log_lines_go_to_a_file_not_into_the_bars(tmp_path: Path, dev_dir: Path) -> None:
    """The dev world has rejected items: they are summarised after the bars, and their log lines go to the
    store's log file (or to stderr with --verbose), never interleaved with the output."""
    quiet = _caselink("ingest", str(dev_dir), "--store", str(tmp_path / "a"), "--no-link")
    assert quiet.returncode == 0, quiet.stderr
    assert "item rejected" not in quiet.stderr and "level=" not in quiet.stderr
    log = tmp_path / "a" / "logs" / "caselink.log"
    lines = log.read_text(encoding="utf-8").splitlines()
    assert lines and all("event='item rejected'" in line for line in lines)
    assert f"{len(lines)} log lines written to {log}" in quiet.stderr
    summary = flat(quiet.stdout)
    assert f"rejected {len(lines)}" in summary and "Rejected items (all kept as dead letters)" in summary
    loud = _caselink("--verbose", "ingest", str(dev_dir), "--store", str(tmp_path / "b"), "--no-link")
    assert loud.returncode == 0 and loud.stderr.count("event='item rejected'") == len(lines)
    assert not (tmp_path / "b" / "logs").exists()


def test_serve_prints_where_it_listens(store: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "api.cli", "serve", "--port", str(port), "--store", str(store)], cwd=REPO,
                            env={**os.environ, **ENV}, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        deadline = time.monotonic() + 60
        line = proc.stdout.readline()
        assert time.monotonic() < deadline
        assert f"listening on http://127.0.0.1:{port}/" in line and str(store) in line
        with socket.create_connection(("127.0.0.1", port), timeout=5):
            pass  # it does listen there once it says so
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_why_accepts_a_name(store: Path, trafficker: dict[str, Any]) -> None:
    assert as_json(store, "why", trafficker["name"]) == as_json(store, "why", trafficker["entity"])
    shown = flat(cli(store, "why", trafficker["name"]).stdout)
    assert shown.startswith(f"{trafficker['name']} {trafficker['entity']}: ")
