"""Ingest: police services' exports in, canonical records out, nothing lost on the way."""
