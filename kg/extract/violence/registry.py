"""Factories registered in :mod:`kg.registry` for the violence extractors (``kg.<name>.v1``)."""

from __future__ import annotations

from kg.extract._frames import FrameExtractor
from kg.extract.violence.extractor import make_extractor

__all__ = [
    "make_attack_extractor",
    "make_capture_extractor",
    "make_clash_extractor",
    "make_offensive_extractor",
]


def make_attack_extractor() -> FrameExtractor:
    """``kg.attack.v1``: armed attacks and their kinds (air strike, shelling, bombing)."""
    return make_extractor("Attack", "AirStrike", "Shelling", "Bombing")


def make_clash_extractor() -> FrameExtractor:
    """``kg.clash.v1``: fighting between armed parties."""
    return make_extractor("Clash")


def make_offensive_extractor() -> FrameExtractor:
    """``kg.offensive.v1``: offensives launched or under way."""
    return make_extractor("Offensive")


def make_capture_extractor() -> FrameExtractor:
    """``kg.capture.v1``: a party takes or retakes a place."""
    return make_extractor("Capture")
