"""Factory registered in :mod:`kg.registry` as ``kg.casualties.v1``."""

from __future__ import annotations

from kg.extract.casualties.extractor import CasualtyExtractor
from kg.resources import load_json

__all__ = ["make_casualty_extractor"]


def make_casualty_extractor() -> CasualtyExtractor:
    """``kg.casualties.v1``: killed and injured tolls.

    >>> make_casualty_extractor().name
    'kg.casualties.v1'
    """
    load_json("lexicons", "casualties.v1.json")  # fail early on a missing or broken lexicon
    return CasualtyExtractor()
