#!/usr/bin/env bash
# Create the project's Python environment in .venv at the repository root (idempotent).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
stamp=.venv/.caselink-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e ".[dev]"
  touch "$stamp"
fi
# tools/ (the world generator and model training: `caselink demo`, `train-matcher`, `train-leads`, the
# tests and bench/) is left out of the package, so the editable install does not map it: put this
# checkout's root on the environment's path instead. A .venv linked from another checkout is that
# checkout's, and keeps its path.
if [ ! -L .venv ]; then
  site=$(.venv/bin/python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
  printf '%s\n' "$PWD" > "$site/caselink-checkout.pth"
fi
