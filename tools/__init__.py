"""What only a source checkout carries: the world generator (:mod:`tools.synthetic`) and the training
of the shipped models (:mod:`tools.training`).

Neither is needed to run caselink, so both stay out of the wheel (pyproject's package list names
only models, ingest, nlp, graph and api). They may import those packages; those packages never
import them at module level (tests/test_layers.py): the CLI commands that need them (``demo``,
``train-matcher``, ``train-leads``) import them inside the command and say so in one line when an
installed wheel has no generator (:mod:`api.checkout`). In a checkout, ``scripts/setup.sh`` puts
the repository root on the virtualenv's path so that ``import tools`` works from any directory.
"""
