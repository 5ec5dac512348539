"""Benchmarks, each printing ratios against a baseline measured in the same run.

Run each from the repository root as a module, ``python -m bench.NAME`` (``.venv/bin/python -m
bench.query --help``): the root is then first on the path, so the packages, ``tools`` (the world
generator) and the other bench modules import from this checkout, and no file here shadows a
package of the same name (``bench/kafka.py`` and kafka-python).
"""
