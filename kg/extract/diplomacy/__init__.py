"""Diplomacy events: proposals, rejections, vetoes, adopted resolutions, talks, agreements,
truces and accusations.

The triggers and frames are data (``kg/data/lexicons/diplomacy.v1.json``); the reading
itself is the shared frame engine (:mod:`kg.extract._frames`).
"""

from __future__ import annotations

from kg.extract.diplomacy.extractor import CLASSES, FAMILY, DiplomacyExtractor, make_extractor

__all__ = ["CLASSES", "FAMILY", "DiplomacyExtractor", "make_extractor"]
