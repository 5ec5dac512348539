"""Province scale (issue #17): how ingest, a small late commit and ingest-to-alert grow with the world.

    python -m bench.scale [--sizes 2000,5000,10000] [--stores embedded,neo4j] [--late 10] [--rounds 2]

Sizes are **records** (the records in force in the graph after the ingest; the generator is driven
by persons, about 1.42 per record, and the table prints the records actually ingested). For each
store and size:

1. a world is drawn with the project's generator (``tools.synthetic.generate_world``, the one
   ``caselink demo --persons N`` uses; cached under ``--dir``, shared by the stores);
2. it is ingested by the real command, ``caselink ingest WORLD --json``, in a child process: wall
   time, records/s and the child's own peak RSS (``os.wait4``'s rusage, so one run's peak is not
   mixed with another's);
3. a watch is put on a phone of a planted ring and the real consumer, ``caselink consume --follow``,
   is started on the same store (local transport; graph embedded or Neo4j). One warm-up record is
   published and committed (the consumer loads its models: the cold first commit, printed apart);
   then the consumer's peak-RSS mark is reset (``/proc/PID/clear_refs``) and ``--rounds`` times
   ``--late`` new records naming the watched phone are published. Measured per round: from publish
   to the consumer's checkpoint line (ledger, graph and alerts committed, offsets acknowledged:
   "commit s"), and from publish to each record's alert in ``alerts.db`` (ingest-to-alert). "commit
   MB" is the consumer's peak RSS over those rounds.

With ``--stream``, the same world also goes in the consumer's way (``caselink publish``, then
``caselink consume`` draining the topic, checkpointing every 5,000 items) on a fresh store: the
records/s one consumer sustains, and its peak RSS.

Growth, not one point: the ratios between the largest and the smallest size, the exponent b of a
least-squares fit of cost = a * records^b (b = 1: linear, 0: flat) and an affine fit (a fixed part
plus a part per 1,000 records). The issue's goals at 1,000,000 records are printed beside values
**extrapolated** with both fits: 1M is not run by default (``--sizes 1000000`` measures it, given
hours and, by the memory fit, far more memory than this machine has). The baseline of each ratio
is the same bench's smallest size, measured in the same run. Every run is saved to
``<dir>/results.json``; ``--report FILE`` prints its tables again.

Neo4j: the database at ``--uri`` is wiped before each size (use a server that holds nothing else).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, Any

from graph.alerts import AlertStore
from graph.store.neo4j import Neo4jGraphStore
from ingest.service import publish_paths
from models.layout import StoreLayout
from models.settings import Settings
from tools.synthetic import generate_world

REPO = Path(__file__).resolve().parents[1]
#: ``caselink demo --persons 20000`` drew 14,093 records: persons per record in force.
PERSONS_PER_RECORD = 20000 / 14093
GOAL_SIZE = 1_000_000
GIVEN = ("Ada", "Maya", "Lea", "Zoe", "Ines", "Nora", "Ella", "Iris", "Mila", "Ava", "Lina", "Rose")


@dataclass
class Run:
    """One store at one size."""

    store: str
    records: int
    ingest_s: float
    ingest_mb: float
    first_commit_s: float = math.nan
    commits_s: list[float] = field(default_factory=list)
    commit_mb: float = math.nan
    consumer_mb: float = math.nan
    alerts_s: list[float] = field(default_factory=list)
    entities: int = 0
    links: int = 0
    #: ``--stream``: the same world through ``caselink publish`` + ``caselink consume`` (s, peak MB).
    stream_s: float = math.nan
    stream_mb: float = math.nan

    @property
    def commit_s(self) -> float:
        """The median round (a round is ``--late`` records, publish to acknowledged)."""
        return median(self.commits_s)

    @property
    def alert_p95(self) -> float:
        return percentile(self.alerts_s, 0.95)


def median(values: Sequence[float]) -> float:
    return percentile(values, 0.5)


def percentile(values: Sequence[float], q: float) -> float:
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def late_line(case_no: str, phone: str, i: int) -> str:
    """One new OPP missing-person record (mcm, JSON lines) whose narrative names ``phone``."""
    return json.dumps({
        "export_version": "2.3", "agency": "OPP", "case_no": case_no, "revision": 1, "case_type": "MISSING_PERSON", "status": "OPEN",
        "opened": "2026-11-21T08:00:00-05:00", "caveats": [],
        "subjects": [{"subject_id": "S1", "role": "MISSING", "surname": "Latimer", "given": GIVEN[i % len(GIVEN)],
                      "dob": f"2009-{1 + i % 12:02d}-{1 + i % 27:02d}", "sex": "F", "phones": [], "addresses": []}],
        "vehicles": [], "locations": [], "narrative": f"She was last seen calling {phone} from the bus terminal."}) + "\n"


def world_for(root: Path, seed: int, records: int) -> Path:
    persons = max(50, round(records * PERSONS_PER_RECORD))
    world = root / f"world-{seed}-{persons}"
    if not (world / "truth.json").exists():
        generate_world(world, seed=seed, n_persons=persons)
    return world


class Child:
    """A ``caselink`` child process whose own peak RSS is read from ``os.wait4`` when it ends."""

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        #: stderr, line by line, with the time each line was read (the consumer's checkpoint lines).
        self.lines: list[tuple[float, str]] = []
        self.proc = subprocess.Popen([sys.executable, "-m", "api.cli", *argv], env=env, cwd=REPO, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True, bufsize=1)
        self._out: list[str] = []
        self._threads = [threading.Thread(target=self._read, args=(self.proc.stdout, False), daemon=True),
                         threading.Thread(target=self._read, args=(self.proc.stderr, True), daemon=True)]
        for t in self._threads:
            t.start()

    def _read(self, stream: IO[str] | None, timed: bool) -> None:
        for line in stream or ():
            if timed:
                self.lines.append((time.perf_counter(), line.rstrip("\n")))
            else:
                self._out.append(line)

    def wait(self) -> tuple[int, float, str]:
        """(exit status, peak RSS in MB of this child alone, its stdout)."""
        _, status, usage = os.wait4(self.proc.pid, 0)
        self.proc.returncode = os.waitstatus_to_exitcode(status)
        for t in self._threads:
            t.join(timeout=10)
        return self.proc.returncode, usage.ru_maxrss / 1024, "".join(self._out)

    def status_mb(self, field_name: str) -> float:
        """VmHWM (peak) or VmRSS (now) of the running child, from /proc."""
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith(field_name + ":"):
                return int(line.split()[1]) / 1024
        return math.nan

    def reset_peak(self) -> bool:
        """Reset the kernel's peak-RSS mark of the child (``clear_refs`` 5), so VmHWM covers what follows."""
        try:
            Path(f"/proc/{self.proc.pid}/clear_refs").write_text("5")
        except OSError:
            return False
        return True


