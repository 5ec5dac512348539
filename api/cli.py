"""The ``caselink`` command line: one typer app, each package registering its own commands."""

from __future__ import annotations

import logging
import sys

import structlog
import typer

app = typer.Typer(
    name="caselink",
    help="caselink: correlate missing-person and trafficking records across police services.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _configure_logging() -> None:
    # Logs go to stderr as key=value lines so --json output on stdout stays clean.
    structlog.configure(
        processors=[structlog.processors.add_log_level, structlog.processors.TimeStamper(fmt="iso"),
                    structlog.processors.KeyValueRenderer(key_order=["timestamp", "level", "event"])],
        wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING),
        logger_factory=structlog.PrintLoggerFactory(file=sys.stderr),
    )


def _register() -> None:
    from api.cli_audit import register as register_audit
    from api.cli_data_quality import register as register_data_quality
    from api.cli_deconfliction import register as register_deconfliction
    from api.cli_disclosure import register as register_disclosure
    from api.cli_ingest import register as register_ingest
    from api.cli_leads import register as register_leads
    from api.cli_matcher import register as register_matcher
    from api.cli_queries import register as register_queries
    from api.cli_resolution import register as register_resolution
    from api.cli_users import register as register_users
    from api.demo import register as register_demo
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


_register()


def main() -> None:
    _configure_logging()
    app()


if __name__ == "__main__":
    main()
