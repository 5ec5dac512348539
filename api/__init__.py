"""Interfaces for people: the HTTP API (FastAPI) and the ``caselink`` command line."""
