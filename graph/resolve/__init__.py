"""Entity resolution: which mentions are the same person, phone, vehicle or place.

Persons go through one pipeline (:mod:`.pipeline`): blocking (:mod:`.blocking`) → scoring →
average-link clustering (:mod:`.cluster`), investigators' decisions first. Two scorers run over it:
the learned one (:mod:`.learned`, the graph builder's default: comparison features of a profile,
:mod:`.features` for police person mentions and :mod:`.febrl` for the public benchmark, into a
calibrated classifier shipped as a versioned artefact, :mod:`.matcher`) and the deterministic rules
(:mod:`.persons`, the ``rules`` alternative). :mod:`.types` holds what both share (mentions, scores,
the outcome of a build). :mod:`.why` explains a pair, :mod:`.training` trains and measures on worlds
with ground truth and on records written by an error model that is not the generator's
(:mod:`.errors`); :mod:`.names` holds the given-name families and surname parts the person profile
compares with.
"""
