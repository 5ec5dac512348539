"""Entities from narratives, in English and French: language, spaCy pipelines, patterns, normalisers.

:mod:`nlp.normalise` holds the keys shared with structured fields (E.164 phones, plates,
handles, folded names); :mod:`nlp.extract` is the entry point that turns a narrative into
:class:`~models.graph.Mention` objects. Importing this package loads no model.
"""
