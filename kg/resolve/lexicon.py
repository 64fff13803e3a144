"""The hand-made word lists resolution reads (``kg/data/kb/*.json``), loaded once.

* ``generic.json`` — words naming a state or its forces generically ("le régime", "l'armée").
* ``roles.json`` — titles introducing a person's role, and honorifics.
* ``cues.json`` — cue words for place kinds, armed groups, name particles, compass directions.
* ``first_names.json`` — given names.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, cached_property

from kg import resources

__all__ = ["GenericHead", "Lexicon", "lexicon"]


@dataclass(frozen=True)
class GenericHead:
    """A generic head ("armée", "forces gouvernementales") of a family (``"state"`` or ``"forces"``)."""

    text: str
    family: str
    bare: bool
    possessive_ok: bool = False


@dataclass(frozen=True)
class Lexicon:
    """All word lists, lower-cased where matching is case-insensitive."""

    heads: tuple[GenericHead, ...]  # longest first
    adjectival_collectives: frozenset[str]
    adjectival_agent_heads: frozenset[str]
    blocking_adjectives: frozenset[str]
    anaphora: frozenset[str]
    titles: dict[str, str]  # lower-case title -> "represents" | "member_of" | "none"
    honorifics: frozenset[str]
    place_kind: dict[str, str]
    armed_group_cues: frozenset[str]
    armed_name_words: frozenset[str]
    forces_name_heads: frozenset[str]
    state_forces_words: frozenset[str]
    name_particles: frozenset[str]
    directions: dict[str, str]
    first_names: frozenset[str]
    not_names: frozenset[str]
    ministry_heads: frozenset[str]
    portfolios: tuple[tuple[str, str], ...]  # ("de la défense", "Defence"), longest first
    institution_heads: tuple[str, ...] = ()  # "bureau du procureur général", longest first
    office_heads: tuple[str, ...] = ()  # "gouverneur", longest first

    @cached_property
    def titles_longest_first(self) -> tuple[str, ...]:
        return _longest_first(list(self.titles))


def _longest_first(words: list[str]) -> tuple[str, ...]:
    return tuple(sorted((w.lower() for w in words), key=lambda w: (-len(w), w)))


@cache
def lexicon() -> Lexicon:
    """The packaged word lists (read once per process)."""
    gen = resources.load_json("kb", "generic.json")
    roles = resources.load_json("kb", "roles.json")
    cues = resources.load_json("kb", "cues.json")
    names = resources.load_json("kb", "first_names.json")
    heads = [
        GenericHead(
            text=h["text"].lower(),
            family=fam,
            bare=bool(h.get("bare")),
            possessive_ok=bool(h.get("possessive_ok")),
        )
        for fam in ("state", "forces")
        for h in gen[fam]
    ]
    heads.sort(key=lambda h: (-len(h.text), h.text))
    portfolios = {k.lower().replace("’", "'"): v for k, v in gen["ministries"]["portfolios"].items()}
    return Lexicon(
        heads=tuple(heads),
        adjectival_collectives=frozenset(gen["adjectival_collectives"]),
        adjectival_agent_heads=frozenset(gen["adjectival_agent_heads"]),
        blocking_adjectives=frozenset(gen["blocking_adjectives"]),
        anaphora=frozenset(gen["anaphora"]),
        titles={k.lower(): v for k, v in roles["titles"].items()},
        honorifics=frozenset(roles["honorifics"]),
        place_kind=dict(cues["place_kind"]),
        armed_group_cues=frozenset(cues["armed_group"]),
        armed_name_words=frozenset(cues["armed_name_words"]),
        forces_name_heads=frozenset(cues["forces_name_heads"]),
        state_forces_words=frozenset(cues["state_forces_words"]),
        name_particles=frozenset(cues["name_particles"]),
        directions=dict(cues["directions"]),
        first_names=frozenset(names["names"]),
        not_names=frozenset(cues["not_names"]),
        ministry_heads=frozenset(h.lower() for h in gen["ministries"]["heads"]),
        portfolios=tuple(sorted(portfolios.items(), key=lambda kv: (-len(kv[0]), kv[0]))),
        institution_heads=_longest_first(gen["institutions"]["heads"]),
        office_heads=_longest_first(gen["offices"]["heads"]),
    )
