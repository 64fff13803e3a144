"""Entity resolution: every actor and place a parsed dispatch mentions, typed, keyed and linked.

:func:`resolve` reads a spaCy ``Doc`` made by :func:`kg.nlp.pipeline.load_nlp` from
:func:`kg.nlp.pipeline.normalise_for_nlp` of ``dispatch.body`` (so ``doc.text`` and
the body have the same length and every char offset is valid in both), and
returns a :class:`Resolution`: the entities (keyed as in :class:`kg.types.Entity`)
and their mentions, plus the dateline place and the publisher.

Steps, in order:

1. entity-ruler entities (knowledge-base names, demonyms, collectives);
2. acronyms defined in the text (``"Forces de défense et de sécurité (FDS)"``);
3. statistical NER entities, with type correction (Arabic names tagged ``LOC``
   become persons, ``"le groupe X"`` an armed group, ``"la province de X"`` a region)
   and coreference of short names to full names seen in the dispatch;
4. compound demonyms (``"russo-américains"`` names Russia and the United States);
5. generic state words (``"le régime"``, ``"l'armée syrienne"``, ``"soldats turcs"``,
   ``"les forces gouvernementales"``), resolved to a state of the dispatch;
6. compass regions (``"l'est de l'Ukraine"``);
7. later short mentions of people (``"Tchourkine"`` after ``"Vitali Tchourkine"``);
8. roles and affiliations from titles and appositions;
9. places' containers (``"le quartier de Chaar"`` in a sentence about Alep);
10. public bodies and local offices named by their function (``"la mairie de Donetsk"``,
    ``"le bureau du procureur général"``, ``"le gouverneur de la province de Hatay"``), as
    organisations of the state they belong to and unnamed office holders (states' ministries
    are read with the ruler entities);
11. dateline and publisher.

Resolution is deterministic: the same document gives the same keys and mentions.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import TYPE_CHECKING

from kg.errors import ResolutionError
from kg.resolve.dateline import find_dateline, find_publisher
from kg.resolve.kb import KnowledgeBase
from kg.resolve.lexicon import GenericHead, Lexicon, lexicon
from kg.resolve.normalize import entity_key, fold
from kg.resolve.roles import RoleReading, read_roles
from kg.types import Dispatch, Entity, EntityMention

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

__all__ = ["Resolution", "resolve"]

log = logging.getLogger(__name__)

_ORG_KINDS = frozenset({"IntergovernmentalOrganization", "Organization", "ArmedGroup", "ArmedForces"})
_NER_LABELS = frozenset({"PER", "LOC", "ORG", "MISC"})
_DE = frozenset({"de", "du", "des", "d'"})
_DEFINITE = frozenset({"la", "le", "l'", "du", "au"})  # before a body named by its function
_POSSESSIVE = frozenset({"ses", "leurs", "sa", "son", "leur"})
_WORD_RE = re.compile(r"[^\s'\-]+")
_ARTICLES = frozenset(
    {"le", "la", "les", "l'", "un", "une", "des", "du", "de", "d'", "ce", "cet", "cette", "ces"}
)


@dataclass(frozen=True)
class Resolution:
    """What resolution found in one dispatch.

    Attributes:
        entities: every entity mentioned, plus every state a mentioned capital stands for and
            every place, state or organisation another entity points to (``located_in``,
            ``represents``, ``member_of``), so the set is closed.
        mentions: spans of ``dispatch.body`` naming an entity, sorted by (start, -end). Nested
            mentions are kept ("armée syrienne" names the Syrian forces, "syrienne" Syria).
        dateline_key: the place the dispatch was filed from, if found.
        publisher_key: the agency that filed it, if found.
        headline_place_key: the one place the title names (a city or region before a country),
            if it names exactly one.
    """

    entities: Mapping[str, Entity]
    mentions: tuple[EntityMention, ...] = ()
    dateline_key: str | None = None
    publisher_key: str | None = None
    headline_place_key: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "entities", MappingProxyType(dict(self.entities)))


def resolve(doc: Doc, dispatch: Dispatch, *, kb: KnowledgeBase) -> Resolution:
    """Resolve the entities of a parsed dispatch.

    Args:
        doc: ``load_nlp()(normalise_for_nlp(dispatch.body))``.
        dispatch: the dispatch the document was parsed from.
        kb: the knowledge base (``KnowledgeBase.load()``).

    Returns:
        The entities, their mentions (offsets into ``dispatch.body``), the dateline and publisher.

    Raises:
        ResolutionError: the document was not parsed from this dispatch's body.
    """
    text = doc.text  # Doc.text joins every token: read it once
    if len(text) != len(dispatch.body):
        raise ResolutionError(
            "the document text and the dispatch body differ in length",
            where=dispatch.source_name,
            hint="parse normalise_for_nlp(dispatch.body), which keeps every offset",
        )
    return _DocResolver(doc, text, dispatch, kb, lexicon()).run()


@dataclass
class _Mention:
    start: int
    end: int
    key: str
    source: str
    nested: bool = False  # inside another mention; does not block later scans


@dataclass
class _State:
    entities: dict[str, Entity] = field(default_factory=dict)
    mentions: list[_Mention] = field(default_factory=list)
    surfaces: dict[str, list[str]] = field(default_factory=dict)


class _DocResolver:
    def __init__(self, doc: Doc, text: str, dispatch: Dispatch, kb: KnowledgeBase, lex: Lexicon) -> None:
        self.doc = doc
        self.dispatch = dispatch
        self.body = dispatch.body
        self.text = text
        self.toks = list(doc)  # Token objects are built on each access: build them once
        self.low = text.lower()
        self.kb = kb
        self.lex = lex
        self.st = _State()
        self.claimed: list[int | None] = [None] * len(doc)  # token -> index of the outer mention
        self.acronyms: dict[str, tuple[int, int]] = {}  # "FDS" -> char span of its long form
        self.head_words = frozenset(h.text for h in lex.heads if " " not in h.text)
        self.heads_by_first: dict[str, list[GenericHead]] = {}
        for h in lex.heads:  # longest first within each list, as in the lexicon
            self.heads_by_first.setdefault(_first_word(h.text), []).append(h)
        self._main: str | None = None
        self._main_done = False
        self.last_by_family: dict[str, str] = {}  # "state"/"forces" -> last key used
        self.last_head_state: dict[str, str] = {}  # head text -> state key

    # ------------------------------------------------------------------ bookkeeping
    def use(self, ent: Entity) -> Entity:
        return self.st.entities.setdefault(ent.key, ent)

    def tokens_of(self, start: int, end: int) -> range:
        doc = self.doc
        span = doc.char_span(start, end, alignment_mode="expand")
        return range(span.start, span.end) if span is not None else range(0)

    def free(self, i: int, j: int) -> bool:
        return all(self.claimed[k] is None for k in range(i, j))

    def add(self, start: int, end: int, ent: Entity, source: str, *, nested: bool = False) -> None:
        if start >= end:
            return
        ent = self.use(ent)
        m = _Mention(start, end, ent.key, source, nested)
        self.st.mentions.append(m)
        idx = len(self.st.mentions) - 1
        if not nested:
            for t in self.tokens_of(start, end):
                if self.claimed[t] is None:
                    self.claimed[t] = idx
        surface = self.text[start:end]
        self.st.surfaces.setdefault(ent.key, []).append(surface)

    def mention_at_token(self, i: int) -> _Mention | None:
        idx = self.claimed[i]
        return self.st.mentions[idx] if idx is not None else None

    def actors_in(self, start: int, end: int) -> list[Entity]:
        """Actors mentioned in a char range, outer mentions first, in text order (capitals as their state)."""
        found: list[tuple[int, int, Entity]] = []
        for m in self.st.mentions:
            if start <= m.start and m.end <= end:
                e = self.st.entities[m.key]
                if e.metonym_of and e.metonym_of in self.st.entities:
                    e = self.st.entities[e.metonym_of]
                elif e.metonym_of and self.kb.get(e.metonym_of):
                    e = self.use(self.kb.get(e.metonym_of))  # type: ignore[arg-type]
                if e.is_actor:
                    found.append((m.start, -(m.end - m.start), e))
        found.sort(key=lambda x: (x[0], x[1]))
        return [e for _, _, e in found]

    # ------------------------------------------------------------------ main
    def run(self) -> Resolution:
        self.acronym_definitions()
        self.ruler_entities()
        self.ministries()
        self.ner_entities()
        self.defined_acronyms()
        self.compound_demonyms()
        self.generic_heads()
        self.anaphora()
        self.compass_regions()
        self.short_names()
        self.roles()
        self.office_holders()
        self.containers()
        self.institutions()
        dateline = self.dateline()
        publisher = self.publisher()
        return self.finish(dateline, publisher, self.headline_place())

    # ------------------------------------------------------------------ 1. ruler
    def ruler_entities(self) -> None:
        for ent in self.doc.ents:
            key = ent.ent_id_
            if not key:
                continue
            e = self.kb.get(key)
            if e is None:
                continue
            if (
                e.kind == "Group"
                and len(ent) == 1
                and ent[0].lower_ in self.lex.adjectival_collectives
                and ent[0].dep_ == "amod"
                and ent[0].pos_ == "ADJ"
                and ent[0].head.lemma_.lower() not in self.lex.adjectival_agent_heads
            ):
                continue  # "violences jihadistes": an adjective, not the group ("tirs rebelles": the group)
            if e.is_place and not e.is_actor and ent.start > 0:
                prev = self.doc[ent.start - 1]
                if prev.text in self.lex.first_names and prev.is_title and self.claimed[prev.i] is None:
                    person = self.person_entity(self.text[prev.idx : ent.end_char])
                    self.add(prev.idx, ent.end_char, person, "ner")
                    continue
            if e.kind == "Person":
                i, j = self.name_extent(ent.start, ent.end)
                if (i, j) != (ent.start, ent.end):  # "Abou Abdel al-Rahmane al-Hamoui": a longer name
                    name = self.text[self.doc[i].idx : self.doc[j - 1].idx + len(self.doc[j - 1])]
                    self.add(
                        self.doc[i].idx,
                        self.doc[j - 1].idx + len(self.doc[j - 1]),
                        self.person_entity(name),
                        "ner",
                    )
                    continue
            self.add(ent.start_char, ent.end_char, e, "ruler")

    def name_extent(self, i: int, j: int) -> tuple[int, int]:
        """Grow a name over the capitalised words and particles (al-, Abou…) around it."""
        doc, parts = self.doc, self.lex.name_particles

        def namey(k: int) -> bool:
            t = doc[k]
            if self.claimed[k] is not None or (t.ent_id_ and not (i <= k < j)):
                return False
            return (
                (t.is_title and t.pos_ == "PROPN")
                or t.lower_ in parts
                or (t.text == "-" and k > 0 and doc[k - 1].lower_ in parts)
            )

        while i > 0 and namey(i - 1) and not doc[i - 1].is_sent_start:
            i -= 1
        while j < len(doc) and namey(j):
            j += 1
        while j > i + 1 and (doc[j - 1].text == "-" or doc[j - 1].lower_ in parts):
            j -= 1
        while i < j - 1 and doc[i].lower_ in parts and doc[i].is_lower:
            i += 1
        return i, j

    # ------------------------------------------------------------------ 2. acronyms
    def acronym_definitions(self) -> None:
        """``"<long name> (ACR)"``: remember the long form's span for each acronym."""
        doc = self.doc
        for i in range(1, len(doc) - 2):
            if doc[i].text != "(" or doc[i + 2].text != ")":
                continue
            acr = doc[i + 1].text
            if not _is_acronym(acr):
                continue
            prev_ents = [e for e in doc.ents if e.end == i]
            if prev_ents:
                e = prev_ents[0]
                self.acronyms.setdefault(acr, (e.start_char, e.end_char))

    def defined_acronyms(self) -> None:
        for acr, (s, e) in sorted(self.acronyms.items()):
            owner = next((m for m in self.st.mentions if m.start == s and m.end == e), None)
            if owner is None:
                continue
            ent = self.st.entities[owner.key]
            for t in self.toks:
                if t.text == acr and self.claimed[t.i] is None:
                    self.add(t.idx, t.idx + len(t), ent, "coref")

    # ------------------------------------------------------------------ 3. NER
    def ner_entities(self) -> None:
        for ent in self.doc.ents:
            if ent.ent_id_ or ent.label_ not in _NER_LABELS:
                continue
            if not self.free(ent.start, ent.end):
                continue
            self.ner_entity(ent)

    def ner_entity(self, ent: Span) -> None:
        doc, lex = self.doc, self.lex
        i, j = ent.start, ent.end
        cue_kind: str | None = None
        titled = False
        while i < j:
            t = doc[i]
            low = t.lower_
            if t.pos_ == "DET" or t.is_punct or low in _ARTICLES:
                i += 1
            elif t.text in lex.honorifics or low in lex.titles:
                titled = True
                i += 1
            elif low in lex.place_kind and i + 1 < j and doc[i + 1].lower_ in _DE:
                cue_kind = lex.place_kind[low]
                i += 2
            else:
                break
        while j > i and (doc[j - 1].is_punct and doc[j - 1].text not in {")"}):
            j -= 1
        label = ent.label_
        if label == "PER" and j - i >= 2 and doc[j - 1].is_upper and len(doc[j - 1]) > 2:
            j -= 1  # "par Felix Light EREVAN (Reuters)": the dateline is not part of the name
        if i >= j:
            return
        if j - i == 1 and (
            doc[i].lower_ in self.head_words
            or doc[i].text in lex.not_names
            or (doc[i].is_upper and len(doc[i]) > 5)
            or self.common_word_at_start(i)
        ):
            return  # "Commandement" (a generic head), "Défense", a kicker, "Pourparlers" opening a heading
        if self.text[doc[i].idx : doc[j - 1].idx + len(doc[j - 1])] in lex.not_names:
            return
        start, end = doc[i].idx, doc[j - 1].idx + len(doc[j - 1])
        text = self.text[start:end]
        if any(c in t.text for t in doc[i:j] for c in '()"«»') or not doc[i].text[:1].isupper():
            return  # page furniture ("Facebook(ouvre"), or not a name
        if j - i == 1 and doc[i].pos_ == "VERB":
            return
        if text in self.acronyms and self.acronyms[text] != (start, end):
            return  # resolved with its long form (defined_acronyms)
        # a trailing nationality adjective: "Hezbollah libanais"
        tail_state: Entity | None = None
        found = self.kb_candidate(text, label)
        if found is None and j - i >= 2 and doc[j - 1].is_lower:
            cands = self.kb.lookup(doc[j - 1].text)
            if cands and cands[0].kind == "State":
                tail_state = cands[0]
                end2 = doc[j - 2].idx + len(doc[j - 2])
                found = self.kb_candidate(self.text[start:end2], label)
                if found is not None:
                    self.add(start, end2, found, "ner")
                    self.add(doc[j - 1].idx, end, tail_state, "ner")
                    return
        if found is not None:
            self.add(start, end, found, "ner")
            return
        if j - i == 1 and label in {"ORG", "MISC", "LOC"}:
            short = self.short_form_of(doc[i].text)
            if short is not None:  # "le Conseil" after "le Conseil de sécurité"
                self.add(start, end, short, "coref")
                return
        if label == "PER" and i > 0 and doc[i - 1].lower_ in {"la", "le", "l'", "les"} and j - i == 1:
            return  # a name takes no article: "la Défense" is not a person
        seen = self.seen_name(text)
        if seen is not None:  # the same name again: same entity ("Sima" ... "l'attaque de Sima")
            self.add(start, end, seen, "coref")
            return
        person_cue = titled or self.person_cue(i, j)
        group_cue = self.armed_group_cue(i, j)
        cue_kind = cue_kind or self.place_cue(i)
        kind: str
        if group_cue:
            kind = "ArmedGroup"
        elif label == "PER" and cue_kind is None:
            kind = "Person"
        elif person_cue and cue_kind is None:
            kind = "Person"
        elif label == "LOC" or cue_kind is not None:
            kind = cue_kind or "City"
        elif label == "ORG":
            kind = self.org_kind(i, j)
        else:
            return  # MISC without a cue: not an actor or a place
        if kind == "Person":
            self.add(start, end, self.person_entity(text), "ner")
            return
        ent_ = self.st.entities.get(entity_key(kind, text)) or Entity(
            key=entity_key(kind, text), kind=kind, label=text, label_lang="fr"
        )
        self.add(start, end, ent_, "ner")

    def common_word_at_start(self, i: int) -> bool:
        """A capitalised word opening a sentence that is a common French word used nowhere else as a name."""
        doc = self.doc
        t = doc[i]
        if not (t.is_sent_start or (i > 0 and doc[i - 1].is_space)):
            return False
        if not doc.vocab.has_vector(t.lower_):
            return False
        return not any(u.text == t.text and not u.is_sent_start for u in self.toks if u.i != i)

    def seen_name(self, text: str) -> Entity | None:
        """An entity of this dispatch (not from the knowledge base) already named exactly so."""
        f = fold(text)
        for m in self.st.mentions:
            e = self.st.entities[m.key]
            if e.key not in self.kb and fold(self.text[m.start : m.end]) == f:
                return e
        return None

    def short_form_of(self, word: str) -> Entity | None:
        """The organisation last mentioned whose name starts with this word, if any."""
        prefix = fold(word) + " "
        for m in reversed(self.st.mentions):
            e = self.st.entities[m.key]
            if e.kind in _ORG_KINDS and any(fold(n).startswith(prefix) for n in (e.label, *e.aliases)):
                return e
        return None

    def kb_candidate(self, text: str, label: str) -> Entity | None:
        cands = self.kb.lookup(text)
        if not cands:
            return None
        best = cands[0]
        if label == "PER" and best.is_place and not best.is_actor and " " in text.strip():
            return None
        return best

    def person_entity(self, name: str) -> Entity:
        """A person by name: the knowledge base's, one seen earlier in the dispatch, or a new one."""
        cands = [e for e in self.kb.lookup(name) if e.kind == "Person"]
        if cands:
            return cands[0]
        f = fold(name)
        toks = f.split()
        for e in self.st.entities.values():
            if e.kind != "Person":
                continue
            names = [fold(n) for n in (e.label, *e.aliases)]
            for n in names:
                nt = n.split()
                if len(toks) < len(nt) and nt[-len(toks) :] == toks:
                    return e  # "Tchourkine" after "Vitali Tchourkine"
        return Entity(key=entity_key("Person", name), kind="Person", label=name, label_lang="fr")

    def person_cue(self, i: int, j: int) -> bool:
        doc, lex = self.doc, self.lex
        first = doc[i]
        if first.text in lex.first_names:
            return True
        # a title or honorific just before, possibly with adjectives: "le président syrien X"
        k = i - 1
        steps = 0
        while k >= 0 and steps < 4:
            t = doc[k]
            if t.text in lex.honorifics or t.lower_ in lex.titles:
                return True
            if t.pos_ == "ADJ" or t.text == "," or (self.claimed[k] is not None and t.is_lower):
                k -= 1
                steps += 1
                continue
            break
        # Arabic-style names: "Abou X", "X al-Y" with at least two capitalised words
        words = [t for t in doc[i:j] if t.text not in {"-"}]
        caps = [t for t in words if t.text[:1].isupper()]
        has_particle = any(t.lower_ in lex.name_particles for t in words[1:]) or first.lower_ in {
            "abou",
            "abu",
        }
        if has_particle and len(caps) >= 2 and first.text not in lex.armed_name_words:
            return True
        # "X, le chef de ..." apposition
        if j + 2 < len(doc) and doc[j].text == ",":
            k = j + 1
            if doc[k].lower_ in _ARTICLES:
                k += 1
            if k < len(doc) and doc[k].lower_ in lex.titles:
                return True
        return False

    def armed_group_cue(self, i: int, j: int) -> bool:
        doc, lex = self.doc, self.lex
        if doc[i].text in lex.armed_name_words:
            return True
        k = i - 1
        steps = 0
        while k >= 0 and steps < 4:
            t = doc[k]
            if t.lower_ in lex.armed_group_cues and t.pos_ == "NOUN":
                return True
            if t.pos_ == "ADJ" or (self.claimed[k] is not None and t.is_lower):
                k -= 1
                steps += 1
                continue
            break
        return False

    def place_cue(self, i: int) -> str | None:
        """``"la province de X"``, ``"le quartier stratégique de X"``: the kind the cue noun gives."""
        doc, lex = self.doc, self.lex
        k = i - 1
        if k >= 0 and doc[k].lower_ == "en" and doc[k].pos_ == "ADP":
            return "Region"  # "en Corrèze": French puts "en" before regions and countries, "à" before towns
        if k < 0 or doc[k].lower_ not in _DE:
            return None
        k -= 1
        steps = 0
        while k >= 0 and steps < 3:
            t = doc[k]
            if t.lower_ in lex.place_kind:
                return lex.place_kind[t.lower_]
            if t.pos_ == "ADJ" or (self.claimed[k] is not None and t.is_lower):
                k -= 1
                steps += 1
                continue
            break
        return None

    def org_kind(self, i: int, j: int) -> str:
        doc, lex = self.doc, self.lex
        if doc[i].text in lex.forces_name_heads:
            words = {t.lower_ for t in doc[i + 1 : j]}
            if words & lex.state_forces_words or any(
                (c := self.kb.lookup(t.text)) and c[0].kind == "State" and t.is_lower for t in doc[i + 1 : j]
            ):
                return "ArmedForces"
            return "ArmedGroup"
        return "Organization"

    # ------------------------------------------------------------------ 4. compound demonyms
    def compound_demonyms(self) -> None:
        doc = self.doc
        for t in self.toks:
            if self.claimed[t.i] is not None:
                continue
            if t.i + 2 < len(doc) and doc[t.i + 1].text == "-" and doc[t.i + 1].idx == t.idx + len(t):
                state = self.kb.state_of_prefix(t.text)
                if state is not None:
                    nxt = self.mention_at_token(t.i + 2)
                    if (
                        nxt is not None
                        and self.st.entities[nxt.key].kind == "State"
                        or (self.kb.state_of_prefix(doc[t.i + 2].text) is not None)
                    ):
                        self.add(t.idx, t.idx + len(t), state, "lexicon")
            elif "-" in t.text:  # one token: "russo-américain"
                parts = t.text.split("-")
                states = [self.kb.state_of_prefix(p) for p in parts[:-1]]
                last = [e for e in self.kb.lookup(parts[-1]) if e.kind == "State"]
                if parts[-1].islower() and last and all(s is not None for s in states):
                    pos = t.idx
                    for p, s in zip(parts[:-1], states, strict=True):
                        self.add(pos, pos + len(p), s, "lexicon", nested=True)  # type: ignore[arg-type]
                        pos += len(p) + 1
                    self.add(pos, pos + len(parts[-1]), last[0], "lexicon", nested=True)

    # ------------------------------------------------------------------ 2b. ministries
    def ministries(self) -> None:
        """A state's ministry: "le ministère russe de la Défense", "le ministère de la Défense
        russe", "le ministère des Affaires étrangères de l'Iran" -> an Organization representing
        the state. Without a state ("le ministère de la Santé") nothing is resolved."""
        doc, lex = self.doc, self.lex
        for i, t in enumerate(doc):
            if t.lower_ not in lex.ministry_heads or self.claimed[i] is not None:
                continue
            k = i + 1
            state = self._state_adjective(k)
            if state is not None:
                k += 1
            found = self._portfolio(k)
            if found is None:
                continue
            portfolio, end = found
            if state is None:
                state = self._state_adjective(end)
                if state is not None:
                    end += 1
                elif (j := self.de_object(end)) is not None and (m := self.mention_at_token(j)) is not None:
                    state = self.state_behind(self.st.entities[m.key])
                    end = self.tokens_of(m.start, m.end)[-1] + 1
            state_ent = (self.st.entities.get(state) or self.kb.get(state)) if state else None
            if state_ent is None or state_ent.kind != "State":
                continue
            label = f"Ministry of {portfolio} of {state_ent.label}"
            ministry = Entity(key=entity_key("Organization", label), kind="Organization", label=label,
                              label_lang="en", represents=state_ent.key)
            self.use(state_ent)
            self.add(doc[i].idx, doc[end - 1].idx + len(doc[end - 1]), ministry, "lexicon")

    def institutions(self) -> None:
        """Public bodies and local offices named by their function, after a definite article.

        A body ("la mairie de Donetsk", "la présidence turque", "le bureau du procureur
        général") becomes an Organization labelled as written with its state in brackets,
        representing that state: the one a nationality word right after it names, or the state
        of the place named after "de", else the dispatch's main country. An office ("le
        gouverneur de la province de Hatay") whose holder is not named becomes a Person labelled
        as written, speaking for the state of its place; it needs the place. Without a state
        nothing is resolved.
        """
        lex = self.lex
        for i in range(1, len(self.doc)):
            for kind, heads in (("Organization", lex.institution_heads), ("Person", lex.office_heads)):
                found = self._definite_phrase_at(i, heads)
                if found is not None:
                    self._function_entity(i, found[1], kind)
                    break

    def _definite_phrase_at(self, i: int, phrases: tuple[str, ...]) -> tuple[str, int] | None:
        """The first of ``phrases`` (longest first) the text spells from token i, unclaimed and
        after a definite article, with the token after it; else None."""
        if self.claimed[i] is not None or self.doc[i - 1].lower_ not in _DEFINITE:
            return None
        return next(((p, e) for p in phrases if (e := self.phrase_end(i, p)) is not None), None)

    def _function_entity(self, i: int, end: int, kind: str) -> None:
        doc = self.doc
        if not self.free(i, end):
            return
        state = self._state_adjective(end) if kind == "Organization" else None
        place_named = False
        if state is not None:
            end += 1
        elif (m := self._place_named_after(end)) is not None:
            place = self.st.entities[m.key]
            if not place.is_place:
                return  # "la présidence de l'Union africaine": another body's office
            state, place_named = self.state_of(place), True
            end = self.tokens_of(m.start, m.end)[-1] + 1
        elif kind == "Person":
            return  # "le gouverneur" alone: whose?
        else:
            state = self.main_country()
        state_ent = (self.st.entities.get(state) or self.kb.get(state)) if state else None
        if state_ent is not None and state_ent.kind != "State":
            state_ent = None
        if state_ent is None and not place_named:
            return
        start, stop = doc[i].idx, doc[end - 1].idx + len(doc[end - 1])
        if any(m.nested and m.start < stop and start < m.end for m in self.st.mentions):
            return  # the role of a person named beside it ("le maire de Kharkiv, Ihor Terekhov")
        written = self.text[start:stop]
        # a body's label says whose it is, unless the place it names does ("la mairie de X")
        label = written if kind == "Person" or state_ent is None else f"{written} ({state_ent.label})"
        represents = state_ent.key if state_ent is not None else None
        ent = Entity(key=entity_key(kind, label), kind=kind, label=label, label_lang="fr",
                     role=written if kind == "Person" else None, represents=represents)
        if state_ent is not None:
            self.use(state_ent)
        self.add(start, stop, ent, "lexicon")

    def _place_named_after(self, j: int) -> _Mention | None:
        """The mention "de X" names from token j, through a place word ("de la province de Hatay")."""
        k = self.de_object(j)
        if k is not None and self.claimed[k] is None and self.doc[k].lower_ in self.lex.place_kind:
            k = self.de_object(k + 1)
        return self.mention_at_token(k) if k is not None else None

    def _state_adjective(self, k: int) -> str | None:
        """The state a lower-case nationality word at token k names ("russe"), if any."""
        if k >= len(self.doc) or not self.doc[k].is_lower:
            return None
        m = self.mention_at_token(k)
        return m.key if m is not None and self.st.entities[m.key].kind == "State" else None

    def _portfolio(self, k: int) -> tuple[str, int] | None:
        """The portfolio written from token k ("de la Défense") and the token after it."""
        if k >= len(self.doc):
            return None
        for words, name in self.lex.portfolios:  # longest first
            end = self.phrase_end(k, words)
            if end is not None:
                return name, end
        return None

    # ------------------------------------------------------------------ 5. generic heads
    def main_country(self) -> str | None:
        """The country the dispatch is mostly about: state mentions, capitals, places' countries, title."""
        if self._main_done:
            return self._main
        self._main_done = True
        score: dict[str, float] = {}
        first_sent_end = next(iter(self.doc.sents)).end_char if len(self.doc) else 0
        for m in self.st.mentions:
            e = self.st.entities[m.key]
            w = 1.0 if m.start >= first_sent_end else 1.5
            state = self.state_of(e)
            if state is None:
                continue
            if e.kind == "State" or e.metonym_of:
                score[state] = score.get(state, 0.0) + w
            else:
                score[state] = score.get(state, 0.0) + 0.5 * w
        for e in self.title_entities():
            state = self.state_of(e)
            if state:
                score[state] = score.get(state, 0.0) + 2
        if score:
            self._main = sorted(score.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        return self._main

    def state_of(self, e: Entity) -> str | None:
        """The state an entity belongs to: itself, its metonym, its forces' state, its container's."""
        seen = 0
        cur: Entity | None = e
        while cur is not None and seen < 5:
            seen += 1
            if cur.kind == "State":
                return cur.key
            if cur.metonym_of:
                return cur.metonym_of
            forces_state = self.kb.state_of_forces(cur.key)
            if forces_state:
                return forces_state
            nxt = cur.located_in
            cur = self.st.entities.get(nxt) or self.kb.get(nxt) if nxt else None
        return None

    def headline_place(self) -> str | None:
        """The one place the title names: a city or region before a country, none if several."""
        # a capital in a title is mostly its state acting ("Moscou revendique …"), not a place
        places = {e.key: e for e in self.title_entities(names_only=True) if e.is_place and not e.metonym_of}
        for pick in ([e for e in places.values() if e.kind != "State"],
                     [e for e in places.values() if e.kind == "State"]):
            if len(pick) == 1:
                return self.use(pick[0]).key
            if pick:
                return None
        return None

    def title_entities(self, *, names_only: bool = False) -> list[Entity]:
        """States and places the title names; ``names_only``: by name, not by a nationality word."""
        title = self.dispatch.title or ""
        words = title.replace("’", "'").split()
        out: list[Entity] = []
        n = len(words)
        for size in (3, 2, 1):
            for a in range(n - size + 1):
                cand = " ".join(words[a : a + size]).strip(',.:;!?()«»"')
                if names_only:
                    cand = re.sub(r"^(?:[dl]'|(?:à|au|en|de|du)\s)", "", cand, flags=re.IGNORECASE)
                if not cand:
                    continue
                hits = self.kb.lookup(cand)
                if not hits or not (hits[0].kind == "State" or hits[0].is_place):
                    continue
                if names_only and (not cand[0].isupper() or cand.lower() in self.kb.demonyms(hits[0].key)):
                    continue
                out.append(hits[0])
        return out

    def generic_heads(self) -> None:
        doc = self.doc
        i = 0
        while i < len(doc):
            if self.claimed[i] is not None:
                i += 1
                continue
            got = self.generic_at(i)
            i = got if got is not None else i + 1

    def head_at(self, i: int) -> tuple[GenericHead, int] | None:
        for h in self.heads_by_first.get(_first_word(self.doc[i].lower_), ()):
            end = self.phrase_end(i, h.text)
            if end is not None:
                return h, end
        return None

    def phrase_end(self, i: int, phrase: str) -> int | None:
        """The token after ``phrase`` (lower case) when the text spells it from token i on,
        ending on a token boundary within six tokens; else None."""
        doc = self.doc
        start = doc[i].idx
        if not self.low.startswith(phrase, start):
            return None
        end_char = start + len(phrase)
        for j in range(i, min(len(doc), i + 6)):
            tend = doc[j].idx + len(doc[j])
            if tend == end_char:
                return j + 1
            if tend > end_char:
                break
        return None

    def de_object(self, j: int) -> int | None:
        """The token after "de"/"du"/"des" at j and an article ("de la Syrie" -> "Syrie"), if any."""
        doc = self.doc
        if j >= len(doc) or doc[j].lower_ not in _DE:
            return None
        k = j + 1
        if k < len(doc) and doc[k].lower_ in {"l'", "la", "le", "les"}:
            k += 1
        return k if k < len(doc) else None

    def generic_at(self, i: int) -> int | None:
        """Resolve a generic head starting at token i; return the token after the mention."""
        found = self.head_at(i)
        if found is None:
            return None
        head, j = found
        if not self.free(i, j):
            return None
        if self.doc[i].pos_ == "ADJ" or self.doc[i].dep_ == "amod":
            return None  # "gains militaires"
        doc = self.doc
        state: str | None = None
        end = j
        blocked = False
        # qualifier: nationality adjective after the head (skipping up to two other adjectives)
        k = j
        skipped = 0
        while k < len(doc) and skipped <= 2:
            t = doc[k]
            if t.lower_ in self.lex.blocking_adjectives:
                blocked = True
                break
            state = self._state_adjective(k)
            if state is not None:
                end = k + 1
                break
            if self.mention_at_token(k) is None and t.pos_ == "ADJ" and t.is_lower:
                k += 1
                skipped += 1
                continue
            break
        if blocked:
            return j
        # "ses troupes de Syrie": the possessive says whose; "de Syrie" says where from
        possessed = i > 0 and doc[i - 1].lower_ in _POSSESSIVE
        k = self.de_object(j) if state is None and not possessed else None
        if k is not None:
            if doc[k].lower_ == "pays" and doc[j].lower_ == "du":
                state, end = self.main_country(), k + 1
            else:
                m = self.mention_at_token(k)
                if m is not None:
                    e = self.st.entities[m.key]
                    st = self.state_behind(e)
                    if st is None:
                        return j  # "les forces du Hezbollah": not a state's
                    state, end = st, self.tokens_of(m.start, m.end)[-1] + 1
                else:
                    inner = self.head_at(k)
                    if inner is not None and inner[0].family == "state":
                        stop = self.generic_at(k)
                        m2 = self.mention_at_token(k)
                        if m2 is not None and stop is not None:
                            state, end = self.state_of(self.st.entities[m2.key]), stop
        if state is None:
            if head.bare:
                state = (
                    self.last_head_state.get(head.text)
                    or self.last_by_family.get(head.family)
                    or self.main_country()
                )
            elif head.possessive_ok and i > 0 and doc[i - 1].lower_ in _POSSESSIVE:
                key = self.last_by_family.get("forces_key")
                if key and key in self.st.entities:
                    self.add(doc[i].idx, doc[j - 1].idx + len(doc[j - 1]), self.st.entities[key], "lexicon")
                return j
        if state is None:
            return j
        state_ent = self.st.entities.get(state) or self.kb.get(state)
        if state_ent is None or state_ent.kind != "State":
            return j
        self.use(state_ent)
        start_c, end_c = doc[i].idx, doc[end - 1].idx + len(doc[end - 1])
        if head.family == "state":
            self.add(start_c, end_c, state_ent, "lexicon")
        else:
            forces = self.kb.forces_of(state) or Entity(
                key=entity_key("ArmedForces", f"armed forces of {state_ent.label}"),
                kind="ArmedForces",
                label=f"armed forces of {state_ent.label}",
            )
            self.add(start_c, end_c, forces, "lexicon")
            self.last_by_family["forces_key"] = forces.key
        self.last_by_family[head.family] = state
        self.last_head_state[head.text] = state
        return end

    def state_behind(self, e: Entity) -> str | None:
        """The state an actor named in a complement stands for ("de Damas", "de Bachar al-Assad")."""
        if e.kind == "State":
            return e.key
        if e.metonym_of:
            return e.metonym_of
        if e.kind == "Person" and e.represents:
            r = self.kb.get(e.represents) or self.st.entities.get(e.represents)
            return r.key if r is not None and r.kind == "State" else None
        return self.kb.state_of_forces(e.key)

    def anaphora(self) -> None:
        """``"la coalition"`` after ``"la coalition sous commandement saoudien"``: the same entity."""
        doc = self.doc
        for t in self.toks:
            if t.lower_ not in self.lex.anaphora or self.claimed[t.i] is not None:
                continue
            if t.i == 0 or doc[t.i - 1].lower_ not in {"la", "le", "l'", "cette", "ce", "cet"}:
                continue
            prefix = fold(t.text)
            for m in reversed(self.st.mentions):
                if m.start >= t.idx:
                    continue
                e = self.st.entities[m.key]
                names = [fold(n) for n in (e.label, *e.aliases)]
                if e.is_actor and any(n == prefix or n.startswith(prefix + " ") for n in names):
                    self.add(t.idx, t.idx + len(t), e, "coref")
                    break

    # ------------------------------------------------------------------ 6. compass regions
    def compass_regions(self) -> None:
        doc = self.doc
        for t in self.toks:
            low = t.lower_
            if low not in self.lex.directions or self.claimed[t.i] is not None:
                continue
            k = t.i + 1
            if k >= len(doc) or doc[k].lower_ not in _DE:
                continue
            k += 1
            if k < len(doc) and doc[k].lower_ in {"la", "l'", "le"}:
                k += 1
            if k >= len(doc):
                continue
            m = self.mention_at_token(k)
            if m is None or m.start != doc[k].idx:
                continue
            place = self.st.entities[m.key]
            if not (place.kind in {"State", "Region"} or "Country" in place.extra_kinds):
                continue
            label = f"{self.lex.directions[low]} {place.label}"
            region = self.st.entities.get(entity_key("Region", label)) or Entity(
                key=entity_key("Region", label),
                kind="Region",
                label=label,
                label_lang="en",
                located_in=place.key,
            )
            self.add(t.idx, m.end, region, "lexicon", nested=True)

    # ------------------------------------------------------------------ 7. short names
    def short_names(self) -> None:
        doc = self.doc
        persons = {m.key for m in self.st.mentions if self.st.entities[m.key].kind == "Person"}
        surnames: dict[str, str] = {}
        for key in sorted(persons):
            e = self.st.entities[key]
            for n in (e.label, *e.aliases, *self.st.surfaces.get(key, [])):
                toks = n.replace("-", " ").split()
                if len(toks) >= 2 and toks[-1][:1].isupper() and len(toks[-1]) > 2:
                    surnames.setdefault(toks[-1], key)
        for t in self.toks:
            if t.text in surnames and self.claimed[t.i] is None and t.is_title:
                if t.i > 0 and doc[t.i - 1].text == "-" and t.i > 1 and doc[t.i - 2].lower_ in {"al", "el"}:
                    start = doc[t.i - 2].idx
                else:
                    start = t.idx
                self.add(start, t.idx + len(t), self.st.entities[surnames[t.text]], "coref")

    # ------------------------------------------------------------------ 8. roles
    def roles(self) -> None:
        doc = self.doc
        spans: list[tuple[Span, str]] = []
        for m in sorted(self.st.mentions, key=lambda m: (m.start, m.end)):
            if self.st.entities[m.key].kind != "Person" or m.nested:
                continue
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is not None:
                spans.append((span, m.key))

        def is_person_token(k: int) -> bool:
            m = self.mention_at_token(k)
            return m is not None and self.st.entities[m.key].kind == "Person"

        readings = read_roles(
            doc, self.text, spans, lex=self.lex, actor_in=self.actors_in, is_person_token=is_person_token
        )
        for r in readings:
            e = self.st.entities[r.person_key]
            changes: dict[str, str] = {}
            if r.role and e.role is None:
                changes["role"] = r.role
            if r.actor_key and r.relation == "represents" and e.represents is None:
                changes["represents"] = r.actor_key
            if r.actor_key and r.relation == "member_of" and e.member_of is None:
                changes["member_of"] = r.actor_key
            if changes:
                e = replace(e, **changes)  # type: ignore[arg-type]
                self.st.entities[e.key] = e
            if r.role:
                # the role phrase names the person too ("l'ambassadeur russe à l'ONU ... a estimé")
                self.add(r.start, r.end, e, "coref", nested=True)
                self.st.surfaces.setdefault(e.key, []).append(r.role)
        self.role_mentions(readings)

    def office_holders(self) -> None:
        """An office named without its holder ("le président ukrainien", "le Premier ministre
        irakien", "le secrétaire général de l'ONU") names who held it on the dispatch's day, when
        the knowledge base's table of offices knows (``kg/data/kb/offices.json``)."""
        doc, day = self.doc, self.dispatch.date
        titles = self.kb.office_titles()
        if day is None or not titles:
            return
        for i in range(1, len(doc)):
            found = self._definite_phrase_at(i, titles)
            if found is None:
                continue
            title, end = found
            m = self.mention_at_token(end) if end < len(doc) and doc[end].is_lower else None
            if m is None and (k := self.de_object(end)) is not None:
                m = self.mention_at_token(k)
            if m is None:
                continue
            stop = self.tokens_of(m.start, m.end)[-1] + 1
            after = self.mention_at_token(stop) if stop < len(doc) else None
            if after is not None and self.st.entities[after.key].kind == "Person":
                continue  # "le président ukrainien Volodymyr Zelensky": the name says who
            holder = self.kb.holder(title, self.st.entities[m.key].key, day)
            if holder is not None:
                self.add(doc[i].idx, doc[stop - 1].idx + len(doc[stop - 1]), holder, "lexicon")

    def role_mentions(self, readings: list[RoleReading]) -> None:
        """A role phrase read with a name stands for that person wherever else the dispatch
        uses it alone ("le président ukrainien" after "le président ukrainien Volodymyr
        Zelensky"); roles of one word or held by two people are left alone."""
        holders: dict[str, set[str]] = {}
        for r in readings:
            if r.role and len(r.role.split()) >= 2:
                holders.setdefault(r.role.lower(), set()).add(r.person_key)
        spans = {(r.start, r.end) for r in readings}
        for role, keys in sorted(holders.items()):
            if len(keys) != 1:
                continue
            person = self.st.entities[next(iter(keys))]
            for found in re.finditer(rf"(?<!\w){re.escape(role)}(?!\w)", self.low):
                start, end = found.span()
                toks = self.tokens_of(start, end)
                if (start, end) in spans or not toks or toks.start == 0:
                    continue
                if self.doc[toks.start - 1].lower_ not in _DEFINITE or self.claimed[toks.start] is not None:
                    continue
                self.add(start, end, person, "coref")

    # ------------------------------------------------------------------ 9. containers
    def containers(self) -> None:
        doc = self.doc
        for m in list(self.st.mentions):
            e = self.st.entities[m.key]
            if e.qid is not None or not e.is_place or e.located_in or e.kind == "State":
                continue
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None:
                continue
            container: str | None = None
            j = span.end
            if j + 2 < len(doc) and doc[j].text == "(":
                m2 = self.mention_at_token(j + 1)
                if m2 is not None and self.st.entities[m2.key].is_place:
                    container = m2.key
            if container is None:
                # "X, dans la commune de Y" / "X, localité de la province de Y"
                k = j
                stop = min(len(doc), j + 9)
                while k < stop and doc[k].text not in {".", ";"}:
                    m2 = self.mention_at_token(k)
                    if m2 is not None and m2.key != e.key:
                        c = self.st.entities[m2.key]
                        prev = doc[k - 1].lower_ if k > 0 else ""
                        if (
                            c.is_place
                            and prev in _DE
                            and _rank_place(c.kind) < _rank_place(e.kind)
                            and any(
                                doc[x].lower_ in self.lex.place_kind or doc[x].lower_ == "dans"
                                for x in range(j, k)
                            )
                        ):
                            container = c.key
                            break
                    k += 1
            if container is None and e.kind == "District":
                sent = span.sent
                cities = [
                    mm
                    for mm in self.st.mentions
                    if sent.start_char <= mm.start < sent.end_char
                    and mm.key != e.key
                    and self.st.entities[mm.key].kind == "City"
                ]
                if cities:
                    cities.sort(key=lambda mm: abs(mm.start - m.start))
                    container = cities[0].key
            if container is not None:
                self.st.entities[e.key] = replace(e, located_in=container)

    # ------------------------------------------------------------------ 10. dateline, publisher
    def dateline(self) -> str | None:
        cand_text: str | None = self.dispatch.dateline
        span: tuple[int, int] | None = None
        if not cand_text:
            span = find_dateline(self.body)
            if span is None:
                return None
        if cand_text:
            hits = [e for e in self.kb.lookup(cand_text) if e.is_place]
            if hits:
                return self.use(hits[0]).key
            return None
        assert span is not None
        s, e = span
        words = self.body[s:e].split()
        pos = s
        offsets: list[tuple[int, int]] = []
        for w in words:
            a = self.body.index(w, pos)
            offsets.append((a, a + len(w)))
            pos = a + len(w)
        for a in range(len(offsets)):  # longest suffix of the words that is a known place
            start, end = offsets[a][0], offsets[-1][1]
            hits = [x for x in self.kb.lookup(self.body[start:end]) if x.is_place]
            if hits:
                place = hits[0]
                covered = any(mm.start <= start and end <= mm.end for mm in self.st.mentions)
                if not covered:
                    self.add(start, end, place, "lexicon")
                return self.use(place).key
        return None

    def publisher(self) -> str | None:
        name = find_publisher(self.body, self.dispatch.publisher)
        if not name:
            return None
        hits = [e for e in self.kb.lookup(name) if e.kind in _ORG_KINDS]
        if hits:
            return self.use(hits[0]).key
        org = Entity(key=entity_key("Organization", name), kind="Organization", label=name, label_lang="fr")
        return self.use(org).key

    # ------------------------------------------------------------------ finish
    def finish(self, dateline: str | None, publisher: str | None, headline_place: str | None) -> Resolution:
        ents = self.st.entities
        # per-dispatch names of entities without a QID: the forms the text uses become altLabels
        for key, surfaces in sorted(self.st.surfaces.items()):
            e = ents[key]
            if e.qid is not None:
                continue
            names = list(e.aliases)
            for s in surfaces:
                s = _strip_article(s.replace("’", "'"))
                if s and s != e.label and s not in names:
                    names.append(s)
            if len(names) != len(e.aliases):
                ents[key] = replace(e, aliases=tuple(names))
        # close the set over the keys entities point to
        todo = list(ents)
        while todo:
            e = ents[todo.pop()]
            for ref in (e.metonym_of, e.located_in, e.represents, e.member_of):
                if ref and ref not in ents:
                    target = self.kb.get(ref)
                    if target is not None:
                        ents[ref] = target
                        todo.append(ref)
        mentions: dict[tuple[int, int, str], EntityMention] = {}
        for m in self.st.mentions:
            mentions.setdefault(
                (m.start, m.end, m.key),
                EntityMention(
                    text=self.body[m.start : m.end],
                    start=m.start,
                    end=m.end,
                    entity_key=m.key,
                    source=m.source,
                ),
            )
        ordered = tuple(mentions[k] for k in sorted(mentions, key=lambda k: (k[0], -k[1], k[2])))
        return Resolution(
            entities=dict(sorted(ents.items())),
            mentions=ordered,
            dateline_key=dateline,
            publisher_key=publisher,
            headline_place_key=headline_place,
        )


def _first_word(s: str) -> str:
    m = _WORD_RE.match(s)
    return m.group(0) if m else s


def _is_acronym(s: str) -> bool:
    caps = sum(1 for c in s if c.isupper())
    return 2 <= len(s) <= 8 and caps >= 2 and s[:1].isupper() and s.replace("-", "").isalnum()


def _rank_place(kind: str) -> int:
    return {"Country": 0, "State": 0, "Region": 1, "City": 2, "District": 3}.get(kind, 4)


def _strip_article(s: str) -> str:
    words = s.split()
    while words and (words[0].lower() in _ARTICLES):
        words = words[1:]
    out = " ".join(words)
    for prefix in ("l'", "d'", "L'", "D'"):
        if out.startswith(prefix):
            out = out[len(prefix) :]
    return out
