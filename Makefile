# caselink: the two commands of the README, and a few helpers.
.PHONY: setup demo test lint typecheck bench services-start services-stop

setup:
	./scripts/setup.sh

## The main job on the embedded default (no servers): generate a world, ingest it, show it.
demo: setup
	.venv/bin/caselink demo

## Every test.
test: setup
	./scripts/test.sh

lint: setup
	.venv/bin/ruff check .

typecheck: setup
	.venv/bin/mypy

bench: setup
	.venv/bin/python bench/ingest_parse.py
