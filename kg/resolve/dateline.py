"""The dateline place and the publishing agency of a dispatch.

Wire copy opens with the place it was filed from: ``"Alep (Syrie) (AFP) –"``,
``"Beyrouth - "``, ``"Aden — "``, ``"EREVAN (Reuters) -"``, ``"Beyrouth, Liban | AFP |"``.
The publisher is given by the reader (``Dispatch.publisher``) or by the same marks
in the text (``"(AFP)"``, ``"© AFP"``, ``"afp/sbad"``, ``"Avec AFP"``).

>>> find_dateline("Alep (Syrie) (AFP) – Les combats ont repris jeudi")
(0, 4)
>>> find_dateline("Aden — Seize personnes ont été tuées")
(0, 4)
>>> find_dateline("Les combats ont repris jeudi") is None
True
"""

from __future__ import annotations

import re

__all__ = ["AGENCY_MARKS", "find_dateline", "find_publisher"]

_WORD = r"[A-ZÀ-Ý][\w'’.\-]*"
_PLACE = rf"{_WORD}(?:[ \-]{_WORD}){{0,3}}"
_AGENCY = r"(?:AFP|Reuters|AP|ATS|Belga|DPA)"
# "Alep (Syrie) (AFP) –" / "EREVAN (Reuters) -" anywhere in the first lines
_MARKED = re.compile(rf"(?P<place>{_PLACE})\s*(?:\([^()]{{2,40}}\)\s*)?\({_AGENCY}\)")
# "Beyrouth - " / "Aden — " / "Beyrouth, Liban | AFP |" at the very start
_LEADING = re.compile(rf"^\s*(?P<place>{_PLACE})\s*(?:,\s*{_WORD}\s*)?(?:[-–—|:]|\|\s*{_AGENCY})\s")

#: Marks that name the agency that filed a dispatch.
AGENCY_MARKS = (
    re.compile(r"\((?P<agency>AFP|Reuters)\)"),
    re.compile(r"©\s*(?P<agency>AFP|Reuters)"),
    re.compile(r"\|\s*(?P<agency>AFP|Reuters)\s*\|"),
    re.compile(r"\b(?P<agency>afp|AFP)/[a-z]{2,}\b"),
    re.compile(r"\bAvec (?P<agency>AFP|Reuters)\b"),
    re.compile(r"\(Reportage (?P<agency>Reuters)"),
    re.compile(r"^(?P<agency>AFP|Reuters)\b"),
)
_HEAD = 300


def find_dateline(body: str) -> tuple[int, int] | None:
    """Character span of the dateline place words at the start of a body, if any.

    The span is a candidate only: the caller checks it names a known place.
    """
    head = body[:_HEAD]
    m = _LEADING.match(head)
    if m:
        return m.start("place"), m.end("place")
    m = _MARKED.search(head)
    if m:
        return m.start("place"), m.end("place")
    return None


def find_publisher(body: str, publisher: str | None = None) -> str | None:
    """The agency's name as written (``"AFP"``, ``"Reuters"``), from the reader's field or the text."""
    if publisher:
        m = re.search(
            r"\b(AFP|Reuters|Agence France-Presse|Agence France Presse|Associated Press)\b", publisher
        )
        return m.group(1) if m else publisher.strip() or None
    for zone in (body[:_HEAD], body[-_HEAD:]):
        for pat in AGENCY_MARKS:
            m = pat.search(zone)
            if m:
                return m.group("agency").upper() if m.group("agency").lower() == "afp" else m.group("agency")
    return None
