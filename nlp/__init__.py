"""Entities from narratives, in English and French: language, spaCy pipelines, patterns.

The keys shared with structured fields (E.164 phones, plates, handles, folded names) are the
kernel's, in :mod:`models.normalise`; :mod:`nlp.extract` is the entry point that turns a narrative into
:class:`~models.graph.Mention` objects. Importing this package loads no model.
"""