def child_env(store: Path, graph: str, password: str) -> dict[str, str]:
    env = {**os.environ, "CASELINK_ENV": "test", "CASELINK_STORE": str(store), "CASELINK_GRAPH": graph, "CASELINK_TRANSPORT": "local",
           "CASELINK_COMMIT_SECONDS": "0.5"}
    if graph != "embedded":
        env["CASELINK_NEO4J_PASSWORD"] = password
    return env


def wipe_neo4j(uri: str, password: str) -> None:
    store = Neo4jGraphStore(uri, auth=("neo4j", password))
    try:
        store.clear()
    finally:
        store.close()


def checkpointed(child: Child, since: int, items: int, timeout: float) -> tuple[float, int]:
    """Wait until the consumer's checkpoint lines after line ``since`` acknowledge ``items`` items:
    (time of the line that completed them, index after it)."""
    deadline = time.perf_counter() + timeout
    seen, i = 0, since
    while time.perf_counter() < deadline:
        while i < len(child.lines):
            at, text = child.lines[i]
            i += 1
            if text.startswith("checkpoint: "):
                seen += int(text.split()[1])
                if seen >= items:
                    return at, i
        if child.proc.poll() is not None:
            raise SystemExit(f"the consumer ended ({child.proc.returncode}): " + "\n".join(t for _, t in child.lines[-20:]))
        time.sleep(0.01)
    raise SystemExit(f"no checkpoint of {items} items within {timeout:.0f} s")


