"""Repairs of frequent parser errors on wire French, run after spaCy's parser and lemmatizer.

Each repair recognises one well-attested mis-parse and rewrites the few arcs involved, so
every later stage (resolution, extraction, dates) reads the corrected tree. The word lists
are data (``kg/data/lexicons/parse_repairs.v1.json``).

- **Parenthetical between auxiliary and participle**: in ``Moscou a de son côté accusé Kiev``
  the parser makes ``a`` the root, ``côté`` its object and ``accusé`` a modifier of
  ``côté``. The participle is made the head again, with ``a`` as its auxiliary and the
  subject, the adverbial and the rest of the clause under it.
- **Coordinated subject split**: in ``L'armée et les FSR se sont accusées`` the parser often
  makes ``armée`` the root and the verb a conjunct of it, with ``FSR`` as the verb's only
  subject. The verb is made the root again, with ``armée`` as its subject and ``FSR``
  coordinated with it.
- **Subject of a second clause read as a conjunct**: in ``Le Hamas a libéré trois otages et
  Israël a relâché 33 prisonniers`` the parser often coordinates ``Israël`` with ``otages``
  and leaves ``a relâché`` without a subject. A finite verb group with no subject, right after
  a conjunct noun, takes that noun as its subject and is coordinated with the first verb.
- **Subject lost behind an apposition**: in ``Quelque 80 civils, pour la plupart des femmes,
  ont été évacués`` the parser often reads ``civils`` as an adjunct of the verb. A bare noun
  (no preposition) that opens the sentence, before a finite verb group with no subject, is
  that verb's subject.
- **Participle cut off by a closing quote**: in ``respecter "l'accord de cessez-le-feu" négocié
  vendredi`` the parser makes ``négocié`` a complement of ``respecter``. A participle with no
  auxiliary, right after the verb's object and a closing quote, that agrees with that object,
  modifies it.
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
def _time_words() -> frozenset[str]:
    lex = resources.load_json("lexicons", "time.v1.json")
    kinds = ("weekdays", "months", "parts_of_day", "relative_days", "units")
    return frozenset(w for k in kinds for w in lex[k])


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
    _rejoin_participles(doc)
    _rejoin_subjects(doc)
    _second_clause_subjects(doc)
    _fronted_subjects(doc)
    _quoted_participles(doc)
    return doc


def _participle(tok: Token) -> bool:
    """A past participle, also when the tagger called it an infinitive ("négocié")."""
    form = tok.morph.get("VerbForm")
    if "Part" in form:
        return "Pres" not in tok.morph.get("Tense") and not tok.lower_.endswith("ant")  # not "assurant"
    return "Inf" in form and not tok.lower_.endswith(("er", "ir", "re"))


def _quoted_participles(doc: Doc) -> None:
    for part in doc:
        if part.dep_ != "xcomp" or not _participle(part):
            continue
        if any(c.dep_.startswith("aux") for c in part.children):
            continue
        objs = [c for c in part.head.children if c.dep_ == "obj" and c.i < part.i]
        if not objs:
            continue
        obj = objs[-1]
        between = doc[obj.right_edge.i + 1 : part.i]
        if not len(between) or not all(t.is_punct and t.is_quote for t in between):
            continue
        if any(obj.morph.get(f) and part.morph.get(f) and obj.morph.get(f) != part.morph.get(f)
               for f in ("Gender", "Number")):
            continue  # no agreement: not the object's participle
        part.head, part.dep_ = obj, "acl"


def _fronted_subjects(doc: Doc) -> None:
    for sent in doc.sents:
        verb = sent.root
        if verb.pos_ != "VERB" or any(c.dep_.startswith(("nsubj", "expl", "csubj")) for c in verb.children):
            continue
        auxes = [c for c in verb.children if c.dep_.startswith("aux") and c.i < verb.i]
        if not auxes:
            continue
        first = next((t for t in sent if not t.is_punct and t.dep_ not in ("det", "nummod", "advmod")), None)
        if first is None or first.head != verb or first.dep_ not in ("obl", "obl:mod") or first.i > verb.i:
            continue
        if first.pos_ not in ("NOUN", "PROPN") or any(c.dep_ == "case" for c in first.children):
            continue
        if first.lower_ in _time_words():
            continue  # "Dimanche soir, ont été évacués …": a time, not who
        first.dep_ = "nsubj:pass" if any(a.dep_ == "aux:pass" for a in auxes) else "nsubj"


def _second_clause_subjects(doc: Doc) -> None:
    for verb in doc:
        if verb.pos_ != "VERB" or any(c.dep_.startswith(("nsubj", "expl")) for c in verb.children):
            continue
        auxes = sorted((c for c in verb.children if c.dep_.startswith("aux") and c.i < verb.i),
                       key=lambda c: c.i)
        if not auxes or auxes[0].i == 0:
            continue
        noun = doc[auxes[0].i - 1]
        if noun.dep_ != "conj" or {noun.pos_, noun.head.pos_} - {"PROPN", "NOUN"}:
            continue
        ccs = [c for c in noun.children if c.dep_ == "cc" and c.lower_ in ("et", "mais")]
        first = verb.head
        if not ccs or first.pos_ not in ("VERB", "AUX") or first.i > noun.head.i or verb.dep_ == "conj":
            continue
        if noun.head not in first.subtree:
            continue
        noun.head, noun.dep_ = verb, "nsubj"
        ccs[0].head = verb
        verb.dep_ = "conj"


def _rejoin_subjects(doc: Doc) -> None:
    for sent in doc.sents:
        first = sent.root
        if first.pos_ not in ("NOUN", "PROPN"):
            continue
        for verb in first.children:
            if verb.dep_ != "conj" or verb.pos_ not in ("VERB", "AUX") or verb.i < first.i:
                continue
            subjects = [c for c in verb.children if c.dep_.startswith("nsubj") and first.i < c.i < verb.i]
            if len(subjects) != 1:
                continue
            subject = subjects[0]
            ccs = [c for c in verb.children if c.dep_ == "cc" and first.i < c.i < subject.i]
            if len(ccs) != 1 or ccs[0].lower_ not in ("et", "ou", "ni"):
                continue
            later = [c for c in first.children if c.i > verb.i]
            verb.head, verb.dep_ = verb, "ROOT"
            first.head, first.dep_ = verb, subject.dep_
            subject.head, subject.dep_ = first, "conj"
            ccs[0].head = subject
            for c in later:
                c.head = verb
            break


def _rejoin_participles(doc: Doc) -> None:
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
