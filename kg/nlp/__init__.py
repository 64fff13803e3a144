"""The spaCy side of depeche: the French pipeline with the knowledge-base entity ruler and the
repairs of frequent parser errors (:mod:`kg.nlp.repairs`)."""

from __future__ import annotations

from kg.nlp.pipeline import load_nlp, normalise_for_nlp

__all__ = ["load_nlp", "normalise_for_nlp"]