def stream(label: str, graph: str, world: Path, args: argparse.Namespace) -> tuple[float, float]:
    """The consumer's way in: ``caselink publish WORLD``, then ``caselink consume`` draining the topic on a
    fresh store, checkpointing every ``--stream-commit-items`` items (the default of
    ``CASELINK_COMMIT_ITEMS``) and never by time. (consume seconds, its peak RSS in MB)."""
    store = args.dir / f"store-{label}-stream-{world.name}"
    shutil.rmtree(store, ignore_errors=True)
    if graph != "embedded":
        wipe_neo4j(graph, args.password)
    env = {**child_env(store, graph, args.password), "CASELINK_COMMIT_ITEMS": str(args.stream_commit_items),
           "CASELINK_COMMIT_SECONDS": "86400"}
    code, _, _ = Child(["publish", str(world), "--json"], env).wait()
    if code != 0:
        raise SystemExit(f"caselink publish failed ({code})")
    consumer = Child(["consume", "--json"], env)
    start = time.perf_counter()
    code, peak_mb, _ = consumer.wait()
    took = time.perf_counter() - start
    if code != 0:
        raise SystemExit(f"caselink consume failed ({code}): " + "\n".join(t for _, t in consumer.lines[-20:]))
    shutil.rmtree(store, ignore_errors=True)
    if graph != "embedded":
        wipe_neo4j(graph, args.password)
    return took, peak_mb


def measure(label: str, graph: str, records: int, args: argparse.Namespace) -> Run:
    world = world_for(args.dir, args.seed, records)
    store = args.dir / f"store-{label}-{world.name}"
    shutil.rmtree(store, ignore_errors=True)
    if graph != "embedded":
        wipe_neo4j(graph, args.password)
    env = child_env(store, graph, args.password)
    streamed = stream(label, graph, world, args) if args.stream else None

    ingest = Child(["ingest", str(world), "--json"], env)
    start = time.perf_counter()
    code, ingest_mb, out = ingest.wait()
    ingest_s = time.perf_counter() - start
    if code != 0:
        raise SystemExit(f"caselink ingest failed ({code}): " + "\n".join(t for _, t in ingest.lines[-20:]))
    try:
        counts = json.loads(out)
    except ValueError:
        raise SystemExit(f"caselink ingest printed no JSON summary: {out[:2000]}") from None
    graph_rows = counts["graph"]
    run = Run(label, int(graph_rows["records_written"]), ingest_s, ingest_mb, entities=int(graph_rows["entities_written"]),
              links=int(graph_rows["links_written"]))
    if streamed is not None:
        run.stream_s, run.stream_mb = streamed
    if args.rounds == 0:
        return run

    truth = json.loads((world / "truth.json").read_text(encoding="utf-8"))
    phone = truth["rings"][0]["phones"][0]
    alerts = AlertStore(StoreLayout(store).alerts_db)
    alerts.add_watch("bench", [f"phone:{phone}"], hops=1, reason="bench.scale")
    settings = Settings(store=store, env="test")  # the publisher's side: the same local spool
    late_dir = store / "late"
    late_dir.mkdir(parents=True, exist_ok=True)
    tag = uuid.uuid4().hex[:4].upper()

    def publish(round_no: int, n: int) -> tuple[float, list[str]]:
        path = late_dir / f"mcm_OPP_late_{round_no}.jsonl"
        case_nos = [f"OPP-26-{tag}{round_no:02d}{i:03d}" for i in range(n)]
        path.write_text("".join(late_line(c, phone, round_no * 100 + i) for i, c in enumerate(case_nos)), encoding="utf-8")
        at = time.perf_counter()
        publish_paths(settings, [path])
        return at, [f"OPP:{c}" for c in case_nos]

    def wait_alerts(at: float, keys: list[str]) -> list[float]:
        got: dict[str, float] = {}
        while len(got) < len(keys):
            now = time.perf_counter()
            if now - at > args.timeout:
                raise SystemExit(f"no alert for {sorted(set(keys) - set(got))[:3]} within {args.timeout:.0f} s")
            for a in alerts.alerts("bench", limit=100_000):
                if a.record_key in keys and a.record_key not in got:
                    got[a.record_key] = now - at
            time.sleep(0.02)
        return list(got.values())

    consumer = Child(["consume", "--follow"], env)
    try:
        at, keys = publish(0, 1)
        done, seen = checkpointed(consumer, 0, 1, args.timeout)
        wait_alerts(at, keys)
        run.first_commit_s = done - at
        peak_reset = consumer.reset_peak()
        for r in range(1, args.rounds + 1):
            at, keys = publish(r, args.late)
            alert_times = wait_alerts(at, keys)
            done, seen = checkpointed(consumer, seen, args.late, args.timeout)
            run.commits_s.append(done - at)
            run.alerts_s.extend(alert_times)
        run.commit_mb = consumer.status_mb("VmHWM") if peak_reset else math.nan
    finally:
        consumer.proc.terminate()
        _, run.consumer_mb, _ = consumer.wait()
        alerts.close()
    return run


