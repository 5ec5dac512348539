"""The ``caselink`` command line: one typer app, each package registering its own commands."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Annotated, TextIO, cast

import structlog
import typer

from api.cli.options import current_store
from models.database import DatabaseError
from models.layout import StoreLayout
from models.settings import Settings

app = typer.Typer(
    name="caselink",
    help="caselink: correlate missing-person and trafficking records across police services.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class LogSink:
    """Where the command's log lines go: to stderr with ``--verbose``; otherwise appended to
    ``<store>/logs/caselink.log`` (opened at the first line), so they never land inside progress bars
    or tables. What each line says is also in the command's own output (rejected items are
    summarised after the bars); the file keeps the detail."""

    def __init__(self) -> None:
        self.verbose = False
        self.lines = 0
        self.path: Path | None = None
        self._file: TextIO | None = None

    def write(self, text: str) -> int:
        if self.verbose:
            return sys.stderr.write(text)
        if self._file is None:
            self.path = StoreLayout(current_store() or Settings().store).cli_log
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self._file = self.path.open("a", encoding="utf-8")
            except OSError:
                self.verbose = True  # no place for a file: the lines are shown rather than lost
                return sys.stderr.write(text)
        self.lines += text.count("\n")
        return self._file.write(text)

    def flush(self) -> None:
        (sys.stderr if self.verbose else self._file or sys.stderr).flush()

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


LOG = LogSink()


def _configure_logging() -> None:
    # Key=value lines, never on stdout (--json stays clean) and not on stderr unless --verbose (progress bars stay clean).
    structlog.configure(
        processors=[structlog.processors.add_log_level, structlog.processors.TimeStamper(fmt="iso"),
                    structlog.processors.KeyValueRenderer(key_order=["timestamp", "level", "event"])],
        wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING),
        logger_factory=structlog.PrintLoggerFactory(file=cast(TextIO, LOG)),
    )


@app.callback()
def _options(verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show log lines on stderr (otherwise they go to "
                                                                              "<store>/logs/caselink.log).")] = False) -> None:
    LOG.verbose = LOG.verbose or verbose


def _register() -> None:
    from api.cli.audit import register as register_audit
    from api.cli.data_quality import register as register_data_quality
    from api.cli.deconfliction import register as register_deconfliction
    from api.cli.demo import register as register_demo
    from api.cli.disclosure import register as register_disclosure
    from api.cli.ingest import register as register_ingest
    from api.cli.leads import register as register_leads
    from api.cli.matcher import register as register_matcher
    from api.cli.queries import register as register_queries
    from api.cli.rebuild import register as register_rebuild
    from api.cli.resolution import register as register_resolution
    from api.cli.users import register as register_users
    from nlp.cli import register as register_nlp

    register_ingest(app)
    register_queries(app)
    register_leads(app)
    register_matcher(app)
    register_resolution(app)
    register_nlp(app)
    register_demo(app)
    register_users(app)
    register_audit(app)
    register_disclosure(app)
    register_data_quality(app)
    register_deconfliction(app)
    register_rebuild(app)


_register()


def main() -> None:
    _configure_logging()
    try:
        app()
    except DatabaseError as exc:  # CASELINK_STATE names a server that cannot be reached: said plainly
        sys.stderr.write(f"caselink: {exc}\n")
        raise SystemExit(2) from None
    finally:
        LOG.close()
        if LOG.lines and LOG.path is not None:
            sys.stderr.write(f"{LOG.lines} log lines written to {LOG.path} (--verbose shows them)\n")


if __name__ == "__main__":
    main()
