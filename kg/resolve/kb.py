"""The packaged knowledge base: countries, places, organisations, armed groups, collectives, people.

Rows come from ``kg/data/kb/entities.jsonl`` (built by ``tools/build_kb.py`` from the
verified Wikidata tables and hand-made sources). Every QID in it comes from the shared
Wikidata tables; entities added by hand have ``qid=None`` and a key
``"<Kind>:<folded label>"``.

>>> kb = KnowledgeBase.load()
>>> kb.get("Q159").label
'Russia'
>>> [e.key for e in kb.lookup("Moscou")]
['Q649']
>>> kb.get("Q649").metonym_of
'Q159'
>>> kb.lookup("américaines")[0].label
'United States'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from kg.errors import ResolutionError
from kg.resolve.normalize import fold
from kg.types import Entity

__all__ = ["KIND_RANK", "KnowledgeBase", "RulerPattern"]

#: When one surface names several entities, the lowest rank wins (then the largest population).
KIND_RANK = {
    "State": 0,
    "IntergovernmentalOrganization": 1,
    "ArmedGroup": 2,
    "Organization": 3,
    "ArmedForces": 4,
    "Person": 5,
    "Group": 6,
    "Country": 7,
    "Region": 8,
    "City": 9,
    "District": 10,
}
_ENTITY_FIELDS = ("lat", "long", "located_in", "represents", "member_of", "geonames", "metonym_of")


@dataclass(frozen=True)
class RulerPattern:
    """One phrase for the entity ruler: ``text`` names the entity ``key`` of class ``label``.

    ``lower`` is true for common-noun forms (demonyms, collectives), matched
    whatever their capitalisation; proper names are matched exactly.
    """

    text: str
    key: str
    label: str
    lower: bool


class KnowledgeBase:
    """Entities by key, by every surface form (folded) that names them, and who held which office.

    Args:
        rows: knowledge-base rows as stored in ``entities.jsonl``.
        offices: office terms as stored in ``offices.json`` (see :meth:`holder`).

    Raises:
        ResolutionError: a malformed row, a duplicate key, or an office naming an unknown key.
    """

    def __init__(self, rows: Iterable[Mapping[str, Any]], *,
                 offices: Iterable[Mapping[str, Any]] = ()) -> None:
        self._entities: dict[str, Entity] = {}
        self._rows: dict[str, Mapping[str, Any]] = {}
        self._index: dict[str, list[str]] = {}
        self._forces_of: dict[str, str] = {}
        self._state_of_forces: dict[str, str] = {}
        self._prefix: dict[str, str] = {}
        for row in rows:
            try:
                ent = Entity(
                    key=row["key"],
                    kind=row["kind"],
                    label=row["label"],
                    label_lang=row.get("label_lang", "en"),
                    qid=row.get("qid"),
                    aliases=tuple(row.get("aliases", ())),
                    extra_kinds=tuple(row.get("extra_kinds", ())),
                    **{f: row.get(f) for f in _ENTITY_FIELDS},
                )
            except (KeyError, TypeError) as e:
                raise ResolutionError(f"malformed knowledge-base row: {e}", where=str(row.get("key"))) from e
            if ent.key in self._entities:
                raise ResolutionError("duplicate key in the knowledge base", where=ent.key)
            self._entities[ent.key] = ent
            self._rows[ent.key] = row
            for surface in {ent.label, *ent.aliases, *row.get("patterns", ())}:
                f = fold(surface)
                if f:
                    self._index.setdefault(f, []).append(ent.key)
            if row.get("forces_of"):
                self._forces_of[row["forces_of"]] = ent.key
                self._state_of_forces[ent.key] = row["forces_of"]
            for p in row.get("prefixes", ()):
                self._prefix[fold(p)] = ent.key
        for keys in self._index.values():
            keys.sort(key=self._rank)
        self._offices: dict[tuple[str, str], list[tuple[dt.date, dt.date | None, str]]] = {}
        for n, o in enumerate(offices):
            where = f"offices.json #{n}"
            try:
                start = dt.date.fromisoformat(o["from"])
                end = dt.date.fromisoformat(o["to"]) if o.get("to") else None
                titles, of, holder = [t.lower() for t in o["titles"]], o["of"], o["holder"]
            except (KeyError, TypeError, ValueError) as e:
                raise ResolutionError(f"malformed office row: {e!r}", where=where) from e
            if holder not in self._entities or of not in self._entities:
                raise ResolutionError(f"office row names an unknown key ({holder} of {of})", where=where,
                                      hint="add the person or body to entities.jsonl first")
            for t in titles:
                self._offices.setdefault((t, of), []).append((start, end, holder))
        self._office_titles = tuple(sorted({t for t, _ in self._offices}, key=lambda t: (-len(t), t)))

    # -- construction -----------------------------------------------------------------------
    @classmethod
    def load(cls) -> KnowledgeBase:
        """The packaged knowledge base, read once per process."""
        return _packaged()

    # -- access -----------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._entities)

    def __contains__(self, key: object) -> bool:
        return key in self._entities

    def __iter__(self) -> Iterator[Entity]:
        return iter(self._entities.values())

    def get(self, key: str) -> Entity | None:
        """The entity with this key, or ``None``."""
        return self._entities.get(key)

    def lookup(self, surface: str) -> list[Entity]:
        """Entities a surface form may name, best first (see :data:`KIND_RANK`).

        Matching is on the folded form: case, accents, apostrophes, hyphens and
        leading articles do not matter.
        """
        return [self._entities[k] for k in self._index.get(fold(surface), ())]

    def population(self, key: str) -> int:
        """The population of a place (0 if unknown)."""
        return int(self._rows.get(key, {}).get("pop", 0))

    def demonyms(self, key: str) -> tuple[str, ...]:
        """The French nationality adjectives of a state (``"russe"``, ``"russes"``)."""
        return tuple(self._rows.get(key, {}).get("demonyms", ()))

    def forces_of(self, state_key: str) -> Entity | None:
        """The armed forces of a state, if the knowledge base has them."""
        k = self._forces_of.get(state_key)
        return self._entities[k] if k else None

    def state_of_forces(self, forces_key: str) -> str | None:
        """The state whose armed forces these are."""
        return self._state_of_forces.get(forces_key)

    def state_of_prefix(self, prefix: str) -> Entity | None:
        """The state of a compound-adjective prefix (``"russo"`` in ``russo-américain``)."""
        k = self._prefix.get(fold(prefix))
        return self._entities[k] if k else None

    def demonym_prefixes(self) -> tuple[str, ...]:
        """Every compound-adjective prefix, folded (``"russo"``, ``"germano"``), sorted."""
        return tuple(sorted(self._prefix))

    def ruler_patterns(self) -> list[RulerPattern]:
        """Phrases for the entity ruler, one entity per phrase (the best ranked), sorted.

        A phrase is lower-case (matched in any capitalisation) when its first letter is.
        """
        best: dict[str, tuple[tuple[int, int, str], RulerPattern]] = {}
        for key, row in self._rows.items():
            ent = self._entities[key]
            for text in row.get("patterns", ()):
                rank = self._rank(key)
                pat = RulerPattern(text=text, key=key, label=ent.kind, lower=text[:1].islower())
                if text not in best or rank < best[text][0]:
                    best[text] = (rank, pat)
        return sorted((p for _, p in best.values()), key=lambda p: (p.text, p.key))

    def office_titles(self) -> tuple[str, ...]:
        """The written forms of the offices :meth:`holder` knows, longest first."""
        return self._office_titles

    def holder(self, title: str, of: str, day: dt.date) -> Entity | None:
        """Who held the office ``title`` (as written, lower case) of ``of`` (a state's or body's key)
        on ``day``: the term that began on or before it and had not ended; None if no one known."""
        for start, end, key in self._offices.get((title, of), ()):
            if start <= day and (end is None or day < end):
                return self._entities[key]
        return None

    def _rank(self, key: str) -> tuple[int, int, str]:
        ent = self._entities[key]
        return (KIND_RANK.get(ent.kind, 99), -self.population(key), key)


@cache
def _packaged() -> KnowledgeBase:
    from kg import resources

    return KnowledgeBase(resources.iter_jsonl("kb", "entities.jsonl"),
                         offices=resources.load_json("kb", "offices.json")["offices"])
