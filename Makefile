# caselink: the two commands of the README, and a few helpers.
.PHONY: setup demo test lint typecheck bench bench-services services-start services-stop services-status

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
	.venv/bin/python -m bench.ingest_parse
	.venv/bin/python -m bench.extraction

## Benchmarks on the real engines (start them first: deploy/local/services.sh start all).
bench-services: setup
	.venv/bin/python -m bench.neo4j_write
	.venv/bin/python -m bench.kafka

## The real engines for the integration tests: Kafka (KRaft) and Neo4j (Bolt), from Maven Central, under var/.
services-start:
	deploy/local/services.sh start all

services-stop:
	deploy/local/services.sh stop all

services-status:
	deploy/local/services.sh status all
