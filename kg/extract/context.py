"""The per-document context extractors read entities, evidence and times from.

It joins the spaCy ``Doc`` with the resolver's entity mentions (by character
offsets) and the time expressions, so an extractor asks ``ctx.entity_at(token)``
instead of knowing how entities were found.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence
from functools import cached_property
from typing import TYPE_CHECKING

from kg.types import Dispatch, Entity, EntityMention, Evidence, TimeExpr

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token


class ExtractionContext:
    """Concrete :class:`kg.types.DocContext` for one parsed dispatch."""

    def __init__(
        self,
        *,
        dispatch: Dispatch,
        doc: Doc,
        entities: Mapping[str, Entity],
        mentions: Sequence[EntityMention],
    ) -> None:
        self.dispatch = dispatch
        self.doc = doc
        self.entities = dict(entities)
        self.mentions = sorted(mentions, key=lambda m: (m.start, -m.end))
        self._starts = [m.start for m in self.mentions]

    def entity(self, key: str) -> Entity:
        return self.entities[key]

    def mention_at(self, token: Token) -> EntityMention | None:
        """The innermost mention covering the token, if any."""
        pos = token.idx
        i = bisect.bisect_right(self._starts, pos)
        best: EntityMention | None = None
        for m in reversed(self.mentions[max(0, i - 8) : i]):
            if m.start <= pos < m.end and (best is None or m.end - m.start < best.end - best.start):
                best = m
        return best

    def entity_at(self, token: Token) -> Entity | None:
        m = self.mention_at(token)
        return self.entities.get(m.entity_key) if m else None

    def actor_at(self, token: Token) -> Entity | None:
        e = self.entity_at(token)
        if e is None:
            return None
        if e.metonym_of and e.metonym_of in self.entities:
            return self.entities[e.metonym_of]
        return e if e.is_actor else None

    def place_at(self, token: Token) -> Entity | None:
        e = self.entity_at(token)
        return e if e is not None and e.is_place else None

    def mentions_in(self, start: int, end: int) -> list[EntityMention]:
        """Mentions wholly inside ``[start, end)``, in text order."""
        i = bisect.bisect_left(self._starts, start)
        return [m for m in self.mentions[i:] if m.start < end and m.end <= end]

    def entities_in(self, span: Span) -> list[Entity]:
        seen: dict[str, Entity] = {}
        for m in self.mentions_in(span.start_char, span.end_char):
            if m.entity_key not in seen and m.entity_key in self.entities:
                seen[m.entity_key] = self.entities[m.entity_key]
        return list(seen.values())

    def evidence(self, span: Span) -> Evidence:
        body = self.dispatch.body
        start, end = span.start_char, span.end_char
        # Trim white space so the evidence is exactly a stretch of the body.
        while start < end and body[start].isspace():
            start += 1
        while end > start and body[end - 1].isspace():
            end -= 1
        return Evidence(text=body[start:end], start=start, end=end)

    @cached_property
    def _times(self) -> list[TimeExpr]:
        from kg.extract.dates import find_times

        return find_times(self.doc, self.dispatch.date)

    def times_in(self, span: Span) -> list[TimeExpr]:
        return [t for t in self._times if span.start_char <= t.start and t.end <= span.end_char]
