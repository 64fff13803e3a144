"""Casualty figures: killed and injured tolls, their source and their cause (``cev:Casualties``)."""

from __future__ import annotations

from kg.extract.casualties.extractor import (
    NAME,
    CasualtyExtractor,
    NumberExpr,
    find_numbers,
    parse_number_words,
)

__all__ = ["NAME", "CasualtyExtractor", "NumberExpr", "find_numbers", "parse_number_words"]
