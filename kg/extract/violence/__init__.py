"""Violence events: attacks (air strikes, shelling, bombings), clashes, offensives, captures of places.

The triggers and frames are data (``kg/data/lexicons/violence.v1.json``); the reading
itself is the shared frame engine (:mod:`kg.extract._frames`).
"""

from __future__ import annotations

from kg.extract.violence.extractor import CLASSES, FAMILY, ViolenceExtractor, make_extractor

__all__ = ["CLASSES", "FAMILY", "ViolenceExtractor", "make_extractor"]
