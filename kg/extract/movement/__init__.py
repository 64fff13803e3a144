"""Movement events: withdrawals, evacuations, releases of prisoners, displacement of people.

The triggers and frames are data (``kg/data/lexicons/movement.v1.json``); the reading
itself is the shared frame engine (:mod:`kg.extract._frames`).
"""

from __future__ import annotations

from kg.extract.movement.extractor import CLASSES, FAMILY, MovementExtractor, make_extractor

__all__ = ["CLASSES", "FAMILY", "MovementExtractor", "make_extractor"]
