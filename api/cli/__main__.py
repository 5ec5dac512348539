"""``python -m api.cli``: the ``caselink`` command line (tests and the bench start it this way)."""

from api.cli import main

main()
