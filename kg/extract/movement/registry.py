"""Factories registered in :mod:`kg.registry` for the movement extractors (``kg.<name>.v1``)."""

from __future__ import annotations

from kg.extract._frames import FrameExtractor
from kg.extract.movement.extractor import make_extractor

__all__ = [
    "make_displacement_extractor",
    "make_evacuation_extractor",
    "make_release_extractor",
    "make_withdrawal_extractor",
]


def make_withdrawal_extractor() -> FrameExtractor:
    """``kg.withdrawal.v1``: forces withdraw, leave, surrender or disarm."""
    return make_extractor("Withdrawal")


def make_evacuation_extractor() -> FrameExtractor:
    """``kg.evacuation.v1``: evacuations of civilians or fighters."""
    return make_extractor("Evacuation")


def make_release_extractor() -> FrameExtractor:
    """``kg.release.v1``: releases or exchanges of prisoners and hostages."""
    return make_extractor("Release")


def make_displacement_extractor() -> FrameExtractor:
    """``kg.displacement.v1``: people flee or are displaced."""
    return make_extractor("Displacement")