def fit_power(points: Sequence[tuple[float, float]]) -> tuple[float, float] | None:
    """Least squares of log y = log a + b log x: (a, b), or None with fewer than two usable points."""
    pts = [(math.log(x), math.log(y)) for x, y in points if x > 0 and y > 0 and not math.isnan(y)]
    if len(pts) < 2 or len({x for x, _ in pts}) < 2:
        return None
    mx, my = sum(x for x, _ in pts) / len(pts), sum(y for _, y in pts) / len(pts)
    b = sum((x - mx) * (y - my) for x, y in pts) / sum((x - mx) ** 2 for x, _ in pts)
    return math.exp(my - b * mx), b


def fit_line(points: Sequence[tuple[float, float]]) -> tuple[float, float] | None:
    """Least squares of y = c + d x (memory: a fixed base plus a per-record part)."""
    pts = [(x, y) for x, y in points if not math.isnan(y)]
    if len(pts) < 2 or len({x for x, _ in pts}) < 2:
        return None
    mx, my = sum(x for x, _ in pts) / len(pts), sum(y for _, y in pts) / len(pts)
    d = sum((x - mx) * (y - my) for x, y in pts) / sum((x - mx) ** 2 for x, _ in pts)
    return my - d * mx, d


def at_size(fit: tuple[float, float] | None, size: float, *, power: bool) -> float:
    if fit is None:
        return math.nan
    return fit[0] * size ** fit[1] if power else fit[0] + fit[1] * size


def _seconds(value: float) -> str:
    return f"{value / 3600:,.1f} h" if value >= 7200 else f"{value / 60:,.1f} min" if value >= 120 else f"{value:,.1f} s"


