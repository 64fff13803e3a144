"""Repairs of frequent parser errors on wire French, run after spaCy's parser and lemmatizer.

Each repair recognises one well-attested mis-parse and rewrites the few arcs involved, so
every later stage (resolution, extraction, dates) reads the corrected tree. The word lists
are data (``kg/data/lexicons/parse_repairs.v1.json``).

- **Parenthetical between auxiliary and participle**: in ``Moscou a de son côté accusé Kiev``
  the parser makes ``a`` the root, ``côté`` its object and ``accusé`` a modifier of
  ``côté``. The participle is made the head again, with ``a`` as its auxiliary and the
  subject, the adverbial and the rest of the clause under it.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from kg import resources

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["REPAIRS_NAME", "repair_parse"]

#: Name of the repair component in the pipeline (right after the parser).
REPAIRS_NAME = "kg_parse_repairs"

_AUXILIARIES = frozenset({"avoir", "être"})
_OBJECT_DEPS = frozenset({"obj", "obl", "obl:arg", "obl:mod"})


@cache
def _parenthetical_nouns() -> frozenset[str]:
    nouns: frozenset[str] = resources.load_lexicon("parse_repairs.v1.json")["parenthetical_nouns"]
    return nouns


def _stranded_participle(aux: Token) -> tuple[Token, Token] | None:
    """``(noun, participle)`` when ``aux`` governs ``de son côté`` and the participle hangs from it."""
    nouns = _parenthetical_nouns()
    for noun in aux.children:
        if noun.i < aux.i or noun.dep_ not in _OBJECT_DEPS or noun.lemma_.lower() not in nouns:
            continue
        if not any(c.dep_ == "det" and "Yes" in c.morph.get("Poss") for c in noun.children):
            continue
        for p in noun.children:
            if p.i > noun.i and p.dep_ in ("acl", "amod") and "Part" in p.morph.get("VerbForm"):
                return noun, p
    return None


def repair_parse(doc: Doc) -> Doc:
    """Apply every repair to a parsed document, in place, and return it."""
    for aux in doc:
        if aux.lemma_ not in _AUXILIARIES or aux.pos_ not in ("AUX", "VERB"):
            continue
        if any(c.dep_.startswith("aux") for c in aux.children):
            continue  # "a été" is already an auxiliary group
        found = _stranded_participle(aux)
        if found is None:
            continue
        noun, part = found
        others = [c for c in aux.children if c != noun]
        root = aux.head == aux
        part.head, part.dep_ = (part, "ROOT") if root else (aux.head, aux.dep_)
        aux.head, aux.dep_, aux.pos_ = part, "aux:tense", "AUX"
        noun.head, noun.dep_ = part, "obl:mod"
        for c in others:
            c.head = part
    return doc
