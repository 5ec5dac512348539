"""Entity resolution: which mentions are the same person, phone, vehicle or place.

Persons go through one pipeline (:mod:`.pipeline`): blocking (:mod:`.blocking`) → comparison
features of a profile (:mod:`.features` for police person mentions, :mod:`.febrl` for the public
benchmark) → a calibrated classifier shipped as a versioned artefact (:mod:`.matcher`) →
average-link clustering (:mod:`.cluster`). :mod:`.learned` is the graph builder's resolver,
:mod:`.persons` the deterministic one kept as the ``rules`` alternative, :mod:`.why` explains a
pair, :mod:`.training` trains and measures on worlds with ground truth and on records written by
an error model that is not the generator's (:mod:`.errors`); :mod:`.names` holds the given-name
families and surname parts the person profile compares with.
"""