def report(label: str, runs: list[Run], late: int) -> None:
    print(f"\n== store: {label} ==")
    print(f"{'records':>9} {'ingest s':>9} {'records/s':>9} {'ingest MB':>9} | {'1st commit s':>12} {f'{late}-rec commit s':>15} "
          f"{'commit MB':>9} {'consumer MB':>11} | {'alert p50 s':>11} {'alert p95 s':>11}")
    for r in runs:
        print(f"{r.records:>9,} {r.ingest_s:>9.1f} {r.records / r.ingest_s:>9.0f} {r.ingest_mb:>9.0f} | {r.first_commit_s:>12.2f} "
              f"{r.commit_s:>15.2f} {r.commit_mb:>9.0f} {r.consumer_mb:>11.0f} | {median(r.alerts_s):>11.2f} {r.alert_p95:>11.2f}")
    if any(r.entities for r in runs):
        print("graph per size: " + "; ".join(f"{r.records:,} records -> {r.entities:,} entities, {r.links:,} links" for r in runs))
    if any(not math.isnan(r.stream_s) for r in runs):
        print("consumer's way in (publish, then consume, checkpoints every --stream-commit-items): " + "; ".join(
            f"{r.records:,} records {r.stream_s:.1f} s = {r.records / r.stream_s:.0f} records/s, peak {r.stream_mb:.0f} MB" for r in runs))
    if len(runs) < 2:
        print("(one size: no growth to show)")
        return
    small, large = runs[0], runs[-1]
    print(f"growth {small.records:,} -> {large.records:,} records (x{large.records / small.records:.1f}):")
    series = {"ingest s": [(r.records, r.ingest_s) for r in runs], f"{late}-record commit s": [(r.records, r.commit_s) for r in runs],
              "alert p95 s": [(r.records, r.alert_p95) for r in runs]}
    power: dict[str, tuple[float, float] | None] = {}
    affine: dict[str, tuple[float, float] | None] = {}
    for name, points in series.items():
        pf, af = power[name], affine[name] = fit_power(points), fit_line(points)
        ratio = points[-1][1] / points[0][1] if points[0][1] else math.nan
        exponent = f"{pf[1]:.2f}" if pf else "n/a"
        per_k = f"{af[0]:.2f} s + {af[1] * 1000:.3f} s per 1,000 records" if af else "n/a"
        print(f"  {name:<20} x{ratio:6.2f}   power fit b = {exponent} (cost ~ records^b; 1 = linear, 0 = flat);  affine fit {per_k}")
    mem = fit_line([(r.records, max(r.ingest_mb, r.consumer_mb)) for r in runs])
    if mem:
        print(f"  peak RSS (ingest or consumer)   affine fit {mem[0]:,.0f} MB + {mem[1] * 1000:,.1f} MB per 1,000 records")
    commit = f"{late}-record commit s"
    if power[commit] is None:
        print("(no late commits measured: --rounds 0; no goals to compare)")
        return
    measured_10k = next((r.commit_s for r in runs if abs(r.records - 10_000) <= 1_500), None)
    rss_1m = at_size(mem, GOAL_SIZE, power=False)
    print(f"goals at {GOAL_SIZE:,} records, EXTRAPOLATED (not run; {small.records:,}-{large.records:,} measured), "
          "power fit / affine fit:")
    for fit_name, fits, is_power in (("power", power, True), ("affine", affine, False)):
        c1m = at_size(fits[commit], GOAL_SIZE, power=is_power)
        c10k = measured_10k if measured_10k is not None else at_size(fits[commit], 10_000, power=is_power)
        a1m = at_size(fits["alert p95 s"], GOAL_SIZE, power=is_power)
        i1m = at_size(fits["ingest s"], GOAL_SIZE, power=is_power)
        print(f"  [{fit_name}] {late}-record commit <= 2 s: {_seconds(c1m)} ({'met' if c1m <= 2 else 'NOT met'});  <= 2x its cost at 10k "
              f"({c10k:.2f} s{'' if measured_10k is not None else ', fitted'}): x{c1m / c10k:,.1f} ({'met' if c1m <= 2 * c10k else 'NOT met'});  "
              f"alert p95 <= 2 s: {_seconds(a1m)} ({'met' if a1m <= 2 else 'NOT met'});  full ingest {_seconds(i1m)}")
    print(f"  consumer peak RSS <= 4 GB: {rss_1m:,.0f} MB ({'met' if rss_1m <= 4096 else 'NOT met'}; affine fit)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="2000,5000,10000", help="records in force, comma-separated (ascending)")
    parser.add_argument("--stores", default="embedded,neo4j", help="embedded and/or neo4j")
    parser.add_argument("--late", type=int, default=10, help="records per late commit")
    parser.add_argument("--rounds", type=int, default=2, help="late commits per size (0: ingest only)")
    parser.add_argument("--stream", action="store_true", help="also time the consumer's way in (publish, then consume)")
    parser.add_argument("--stream-commit-items", type=int, default=5000, help="checkpoint every this many items when streaming")
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--dir", type=Path, default=Path("var/bench-scale"))
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds to wait for one commit or alert")
    parser.add_argument("--uri", default=os.environ.get("CASELINK_TEST_NEO4J", "bolt://127.0.0.1:7687"))
    parser.add_argument("--password", default=os.environ.get("CASELINK_NEO4J_PASSWORD", "caselink-dev"))
    parser.add_argument("--report", type=Path, default=None, help="print the tables of a saved run (results.json) and stop")
    args = parser.parse_args()
    if args.report is not None:
        saved = json.loads(args.report.read_text(encoding="utf-8"))
        for label, rows in saved["stores"].items():
            report(label, [Run(**row) for row in rows], saved["late"])
        return
    args.dir = args.dir.resolve()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    stores = [s.strip() for s in args.stores.split(",") if s.strip()]
    unknown = set(stores) - {"embedded", "neo4j"}
    if unknown:
        raise SystemExit(f"unknown store(s): {', '.join(sorted(unknown))} (embedded, neo4j)")
    print(f"bench.scale: sizes {sizes} records, stores {stores}, {args.rounds} rounds of {args.late} late records; machine load "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    started = time.perf_counter()
    results: dict[str, Any] = {"late": args.late, "rounds": args.rounds, "stores": {}}
    args.dir.mkdir(parents=True, exist_ok=True)
    for label in stores:
        graph = "embedded" if label == "embedded" else args.uri
        runs = []
        for size in sizes:
            run = measure(label, graph, size, args)
            print(f"  {label} {run.records:,} records: ingest {run.ingest_s:.1f} s, commit {run.commit_s:.2f} s "
                  f"({time.perf_counter() - started:.0f} s so far)", flush=True)
            runs.append(run)
            results["stores"][label] = [asdict(r) for r in runs]
            (args.dir / "results.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
        report(label, runs, args.late)
    if "neo4j" in stores:
        wipe_neo4j(args.uri, args.password)


if __name__ == "__main__":
    main()
