"""Reading raw-topic messages: the contract's reader against the old envelope-only reading.

For each format, on items of a generated file, in one process:
- baseline: what ``KafkaTransport`` did before native items were accepted, ``SourceItem.from_json``
  of caselink's envelope;
- ours, envelope: :func:`ingest.transport.contract.item_from_message` on the same envelopes
  (goal: the same cost, ratio >= 0.95);
- ours, native: the same items as native messages with their headers (what a police service's
  own producer sends), read by the same function.
And, for scale, the adapter on the same items (what every message costs next). Each figure is the
best of ``--repeat`` interleaved runs, in CPU time; prints messages/s, µs per message and ratios.

    python -m bench.contract [--items 20000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import contextlib
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from ingest.adapters import adapt, iter_items
from ingest.errors import RejectError
from ingest.items import SourceItem
from ingest.transport.contract import MessageRef, item_from_message
from models.vocabulary import SourceFormat
from tools.synthetic import generate_large_file

Message = tuple[bytes, list[tuple[str, bytes]]]


def _messages(path: Path) -> tuple[list[Message], list[Message], list[SourceItem]]:
    envelopes: list[Message] = []
    natives: list[Message] = []
    items = list(iter_items(path))
    for item in items:
        headers = [("format", item.format.value.encode()), ("source", item.source.encode())]
        envelopes.append((item.to_json().encode("utf-8", "surrogatepass"), headers))
        native_headers = [*headers, ("position", str(item.position).encode())]
        if item.format is SourceFormat.SFX and item.context:
            native_headers.append(("agency", item.context.encode()))
        natives.append((item.payload.encode("utf-8", "surrogatepass"), native_headers))
    return envelopes, natives, items


def _cpu(fn: Callable[[], object]) -> float:
    start = time.process_time()
    fn()
    return time.process_time() - start


def _baseline(msgs: list[Message]) -> None:
    for value, _ in msgs:
        SourceItem.from_json(value.decode("utf-8", "surrogatepass"))


def _ours(msgs: list[Message], ref: MessageRef) -> None:
    for value, headers in msgs:
        item_from_message(value, headers, ref)


def _adapter(items: list[SourceItem]) -> None:
    for item in items:
        with contextlib.suppress(RejectError):
            adapt(item)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    ref = MessageRef("caselink.raw", 0, 0)
    print(f"{'format':6} {'items':>6} | {'baseline µs':>11} {'envelope µs':>11} {'ratio':>6} | {'native µs':>9} {'ratio':>6} | {'adapter µs':>10}")
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in SourceFormat:
            path = Path(tmp) / f"{fmt.value}_BENCH.{ {'mcm': 'jsonl', 'mpr': 'csv', 'sfx': 'xml'}[fmt.value] }"
            generate_large_file(path, fmt.value, args.items, seed=7)  # type: ignore[arg-type]
            envelopes, natives, items = _messages(path)

            # The native reading gives the file's items: checked once, not timed.
            for (value, headers), item in zip(natives[:200], items[:200], strict=True):
                native = item_from_message(value, headers, ref)
                assert (native.payload, native.context, native.format) == (item.payload, item.context, item.format), item.where
            runs: dict[str, Callable[[], object]] = {
                "baseline": partial(_baseline, envelopes), "envelope": partial(_ours, envelopes, ref),
                "native": partial(_ours, natives, ref), "adapter": partial(_adapter, items),
            }
            best = dict.fromkeys(runs, float("inf"))
            for run in runs.values():  # warm-up
                run()
            for _ in range(args.repeat):
                for name, run in runs.items():
                    best[name] = min(best[name], _cpu(run))
            n = len(items)
            us = {k: v / n * 1e6 for k, v in best.items()}
            print(f"{fmt.value:6} {n:6d} | {us['baseline']:11.2f} {us['envelope']:11.2f} {best['baseline'] / best['envelope']:6.2f} | "
                  f"{us['native']:9.2f} {best['baseline'] / best['native']:6.2f} | {us['adapter']:10.1f}")


if __name__ == "__main__":
    main()
