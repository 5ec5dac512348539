"""Training the models caselink ships (package data under graph/), on worlds drawn by
:mod:`tools.synthetic` with fixed seeds: :mod:`.matcher` the person matcher (with the independent
error model of :mod:`.errors`), :mod:`.leads` the leads model."""
