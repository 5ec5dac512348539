"""Synthetic multi-agency worlds: the six exports plus exact ground truth, drawn from a seed.

Public API:

- :func:`generate_world` writes ``mcm_OPP.jsonl``, ``mcm_TBPS.jsonl``, ``mpr_TPS.csv``,
  ``mpr_PRP.csv``, ``mpr_NAPS.csv``, ``sfx_SPGS.xml`` and ``truth.json`` (same schema as the
  dev world's) and returns the truth;
- :func:`generate_large_file` streams one big single-format export for benchmarks;
- :func:`world_stats` summarises a world directory (ours or the dev one) for comparison.

Everything is fictional: names come from generic pools, phones are ``NPA-555-01XX``.
"""

from tools.synthetic.delivery import Rates
from tools.synthetic.large import generate_large_file
from tools.synthetic.stats import WorldStats, world_stats
from tools.synthetic.world import generate_world

__all__ = ["Rates", "WorldStats", "generate_large_file", "generate_world", "world_stats"]
