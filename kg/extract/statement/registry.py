"""Factory registered in :mod:`kg.registry` as ``kg.statement.v1``."""

from __future__ import annotations

from kg.extract.statement.extractor import StatementExtractor
from kg.resources import load_json

__all__ = ["make_statement_extractor"]


def make_statement_extractor() -> StatementExtractor:
    """``kg.statement.v1``: public statements attributed to a named speaker.

    >>> make_statement_extractor().event_classes
    ('Statement',)
    """
    load_json("lexicons", "statement.v1.json")  # fail early on a missing or broken lexicon
    return StatementExtractor()
