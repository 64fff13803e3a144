"""The violence family extractor: the frame analysis, restricted to this family's classes."""

from __future__ import annotations

from kg.extract._frames import FrameExtractor, family_extractor

__all__ = ["CLASSES", "FAMILY", "ViolenceExtractor", "make_extractor"]

FAMILY = "violence"
#: The event classes this family reads.
CLASSES: tuple[str, ...] = (
    "Attack",
    "AirStrike",
    "Shelling",
    "Bombing",
    "Clash",
    "Offensive",
    "Capture",
)

#: An extractor of this family (same object type as every family's; kept as a name for readers).
ViolenceExtractor = FrameExtractor


def make_extractor(*classes: str) -> FrameExtractor:
    """An extractor for some classes of this family, under the name registered for them.

    Args:
        classes: class names of this family; the first one names the extractor
            (``"AirStrike"`` belongs to ``kg.attack.v1``).

    Raises:
        ExtractionError: a class is not one of this family's.

    >>> make_extractor(*CLASSES[:1]).event_classes == CLASSES[:1]
    True
    """
    return family_extractor(FAMILY, CLASSES, classes)
