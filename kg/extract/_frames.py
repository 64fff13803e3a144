"""The frame engine behind every event family: trigger lexicons -> event mentions.

An event is read in four steps, all driven by the lexicons in ``kg/data/lexicons``
(``diplomacy.v1.json``, ``violence.v1.json``, ``movement.v1.json`` for triggers and
frames, ``frames.v1.json`` for the shared cue words):

1. **Triggers** (:func:`match_triggers`): a token whose lemma is listed (a verb such as
   *rejeter*, a noun such as *offensive*), checked against the entry's constraints —
   light verbs that make a multi-word trigger (*mettre son veto*, *prendre le contrôle*,
   *tomber d'accord*, *ouvrir le feu*), a required dependent (*projet de résolution*,
   *processus de paix*), a required preposition (*entrer dans*), reflexive or passive
   voice, the kind of object (*bloquer* a draft, *dénoncer* an attack).
2. **Slots** (:func:`slots_for`): the syntactic positions around the trigger, read from
   the dependency parse — deep subject and object once passive voice, control,
   participles and relative clauses are undone (``"une proposition rejetée par des
   groupes insurgés"``: the groups are the deep subject, the proposal the deep object),
   prepositional complements by preposition, a nominal trigger's ``de``-complement,
   demonym adjective (``le veto chinois``) and possessive, the subject of the support
   verb that governs it (``le régime mène une campagne de bombardements``), the subject
   of ``être la cible de`` / ``faire l'objet de``, victims of a killing verb, place
   obliques of the trigger's own clause and of its governing clause.
3. **Roles** (:func:`fill_roles`): each class's frame lists, for each role, groups of slots
   tried in order; a slot yields the entities of its noun phrases (coordination,
   appositions and ``de``-chains are followed, capitals resolve to their state for actor
   roles). Places keep the whole chain (``Kadugli, chef-lieu de la province du Kordofan-Sud``).
4. **Mentions** (:func:`analyse`): class refinement (*frappe* + *d'artillerie* ->
   Shelling; *quitter* by civilians -> Displacement, ordered -> Evacuation), filters
   (triggers inside a proper name, prevented acts, nominal objects of a proposal or
   rejection, purposes of an offensive, hypotheticals without actors), same-sentence
   absorption (a verb whose subject is itself a trigger of the same kind), object links,
   and date and status from :mod:`kg.extract.temporal`.

The analysis of a document is computed once and shared by every family extractor; each
extractor keeps its own classes.
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from kg.errors import ExtractionError
from kg.extract import _syntax as syn
from kg.resources import load_json
from kg.types import DocContext, Entity, EventMention, ObjectRef, Status

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = [
    "FAMILIES",
    "ClassFrame",
    "Cues",
    "Lexicon",
    "Roles",
    "TriggerMatch",
    "TriggerSpec",
    "analyse",
    "cues",
    "fill_roles",
    "lexicon",
    "match_triggers",
    "np_actors",
    "np_places",
    "slots_for",
]

log = logging.getLogger(__name__)

FAMILIES = ("diplomacy", "violence", "movement")
ROLE_NAMES = ("agent", "participant", "target", "place")
ACTOR_ROLES = ("agent", "participant", "target")

# ---------------------------------------------------------------------------------------------
# Lexicons


@dataclass(frozen=True)
class ClassFrame:
    """How one event class fills its roles.

    Attributes:
        name: the class local name (``"Veto"``).
        roles: role -> groups of slot names; the first group yielding an entity wins,
            slots within a group are pooled.
        object_slots: slots whose noun phrase is the event's object (what is vetoed, proposed).
        symmetric: parties are pooled as participants (talks, clashes, agreements, truces).
        requires: roles that must be filled, or the mention is dropped.
        require_any: at least one of these must be filled (roles, or ``object``/``xcomp``).
        absorbs_subject_classes: a verb trigger of this class whose subject is a trigger of one
            of these classes is the same happening told by its noun (``un raid a visé``).
    """

    name: str
    roles: Mapping[str, tuple[tuple[str, ...], ...]]
    object_slots: tuple[str, ...] = ()
    symmetric: bool = False
    requires: tuple[str, ...] = ()
    require_any: tuple[str, ...] = ()
    absorbs_subject_classes: frozenset[str] = frozenset()


@dataclass(frozen=True)
class TriggerSpec:
    """One lexicon entry: a lemma that signals an event class, with its constraints."""

    lemma: str
    pos: str
    cls: str
    family: str
    strength: float
    light: frozenset[str] = frozenset()
    needs_light: bool = False
    needs_dep: frozenset[str] = frozenset()
    needs_case_any: frozenset[str] = frozenset()
    needs_own_case_any: frozenset[str] = frozenset()
    exclude_cases: frozenset[str] = frozenset()
    exclude_case_any: frozenset[str] = frozenset()
    exclude_dep_lemmas: frozenset[str] = frozenset()
    exclude_when_head_lemmas: frozenset[str] = frozenset()
    exclude_obj_lemmas: frozenset[str] = frozenset()
    obj_lemmas: frozenset[str] = frozenset()
    obj_classes: frozenset[str] = frozenset()
    needs_obj: bool = False
    exclude_obj: bool = False
    needs_passive: bool = False
    exclude_passive: bool = False  # "le chiffre avancé par des civils": put forward, not advancing
    reflexive: bool | None = None
    reflexive_or_participle: bool = False
    place_object: bool = False
    place_object_not_state: bool = False  # a state is not taken ("la chute de l'URSS")
    requires: tuple[str, ...] | None = None
    require_any: tuple[str, ...] | None = None
    reciprocal: bool = False
    absorbed_by_object_classes: tuple[str, ...] = ()
    civilian_class: str | None = None
    ordered_civilian_class: str | None = None
    bare_modifier: bool = True
    as_modifier_of: frozenset[str] = frozenset()
    strong_mods: frozenset[str] = frozenset()
    roles: Mapping[str, tuple[tuple[str, ...], ...]] | None = None


@dataclass(frozen=True)
class Lexicon:
    """A family lexicon: class frames, trigger entries (by lemma) and subclass refinements."""

    family: str
    classes: Mapping[str, ClassFrame]
    triggers: tuple[TriggerSpec, ...]
    refine: tuple[tuple[str, frozenset[str]], ...] = ()
    refine_applies_to: frozenset[str] = frozenset()
    by_lemma: Mapping[str, tuple[TriggerSpec, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Cues:
    """The shared cue-word lists of ``frames.v1.json`` (see the ``_doc`` entries there)."""

    locative_cases: frozenset[str]
    support_strong: frozenset[str]
    support_weak: frozenset[str]
    container_agentive: frozenset[str]
    container_object: frozenset[str]
    prevent_verbs: frozenset[str]
    order_verbs: frozenset[str]
    casualty_verbs: frozenset[str]
    casualty_objects: frozenset[str]
    target_verbs: frozenset[str]
    attribution_verbs: frozenset[str]
    patient_verbs: frozenset[str]
    cible_nouns: Mapping[str, frozenset[str]]
    holder_nouns: frozenset[str]
    holder_participles: frozenset[str]
    civilian_nouns: frozenset[str]
    draft_nouns: frozenset[str]
    resolution_words: frozenset[str]
    proposer_verbs: frozenset[str]
    mediator_cases: frozenset[str]
    co_agent_cases: frozenset[str]
    hedges: frozenset[str]
    generic_subjects: frozenset[str]
    reciprocal_adverbs: frozenset[str]
    hypothetical_heads: frozenset[str]
    phase_stems: Mapping[str, tuple[str, ...]]
    phased_classes: frozenset[str]
    phrase_containers: frozenset[str]
    transparent_nouns: frozenset[str]
    place_nouns: frozenset[str]
    bare_locative_nouns: frozenset[str]
    count_verbs: frozenset[str]
    opposition_verbs: frozenset[str]
    temporal_nouns: frozenset[str]
    support_oblique: frozenset[str]
    aggregate_min: int
    background_cases: frozenset[str]
    background_containers: frozenset[str]


def _fs(values: Iterable[str] | None) -> frozenset[str]:
    return frozenset(v.lower() for v in (values or ()))


def _groups(raw: Any, where: str) -> tuple[tuple[str, ...], ...]:
    if not isinstance(raw, list) or not all(isinstance(g, list) for g in raw):
        raise ExtractionError(
            "a role must be a list of slot groups", where=where, hint='e.g. [["dsubj"], ["loc"]]'
        )
    return tuple(tuple(str(s) for s in g) for g in raw)


@cache
def cues() -> Cues:
    """The shared cue words (``frames.v1.json``), loaded once."""
    d = load_json("lexicons", "frames.v1.json")
    return Cues(
        locative_cases=_fs(d["locative_cases"]),
        support_strong=_fs(d["support_verbs"]["strong"]),
        support_weak=_fs(d["support_verbs"]["weak"]),
        container_agentive=_fs(d["container_nouns"]["agentive"]),
        container_object=_fs(d["container_nouns"]["object"]),
        prevent_verbs=_fs(d["prevent_verbs"]),
        order_verbs=_fs(d["order_verbs"]),
        casualty_verbs=_fs(d["casualty_verbs"]),
        casualty_objects=_fs(d["casualty_objects"]),
        target_verbs=_fs(d["target_verbs"]),
        attribution_verbs=_fs(d["attribution_verbs"]),
        patient_verbs=_fs(d["patient_verbs"]),
        cible_nouns={k.lower(): _fs(v) for k, v in d["cible_nouns"].items()},
        holder_nouns=_fs(d["holder_nouns"]),
        holder_participles=_fs(d["holder_participles"]),
        civilian_nouns=_fs(d["civilian_nouns"]),
        draft_nouns=_fs(d["draft_nouns"]),
        resolution_words=_fs(d["resolution_words"]),
        proposer_verbs=_fs(d["proposer_verbs"]),
        mediator_cases=_fs(d["mediator_cases"]),
        co_agent_cases=_fs(d["co_agent_cases"]),
        hedges=_fs(d["hedges"]),
        generic_subjects=_fs(d["generic_subjects"]),
        reciprocal_adverbs=_fs(d["reciprocal_adverbs"]),
        hypothetical_heads=_fs(d["hypothetical_heads"]),
        phase_stems={k: tuple(v) for k, v in d["phase_stems"].items() if not k.startswith("_")},
        phased_classes=frozenset(d["phased_classes"]),
        phrase_containers=_fs(d["phrase_containers"]),
        transparent_nouns=_fs(d["transparent_nouns"]),
        place_nouns=_fs(d["place_nouns"]["words"]),
        bare_locative_nouns=_fs(d["bare_locative_nouns"]),
        count_verbs=_fs(d["count_verbs"]),
        opposition_verbs=_fs(d["opposition_verbs"]),
        temporal_nouns=_fs(d["temporal_nouns"]),
        support_oblique=_fs(d["support_oblique_verbs"]),
        aggregate_min=int(d["aggregate_min"]),
        background_cases=_fs(d["background_cases"]),
        background_containers=_fs(d["background_containers"]),
    )


_SPEC_SETS = (
    "light",
    "needs_dep",
    "needs_case_any",
    "needs_own_case_any",
    "exclude_cases",
    "exclude_case_any",
    "exclude_dep_lemmas",
    "exclude_when_head_lemmas",
    "exclude_obj_lemmas",
    "obj_lemmas",
    "as_modifier_of",
    "strong_mods",
)
_SPEC_FLAGS = (
    "needs_light",
    "needs_obj",
    "exclude_obj",
    "needs_passive",
    "exclude_passive",
    "reflexive_or_participle",
    "place_object",
    "place_object_not_state",
    "reciprocal",
    "bare_modifier",
)


@cache
def lexicon(family: str) -> Lexicon:
    """A family lexicon (``kg/data/lexicons/<family>.v1.json``), parsed and checked once.

    Args:
        family: ``"diplomacy"``, ``"violence"`` or ``"movement"``.

    Raises:
        ExtractionError: an entry is malformed (unknown class, bad role groups).
    """
    name = f"{family}.v1.json"
    d = load_json("lexicons", name)
    raw_classes: dict[str, Any] = d["classes"]
    classes: dict[str, ClassFrame] = {}
    for cname, c in raw_classes.items():
        base = raw_classes.get(c["inherit"], {}) if "inherit" in c else {}
        merged = {**base, **{k: v for k, v in c.items() if k != "inherit"}}
        classes[cname] = ClassFrame(
            name=cname,
            roles={r: _groups(g, f"{name} {cname}.{r}") for r, g in merged.get("roles", {}).items()},
            object_slots=tuple(merged.get("object", ())),
            symmetric=bool(merged.get("symmetric", False)),
            requires=tuple(merged.get("requires", ())),
            require_any=tuple(merged.get("require_any", ())),
            absorbs_subject_classes=frozenset(merged.get("absorbs_subject_classes", ())),
        )
    specs: list[TriggerSpec] = []
    for n, t in enumerate(d["triggers"]):
        where = f"{name} trigger #{n} ({t.get('lemma')})"
        if t.get("class") not in classes:
            raise ExtractionError(f"unknown class {t.get('class')!r}", where=where)
        kw: dict[str, Any] = {k: _fs(t.get(k)) for k in _SPEC_SETS}
        kw.update({k: bool(t[k]) for k in _SPEC_FLAGS if k in t})
        if "exclude_reflexive" in t:
            kw["reflexive"] = False
        elif "reflexive" in t:
            kw["reflexive"] = bool(t["reflexive"])
        specs.append(
            TriggerSpec(
                lemma=t["lemma"].lower(),
                pos=t.get("pos", "NOUN"),
                cls=t["class"],
                family=family,
                strength=float(t.get("strength", 0.6)),
                obj_classes=frozenset(t.get("obj_classes", ())),
                requires=tuple(t["requires"]) if "requires" in t else None,
                require_any=tuple(t["require_any"]) if "require_any" in t else None,
                absorbed_by_object_classes=tuple(t.get("absorbed_by_object_classes", ())),
                civilian_class=t.get("civilian_class"),
                ordered_civilian_class=t.get("ordered_civilian_class"),
                roles={r: _groups(g, f"{where}.{r}") for r, g in t["roles"].items()}
                if "roles" in t
                else None,
                **kw,
            )
        )
    by_lemma: dict[str, list[TriggerSpec]] = {}
    for s in specs:
        by_lemma.setdefault(s.lemma, []).append(s)
    refine = tuple((r["class"], _fs(r["lemmas"])) for r in d.get("refine", ()))
    return Lexicon(
        family=family,
        classes=classes,
        triggers=tuple(specs),
        refine=refine,
        refine_applies_to=frozenset(d.get("refine_applies_to", ())),
        by_lemma={k: tuple(v) for k, v in by_lemma.items()},
    )


def all_classes() -> dict[str, ClassFrame]:
    """Every class frame of every family."""
    out: dict[str, ClassFrame] = {}
    for fam in FAMILIES:
        out.update(lexicon(fam).classes)
    return out


# ---------------------------------------------------------------------------------------------
# Trigger matching


@dataclass(frozen=True)
class TriggerMatch:
    """A token matched by a lexicon entry.

    Attributes:
        token: the trigger word.
        spec: the lexicon entry.
        anchor: the token whose syntax gives the roles (the trigger itself, or the noun an
            adjective trigger modifies: ``une action offensive``).
        light: the light verb of a multi-word trigger (``mis`` in ``mis son veto``).
    """

    token: Token
    spec: TriggerSpec
    anchor: Token
    light: Token | None = None

    @property
    def cls(self) -> str:
        return self.spec.cls

    @property
    def is_verbal(self) -> bool:
        return self.spec.pos == "VERB" or (self.spec.pos == "ADJ" and self.anchor == self.token)


_NOUN_POS = frozenset({"NOUN", "PROPN", "X"})
_VERB_POS = frozenset({"VERB", "AUX"})


def _pos_ok(tok: Token, pos: str) -> bool:
    if pos == "NOUN":
        return tok.pos_ in _NOUN_POS or (tok.pos_ == "ADJ" and any(c.dep_ == "det" for c in tok.children))
    if pos == "VERB":
        return tok.pos_ in _VERB_POS or (
            tok.pos_ in ("ADJ", "NOUN", "ADV") and tok.lemma_.lower().endswith(("er", "ir", "re"))
        )
    if pos == "ADJ":
        return tok.pos_ in ("ADJ", "VERB")
    return True


def _lemma_keys(tok: Token) -> list[str]:
    keys = [tok.lemma_.lower(), tok.lower_]
    low = tok.lower_
    # Plural nouns the lemmatizer left alone, and participles tagged as adjectives.
    if low.endswith("s"):
        keys.append(low[:-1])
    for suffix in ("ées", "és", "ée", "é"):
        if low.endswith(suffix):
            keys.append(low[: -len(suffix)] + "er")
            break
    return list(dict.fromkeys(keys))


def _child_lemmas(tok: Token, *, depth: int = 2) -> set[str]:
    out: set[str] = set()
    frontier = [tok]
    for _ in range(depth):
        nxt: list[Token] = []
        for t in frontier:
            for c in t.children:
                if c.dep_ in ("punct", "cc", "det"):
                    continue
                out.add(c.lemma_.lower())
                out.add(c.lower_)
                nxt.append(c)
        frontier = nxt
    return out


def _light_verb(tok: Token, spec: TriggerSpec) -> Token | None:
    if not spec.light:
        return None
    h = tok.head
    for _ in range(2):
        if h == tok:
            return None
        if h.pos_ in _VERB_POS and h.lemma_.lower() in spec.light:
            return h
        if h.pos_ in _VERB_POS:
            return None
        h = h.head
    return None


def _own_cases(tok: Token) -> set[str]:
    cases = {c for c, _ in syn.obliques(tok)}
    verbs = [c for c in tok.children if c.dep_ in ("xcomp", "ccomp", "advcl", "acl") and c.pos_ in _VERB_POS]
    # "appelant les militaires restés sur place à se rendre": the infinitive may hang inside the object
    for o in tok.children:
        if o.dep_ in ("obj", "iobj"):
            for p in o.children:
                if p.dep_ == "acl" and p.pos_ in _VERB_POS:
                    verbs.append(p)  # "appelé les troupes à se retirer"
                    verbs.extend(x for x in p.children if x.dep_ == "xcomp" and x.pos_ in _VERB_POS)
    for v in verbs:
        cases |= {
            mk.lower_.replace("'", "") if mk.lower_ != "d'" else "de"
            for mk in v.children
            if mk.dep_ == "mark"
        }
        if v.dep_ == "acl" and v.head == tok:
            cases |= {cc for cc, _ in syn.obliques(v)}
    return {"de" if x in ("d", "de") else x for x in cases}


def _check_spec(tok: Token, spec: TriggerSpec) -> TriggerMatch | None:
    anchor = tok
    if spec.as_modifier_of:
        if tok.head == tok or tok.head.lemma_.lower() not in spec.as_modifier_of:
            return None
        anchor = tok.head
    light = _light_verb(tok, spec)
    if spec.needs_light and light is None:
        return None
    if spec.needs_dep and not (spec.needs_dep & _child_lemmas(tok)):
        return None
    if spec.exclude_dep_lemmas and spec.exclude_dep_lemmas & _child_lemmas(tok, depth=1):
        return None
    if spec.exclude_when_head_lemmas and (
        tok.head != tok and tok.head.lemma_.lower() in spec.exclude_when_head_lemmas
        # "l'ONU fait entrer …" parsed with "fait" hanging on "entrer"
        or any(c.lemma_.lower() in spec.exclude_when_head_lemmas and tok.i - 2 <= c.i < tok.i
               and c.pos_ in ("VERB", "AUX") for c in tok.children)
    ):
        return None
    own_case = syn.case_of(tok)
    if spec.exclude_cases and own_case in spec.exclude_cases:
        return None
    if spec.needs_own_case_any and own_case not in spec.needs_own_case_any:
        return None
    if spec.needs_case_any:
        cases = _own_cases(tok) | (_own_cases(light) if light is not None else set())
        if not cases & spec.needs_case_any:
            return None
    if spec.exclude_case_any and _own_cases(tok) & spec.exclude_case_any:
        return None
    if spec.pos == "VERB":
        objs = syn.deep_objects(tok)
        if spec.needs_obj and not objs:
            return None
        if spec.exclude_obj and any(
            c.dep_ == "obj" and c.lower_ not in ("se", "s'", "s’") for c in tok.children
        ):
            return None
        if spec.obj_lemmas and not spec.obj_classes:
            cands = objs or _stray_objects(tok)
            if not any(o.lemma_.lower() in spec.obj_lemmas or o.lower_ in spec.obj_lemmas for o in cands):
                return None
        if spec.exclude_obj_lemmas and any(o.lemma_.lower() in spec.exclude_obj_lemmas for o in objs):
            return None
        if spec.needs_passive and not syn.is_passive(tok):
            return None
        if spec.exclude_passive and syn.is_passive(tok):
            return None
        refl = syn.has_reflexive(tok)
        if spec.reflexive is True and not refl:
            return None
        if spec.reflexive is False and refl:
            return None
        if spec.reflexive_or_participle and not (refl or syn.is_past_participle(tok)):
            return None
    if (
        not spec.bare_modifier
        and tok.dep_ in ("amod", "acl")
        and not [c for c in tok.children if c.dep_ not in ("punct", "advmod", "det")]
    ):
        return None
    return TriggerMatch(token=tok, spec=spec, anchor=anchor, light=light)


def _stray_objects(verb: Token) -> list[Token]:
    """Determiner-led noun phrases of a clause with no preposition, when the verb has no object:
    ``a adopté samedi par 12 voix … une résolution`` (the parser hung the object elsewhere)."""
    out = []
    for t in syn.iter_clause(verb):
        if (
            t.i > verb.i
            and t.pos_ == "NOUN"
            and t.dep_ in ("nmod", "obl", "obl:mod", "dep")
            and not syn.case_of(t)
        ):
            if any(c.dep_ == "det" for c in t.children):
                out.append(t)
    return out


def _inside_name(tok: Token, ctx: DocContext) -> bool:
    """Whether a token is a non-head word of a multi-word name (``Armée nationale de libération``)."""
    mention_at = getattr(ctx, "mention_at", None)
    if mention_at is None:
        return False
    m = mention_at(tok)
    if m is None or m.end - m.start <= len(tok.text):
        return False
    return m.start <= tok.head.idx < m.end and tok.head != tok


def match_triggers(doc: Doc, ctx: DocContext, *, families: Sequence[str] = FAMILIES) -> list[TriggerMatch]:
    """Every trigger of the given families in a document, in text order.

    One match per token and class: when two entries of the same class match a token, the
    stronger one is kept. Entries constrained on the class of their object
    (``dénoncer`` + an attack) are checked against the other matches.

    Args:
        doc: the parsed dispatch.
        ctx: the document context (used to skip words inside multi-word names).
        families: the lexicons to read.
    """
    lexes = [lexicon(f) for f in families]
    found: dict[tuple[int, str], TriggerMatch] = {}
    deferred: list[TriggerMatch] = []
    for tok in doc:
        if tok.is_punct or tok.is_space:
            continue
        keys = _lemma_keys(tok)
        for lex in lexes:
            seen: set[int] = set()
            for key in keys:
                for spec in lex.by_lemma.get(key, ()):
                    if id(spec) in seen or not _pos_ok(tok, spec.pos):
                        continue
                    seen.add(id(spec))
                    m = _check_spec(tok, spec)
                    if m is None:
                        continue
                    if spec.obj_classes:
                        deferred.append(m)
                        continue
                    k = (tok.i, spec.cls)
                    if k not in found or found[k].spec.strength < spec.strength:
                        found[k] = m
    for m in deferred:
        objs = syn.deep_objects(m.token)
        heads = {o.i for o in objs}
        ok = any((i, c) in found for i in heads for c in m.spec.obj_classes) or any(
            o.lemma_.lower() in m.spec.obj_lemmas for o in objs
        )
        if ok:
            k = (m.token.i, m.spec.cls)
            if k not in found or found[k].spec.strength < m.spec.strength:
                found[k] = m
    out = [m for m in found.values() if not _inside_name(m.token, ctx)]
    return sorted(out, key=lambda m: (m.token.i, m.cls))


# ---------------------------------------------------------------------------------------------
# Entities of noun phrases


def _actor(tok: Token, ctx: DocContext, *, metonym: bool) -> Entity | None:
    e = ctx.actor_at(tok)
    if e is None:
        return None
    if not metonym:
        direct = ctx.entity_at(tok)
        if direct is not None and direct.metonym_of:
            return None
    return e


def _word_actors(tok: Token, ctx: DocContext, *, metonym: bool) -> list[tuple[Entity, Token]]:
    """The actors one word names, reading hyphenated compounds whole: ``russo-américains`` gives
    Russia and the United States, whether the tokenizer split the compound or not."""
    doc = tok.doc
    start = tok.i
    while (
        start > tok.sent.start
        and doc[start - 1].text == "-"
        and not doc[start - 2].whitespace_
        and not doc[start - 1].whitespace_
    ):
        start -= 2
    end = tok.i
    while (
        end + 2 < len(doc)
        and not doc[end].whitespace_
        and doc[end + 1].text == "-"
        and not doc[end + 1].whitespace_
    ):
        end += 2
    out: list[tuple[Entity, Token]] = []
    for t in doc[start : end + 1]:
        if t.text == "-":
            continue
        e = _actor(t, ctx, metonym=metonym)
        if e is not None:
            out.append((e, t))
        # nested mentions inside one token ("russo" and "américains" in "russo-américains")
        for inner in ctx.entities_in(doc[t.i : t.i + 1]):
            if inner.metonym_of and metonym:
                try:
                    inner = ctx.entity(inner.metonym_of)
                except KeyError:
                    continue
            if inner.is_actor and all(inner.key != x.key for x, _ in out):
                out.append((inner, t))
    return out


_OBJECT_DEPS = frozenset({"obj", "obl", "obl:arg", "obl:mod"})
_PLACE_POS = frozenset({"NOUN", "PROPN", "X", "NUM"})
_QUANTITY_POS = frozenset({"NUM"})


def np_actors(
    head: Token, ctx: DocContext, *, metonym: bool = True, depth: int = 0
) -> list[tuple[Entity, Token]]:
    """The actors a noun phrase names, with the token each was read from.

    Coordinated heads are all read (``la Russie et la Chine``). A head that names no actor
    itself is looked into: demonym adjectives (``des responsables russes et turcs``),
    ``de``-complements (``les rangs des forces turques``, ``neuf des quinze membres du
    Conseil``) and appositions. A relative pronoun stands for its antecedent.

    Args:
        head: the phrase's head token.
        ctx: the document context.
        metonym: whether a capital may stand for its state (``Moscou`` -> Russia).
        depth: recursion depth (internal).
    """
    out: list[tuple[Entity, Token]] = []
    for t in syn.conjuncts(head):
        ante = syn.antecedent(t)
        if ante is not None:
            t = ante
        e = _actor(t, ctx, metonym=metonym)
        if e is not None:
            out.append((e, t))
            continue
        if t.lower_ in _PERSONAL and depth == 0:
            ref = _pronoun_referent(t)
            if ref is not None:
                out.extend(np_actors(ref, ctx, metonym=metonym, depth=depth + 1))
            continue
        if depth >= 3:
            continue
        named = _named_in_apposition(t, ctx, metonym=metonym)
        if named:
            out.extend(named)  # "le ministre russe, Sergueï Choïgou": the person, not Russia
            continue
        inner: list[tuple[Entity, Token]] = []
        for c in t.children:
            if c.dep_ in ("amod",) or (c.dep_ == "det" and "Yes" in c.morph.get("Poss", [])):
                for a in syn.conjuncts(c):
                    inner.extend(_word_actors(a, ctx, metonym=metonym))
        if not inner:
            places = cues().place_nouns
            for c in t.children:
                if c.dep_ in ("nmod", "appos", "flat:name", "flat") and syn.case_of(c) in ("de", ""):
                    if c.dep_ == "nmod" and c.lemma_.lower() in places:
                        continue  # "ses forces du territoire ukrainien": where they are, not whose
                    inner.extend(np_actors(c, ctx, metonym=metonym, depth=depth + 1))
        out.extend(inner)
    return _dedupe(out)


def _named_in_apposition(t: Token, ctx: DocContext, *, metonym: bool) -> list[tuple[Entity, Token]]:
    """A person named in apposition to a common noun: its own ``appos`` child, or a name set off
    by a comma right after the phrase that the parser hung higher ("la responsabilité du
    ministre, Ivan Petrov")."""
    if t.pos_ != "NOUN":
        return []
    cands = [c for c in t.children if c.dep_ == "appos"]
    if (app := syn.adjacent_apposition(t)) is not None:
        cands.append(app)
    out = []
    for c in cands:
        e = _actor(c, ctx, metonym=metonym)
        if e is not None and e.kind == "Person":
            out.append((e, c))
    return out


def _place(tok: Token, ctx: DocContext) -> Entity | None:
    """The place a token names; a state named by a common noun (``le régime``) is an actor, not a place."""
    if tok.pos_ not in _PLACE_POS:
        return None
    e = ctx.place_at(tok)
    if e is not None and tok.pos_ == "NOUN" and e.is_actor and not tok.is_title:
        return None
    return e


_PERSONAL = {
    "il": ("Masc", "Sing"),
    "elle": ("Fem", "Sing"),
    "ils": ("Masc", "Plur"),
    "elles": ("Fem", "Plur"),
}


def _pronoun_referent(pron: Token) -> Token | None:
    """What a subject pronoun stands for, when the resolver gave it nothing: the subject of the
    clause that governs it (``la Russie a affirmé qu'elle devait …``), else the main subject of
    the previous sentence (``La coalition … Elle a admis …``), agreeing in gender and number."""
    want = _PERSONAL.get(pron.lower_)
    if want is None:
        return None

    def agrees(t: Token) -> bool:
        g, n = t.morph.get("Gender", []), t.morph.get("Number", [])
        if t.pos_ == "PROPN" and not g:
            return True
        return (not g or want[0] in g) and (not n or want[1] in n)

    v = syn.clause_head(pron)
    for _ in range(4):
        if v.head == v:
            break
        v = syn.clause_head(v.head)
        subs = [s for s in syn.deep_subjects(v) if s.pos_ in ("NOUN", "PROPN") and s.i < pron.i]
        if subs and agrees(subs[0]):
            return subs[0]
    sent = pron.sent
    if sent.start == 0:
        return None
    prev = pron.doc[sent.start - 1].sent
    subs = [
        s for s in prev.root.children if s.dep_ in ("nsubj", "nsubj:pass") and s.pos_ in ("NOUN", "PROPN")
    ]
    if subs and agrees(subs[0]):
        return subs[0]
    return None


def np_places(
    head: Token, ctx: DocContext, *, depth: int = 0, strict: bool = False
) -> list[tuple[Entity, Token]]:
    """The places a noun phrase names, following the whole chain.

    ``le village de Tel Abiad, dans la province de Raqqa`` gives both places:
    ``de``-complements, appositions, nested locative phrases and coordinations are all read.

    Args:
        head: the phrase's head token.
        ctx: the document context.
        depth: recursion depth (internal).
        strict: refuse places that are also states (for slots where a country is rather the
            attacked party than the scene).
    """
    out: list[tuple[Entity, Token]] = []
    loc = cues().locative_cases
    for t in syn.conjuncts(head):
        ante = syn.antecedent(t)
        if ante is not None:
            t = ante
        e = _place(t, ctx)
        if e is not None and not (strict and ("State" in e.extra_kinds or e.kind in ("State", "Country"))):
            out.append((e, t))
        if depth >= 3:
            continue
        app = syn.adjacent_apposition(t)
        if app is not None:
            out.extend(np_places(app, ctx, depth=depth + 1, strict=strict))
        for c in t.children:
            if c.dep_ in ("nmod", "appos", "flat:name", "flat", "obl", "obl:mod", "amod") and (
                syn.case_of(c) in loc or syn.case_of(c) in ("", "de") or c.dep_ == "appos"
            ):
                if c.dep_ == "amod" and c.pos_ != "ADJ":
                    continue
                out.extend(np_places(c, ctx, depth=depth + 1, strict=strict))
    return _dedupe(out)


def _dedupe(items: list[tuple[Entity, Token]]) -> list[tuple[Entity, Token]]:
    seen: set[str] = set()
    out = []
    for e, t in items:
        if e.key not in seen:
            seen.add(e.key)
            out.append((e, t))
    return out


def _subtree_places(tok: Token, ctx: DocContext) -> list[tuple[Entity, Token]]:
    out = []
    for t in tok.subtree:
        if any(
            x.dep_ in ("nmod", "obl", "obl:mod") and syn.case_of(x) == "selon"
            for x in [t, *t.ancestors]
            if x.i > tok.i or x == t
        ):
            continue  # "d'après Moscou", "selon l'OSDH": a source, not a place
        e = _place(t, ctx)
        if e is not None:
            out.append((e, t))
    return _dedupe(out)


# ---------------------------------------------------------------------------------------------
# Slots


Slots = dict[str, list["Token"]]


def _add(slots: Slots, name: str, toks: Iterable[Token]) -> None:
    lst = slots.setdefault(name, [])
    for t in toks:
        if t not in lst:
            lst.append(t)


def _container_chain(noun: Token) -> list[Token]:
    """Nouns a nominal trigger sits in through ``de`` (``le lancement de l'offensive``)."""
    chain: list[Token] = []
    t = noun
    c = cues()
    for _ in range(3):
        if t.dep_ not in ("nmod", "obl", "obl:arg", "obl:mod") or syn.case_of(t) != "de":
            break
        h = t.head
        # "la reconduction pour trois semaines de la trêve": a duration noun in between is transparent
        if h.lemma_.lower() in c.transparent_nouns and h.dep_ in ("nmod", "obl") and h.head != h:
            h = h.head
        if h.pos_ not in _NOUN_POS or h.lemma_.lower() not in (c.container_agentive | c.container_object):
            break
        chain.append(h)
        t = h
    return chain


def _is_locative(case: str) -> bool:
    """Whether a case marker introduces a place ("à", "près de", "au nord de", "à l'est de")."""
    return case in cues().locative_cases or case.startswith(("au ", "à l", "aux "))


def _locatives(tok: Token, *, exclude: set[int]) -> list[Token]:
    c = cues()
    out = []
    for case, h in syn.obliques(tok):
        if h.i in exclude:
            continue
        if _is_locative(case):
            out.append(h)
        elif not case and h.lemma_.lower() in c.bare_locative_nouns:
            out.append(h)  # "côté gouvernemental d'Alep"
    for ch in tok.children:
        # "A Alep, …" fronted obliques and adverbial "sur place" are plain obl/advmod.
        if ch.dep_ == "advmod" and ch.pos_ in _NOUN_POS and ch.i not in exclude:
            out.append(ch)
        # "se sont ouverts jeudi à Genève": the parser hangs the place on the day
        elif ch.lemma_.lower() in c.temporal_nouns and ch.i > tok.i and ch.i not in exclude:
            for case, h in syn.obliques(ch):
                if h.i not in exclude and h.i > ch.i and _is_locative(case):
                    out.append(h)
    return out


def _clause_locatives(verb: Token, *, exclude: set[int], with_infinitive: bool = False) -> list[Token]:
    """Locative complements of a clause, and of a participle phrase setting its scene
    (``Réunies au Caire, les délégations sont tombées d'accord``); ``with_infinitive``: also of
    the infinitive of a modal or aspectual verb whose subject the event noun is
    (``des pourparlers devraient débuter jeudi à Genève``)."""
    out = _locatives(verb, exclude=exclude)
    for ch in verb.children:
        if (
            ch.dep_ in ("advcl", "acl")
            and ch.i < verb.i
            and "Part" in ch.morph.get("VerbForm", [])
            and ch.i not in exclude
        ):
            out.extend(_locatives(ch, exclude=exclude))
        elif with_infinitive and ch.dep_ == "xcomp" and ch.pos_ in _VERB_POS and ch.i not in exclude:
            out.extend(_locatives(ch, exclude=exclude))
    return out


def _acl_participles(noun: Token) -> list[Token]:
    return [c for c in noun.children if c.dep_ == "acl" and c.pos_ in (*_VERB_POS, "ADJ")]


def _verb_pps(slots: Slots, verb: Token, *, exclude: set[int], prefix: str = "pp:") -> None:
    c = cues()
    for case, h in syn.obliques(verb):
        if h.i in exclude:
            continue
        if case == "dont":
            _add(slots, "dont", [h])
            continue
        if case == "par" and h.dep_ == "obl:agent" or not case:
            continue
        _add(slots, f"{prefix}{case}", [h])
        if case in c.mediator_cases:
            _add(slots, "mediator", [h])
        if case in c.co_agent_cases:
            _add(slots, "coagent", [h])
    for ch in verb.children:
        if ch.dep_ == "iobj":
            _add(slots, "iobj", [ch])
        if ch.dep_ in ("obl:arg", "obl") and syn.case_of(ch) == "à" and ch.i not in exclude:
            _add(slots, "iobj", [ch])


def slots_for(m: TriggerMatch, ctx: DocContext) -> Slots:
    """The syntactic positions around a trigger, each with the head tokens that fill it.

    Slot names: ``dsubj``/``dobj`` (deep subject/object of a verbal trigger or of a light
    verb), ``iobj``, ``pp:<case>`` (prepositional complements, the trigger's own first,
    then its governing verb's), ``de``/``par``/``amod``/``poss`` (a noun's complements),
    ``support_subj`` (subject of the support verb governing a noun), ``support_obj``
    (what a noun subject of *viser*, *toucher* hits), ``cible`` (``X a été la cible de``),
    ``victims`` (killed or wounded in it), ``attrib`` (``attribué à X``), ``mediator``,
    ``coagent``, ``modhead`` (``les délégations en discussion``), ``gov_subj``,
    ``deep_entre``, ``dont``, ``self``, ``loc`` (locative complements of the trigger),
    ``clause_loc`` (of its clause), ``arg_loc`` (places inside its arguments), ``xcomp``.
    """
    c = cues()
    a = m.anchor
    slots: Slots = {}
    own = {a.i, m.token.i}
    _add(slots, "self", [a])
    verbal = a.pos_ in _VERB_POS or (m.spec.pos in ("VERB", "ADJ") and a == m.token)
    if verbal:
        _add(slots, "dsubj", syn.deep_subjects(a))
        _add(slots, "dobj", syn.deep_objects(a))
        _verb_pps(slots, a, exclude=own)
        _add(slots, "loc", _locatives(a, exclude=own))
        for ch in a.children:
            if ch.dep_ in ("xcomp", "ccomp") and ch.pos_ in _VERB_POS:
                _add(slots, "xcomp", [ch])
            if ch.dep_ in ("obj", "iobj"):  # "appelant les militaires restés sur place à se rendre"
                for p in ch.children:
                    if p.dep_ == "acl" and p.pos_ in _VERB_POS and "Inf" in p.morph.get("VerbForm", []):
                        _add(slots, "xcomp", [p])
                    elif p.dep_ == "acl":
                        _add(
                            slots,
                            "xcomp",
                            [x for x in p.children if x.dep_ == "xcomp" and x.pos_ in _VERB_POS],
                        )
        # "Neuf pays ont rejeté le texte, dont la France": a partitive "dont" naming the set's members
        for t in syn.iter_clause(a):
            if (
                t.dep_ == "acl:relcl"
                and t.pos_ in ("PROPN", "NOUN")
                and any(g.lower_ == "dont" for g in t.children)
            ):
                _add(slots, "dont", [t])
        if a.dep_ in ("acl", "amod") and a.head != a:
            _add(slots, "modhead_participle", [a.head])
        gov = a.head if a.head != a and a.dep_ in ("xcomp", "acl", "advcl", "ccomp", "conj") else None
        if gov is not None:
            g = syn.clause_head(gov)
            _add(slots, "clause_loc", _clause_locatives(g, exclude=own | {a.i}))
            for ch in g.children:
                if ch.dep_ == "conj" and ch.pos_ in _VERB_POS and ch != a:
                    continue
    else:
        _noun_slots(m, slots, own)
    if m.light is not None:
        lv = m.light
        _add(slots, "dsubj", [t for t in syn.deep_subjects(lv) if t.i not in own])
        _add(slots, "support_subj", [t for t in syn.deep_subjects(lv) if t.i not in own])
        _add(slots, "support_obj", [t for t in syn.deep_objects(lv) if t.i not in own and t.i != m.token.i])
        _verb_pps(slots, lv, exclude=own | {m.token.i})
        _add(slots, "loc", _locatives(lv, exclude=own | {m.token.i}))
    # entre-phrases anywhere below the trigger ("l'accord … qui a clos le conflit entre X et Y"),
    # and complex prepositions the parser hung lower ("une offensive d'envergure avec l'appui de X")
    for t in a.subtree:
        if t.dep_ in ("nmod", "obl", "obl:mod", "obl:arg") and syn.case_of(t) == "entre" and t.i not in own:
            _add(slots, "deep_entre", [t])
        if t.i != a.i and not verbal:
            for cs, h in syn.obliques(t):
                if cs in c.mediator_cases:
                    _add(slots, "mediator", [h])
                elif cs in c.co_agent_cases:
                    _add(slots, "coagent", [h])
    # who held a place ("Falloujah, bastion du groupe EI", "la ville, tenue par les rebelles")
    for name in ("dobj", "de"):
        for h in slots.get(name, []):
            _add(slots, "holder", _holders(h))
    # places inside the arguments ("les habitants d'Alep-Est ont fui", "entre l'armée et les rebelles à X")
    for name in ("dsubj", "dobj", "de", "iobj", "support_subj", "par", "pp:entre", "pp:avec", "opposed"):
        for h in slots.get(name, []):
            _add(slots, "arg_loc", [t for _, t in _subtree_places(h, ctx)])
    return slots


def _holders(place: Token) -> list[Token]:
    """Who holds a place named by a phrase: an apposition ``bastion/fief de X``, a participle
    ``tenue/contrôlée par X``, ``aux mains de X``."""
    c = cues()
    out: list[Token] = []
    for ch in place.children:
        if ch.dep_ in ("appos", "nmod") and ch.lemma_.lower() in c.holder_nouns:
            out.extend(g for g in ch.children if g.dep_ == "nmod" and syn.case_of(g) == "de")
        elif ch.dep_ == "acl" and ch.lemma_.lower() in c.holder_participles:
            out.extend(g for g in ch.children if g.dep_ == "obl:agent")
    # an apposition the parser attached elsewhere: "la libération de Falloujah, bastion des jihadistes"
    end = max(t.i for t in place.subtree)
    doc = place.doc
    if not out and end + 2 < len(doc) and doc[end + 1].text == ",":
        nxt = doc[end + 2 : min(end + 5, len(doc))]
        app = next((t for t in nxt if t.pos_ == "NOUN"), None)
        if app is not None and app.lemma_.lower() in c.holder_nouns and app.sent.start == place.sent.start:
            out.extend(g for g in app.children if g.dep_ == "nmod" and syn.case_of(g) == "de")
    return out


def _noun_slots(m: TriggerMatch, slots: Slots, own: set[int]) -> None:
    c = cues()
    a = m.anchor
    sources = [a, *_container_chain(a)]
    top = sources[-1]
    for s in sources:
        # "des tirs aériens et d'artillerie de l'armée": a complement the parser hung on a
        # coordinated modifier belongs to the event noun
        for mod in [
            ch for ch in s.children if ch.dep_ == "amod" or (ch.dep_ == "conj" and syn.case_of(ch) == "de")
        ]:
            coordinated = [cj for cj in mod.children if cj.dep_ == "conj" and cj.pos_ in _NOUN_POS]
            if mod.dep_ == "conj":  # "bombardements aériens et d'artillerie du régime"
                coordinated.append(mod)
            for cj in coordinated:
                for case, h in syn.obliques(cj):
                    if case == "de" and h.i not in own:
                        _add(slots, "de", [h])
                    elif case == "par" and h.i not in own:
                        _add(slots, "par", [h])
        for ch in s.children:
            if ch.i in own:
                continue
            if ch.dep_ == "amod" or (ch.dep_ == "nmod" and ch.pos_ == "ADJ"):
                _add(slots, "amod", syn.conjuncts(ch))
            elif ch.dep_ == "det" and "Yes" in ch.morph.get("Poss", []):
                _add(slots, "poss", [ch])
        for case, h in syn.obliques(s):
            if h.i in own or any(h.i == x.i for x in sources):
                continue
            if case == "de":
                _add(slots, "de", [h])
            elif case == "par":
                _add(slots, "par", [h])
            elif case in ("dont", ""):
                continue
            else:
                _add(slots, f"pp:{case}", [h])
                if case in c.mediator_cases:
                    _add(slots, "mediator", [h])
                if case in c.co_agent_cases:
                    _add(slots, "coagent", [h])
        _add(slots, "loc", [h for h in _locatives(s, exclude=own) if syn.case_of(h) != "de"])
        for p in _acl_participles(s):
            plemma = p.lemma_.lower()
            if plemma in c.attribution_verbs:
                _add(slots, "attrib", [h for cs, h in syn.obliques(p) if cs == "à"])
                _add(slots, "attrib", [h for h in p.children if h.dep_ == "obl:agent"])
            elif plemma in c.proposer_verbs:
                _add(slots, "proposer_par", [h for h in p.children if h.dep_ == "obl:agent"])
            elif plemma in c.support_strong and syn.is_passive(p):
                _add(slots, "support_subj", [h for h in p.children if h.dep_ == "obl:agent"])
            for cs, h in syn.obliques(p):
                if cs in ("par", "", "dont"):
                    continue
                _add(slots, f"pp:{cs}", [h])
                if cs in c.mediator_cases:
                    _add(slots, "mediator", [h])
            _add(slots, "loc", _locatives(p, exclude=own))
            for ch in p.children:
                if ch.dep_ in ("obl:mod", "obl") and syn.case_of(ch) == "entre":
                    _add(slots, "pp:entre", [ch])
        # "les délégations en discussion": the noun the trigger phrase modifies
        if (
            s == a
            and syn.case_of(a) in ("en", "sous")
            and a.head.pos_ in _NOUN_POS
            and a.dep_ in ("nmod", "acl")
        ):
            _add(slots, "modhead", [a.head])
    # Governor of the (top) noun phrase.
    g = top.head if top.head != top else None
    if g is None:
        return
    # a core argument hung on a noun is a parse slip ("mène depuis dimanche une campagne"): use the verb
    slip = False
    if top.dep_ in ("obj", "nsubj", "nsubj:pass") and g.pos_ not in _VERB_POS:
        gv = syn.governing_verb(top)
        if gv is not None:
            g = gv
    elif g.pos_ in _NOUN_POS and g.lemma_.lower() in c.temporal_nouns:
        # "ont mené mercredi et jeudi des pourparlers": the partitive read as "de" on the weekday
        gv = syn.governing_verb(g)
        if gv is not None:
            g, slip = gv, True
    # "tuant deux médecins dans le bombardement": a circumstance the parser hung on the verb's object
    if (
        g.pos_ in _NOUN_POS
        and top.dep_ == "nmod"
        and syn.case_of(top) in _CIRCUMSTANCE_CASES
        and g.dep_ in ("obj", "nsubj", "nsubj:pass")
        and g.head != g
        and g.head.pos_ in _VERB_POS
    ):
        g = g.head
    # "X en proie à de violents affrontements"/"X, cible d'une frappe": the noun it hangs from
    if g.pos_ in _NOUN_POS:
        glemma = g.lemma_.lower()
        if glemma in c.cible_nouns and syn.case_of(top) == "de":
            _cible(g, slots)
        elif glemma in c.holder_nouns:
            pass
        elif syn.case_of(top) in ("à", "en") and glemma in ("proie",):
            _add(slots, "modhead", [g.head] if g.head != g else [])
        # a nominal trigger inside a noun phrase governed by a verb: read that verb's obliques
        gv = syn.governing_verb(g)
        if gv is not None:
            _add(slots, "clause_loc", _clause_locatives(gv, exclude=own | {g.i}))
        return
    if g.pos_ not in _VERB_POS and g.pos_ != "ADJ":
        return
    glemma = g.lemma_.lower()
    rel = "obj" if slip else top.dep_
    gsubj = [t for t in syn.deep_subjects(g) if t.i not in own]
    gobj = [t for t in syn.deep_objects(g) if t.i not in own]
    is_subject = top in syn.deep_subjects(g) or rel in ("nsubj", "nsubj:pass") and not syn.is_passive(g)
    if rel == "nsubj:pass" or (syn.is_passive(g) and top in syn.deep_objects(g)):
        is_subject = False
    is_object = top in syn.deep_objects(g) or rel in ("obj", "obl:arg", "obl", "iobj", "nmod")
    if glemma == "faire" and any(ch.dep_ == "obj" and ch.lemma_.lower() == "objet" for ch in g.children):
        _add(slots, "cible", gsubj)
    if glemma in c.patient_verbs and is_object:
        _add(slots, "cible", gsubj)
    # a support verb lends its subject to its object ("le régime mène une campagne"), or to a
    # complement only for verbs built that way ("participer aux négociations", "riposter par des tirs")
    direct = rel in ("obj", "nsubj:pass") or (
        rel in ("obl", "obl:arg", "obl:mod") and glemma in c.support_oblique
    )
    if direct and rel != "nsubj:pass" and glemma in c.support_oblique and syn.is_passive(g) and not gsubj:
        # "les forces sont engagées dans une bataille": the participle's own subject takes part
        gsubj = [t for t in g.children if t.dep_ == "nsubj:pass" and t.i not in own]
    if not is_subject and (m.light is not None and g == m.light or direct and glemma in c.support_strong):
        _add(slots, "support_subj", gsubj)
    elif not is_subject and direct and glemma in c.support_weak:
        _add(slots, "support_subj", gsubj)
    if is_subject and glemma in c.opposition_verbs:
        # "des combats ont opposé l'armée aux rebelles": the sides are the verb's complements
        sides = gobj + [h for cs, h in syn.obliques(g) if cs in ("à", "et", "avec")]
        sides += [h for o in gobj for cs, h in syn.obliques(o) if cs == "à"]  # "les rebelles à l'armée"
        if not gobj:  # "opposaient en fin d'après-midi les peshmergas aux jihadistes": hung on the adjunct
            sides += [
                t
                for t in g.subtree
                if t.i > g.i and (t.dep_ == "obj" or (t.dep_ == "nmod" and syn.case_of(t) == "à"))
            ]
        _add(slots, "opposed", sides)
    if is_subject and glemma in c.target_verbs:
        _add(slots, "support_obj", gobj)
        _add(slots, "loc", _locatives(g, exclude=own))
    if glemma in c.attribution_verbs and top in syn.deep_objects(g):
        _add(slots, "attrib", [h for cs, h in syn.obliques(g) if cs == "à"])
    toll = glemma != "faire" or any(o.lemma_.lower() in c.casualty_objects for o in syn.deep_objects(g))
    if glemma in c.casualty_verbs and toll and not is_subject and not syn.is_passive(g) and glemma != "faire":
        _add(slots, "support_subj", [t for t in gsubj if t.pos_ != "NUM"])
    if glemma in c.casualty_verbs and toll and not is_subject:
        intrans = glemma in ("périr", "mourir", "décéder", "succomber")
        _add(slots, "victims", gsubj if intrans else gobj)
    if glemma in c.casualty_verbs and is_subject and glemma != "faire":
        _add(slots, "victims", gobj)
    _add(slots, "gov_subj", gsubj)
    # the governing verb's obliques also describe the event (the parser attaches loosely)
    gv_slots: Slots = {}
    _verb_pps(gv_slots, g, exclude=own | {top.i})
    for k, v in gv_slots.items():
        if k == "iobj" and glemma not in c.support_strong:
            continue
        _add(slots, k, v)
    _add(slots, "clause_loc", _clause_locatives(g, exclude=own | {top.i},
                                                with_infinitive=top.dep_.startswith("nsubj")))
    # one more clause up for participles and infinitives ("avoir mené une frappe" under "a annoncé")
    if g.dep_ in ("xcomp", "acl", "advcl", "ccomp", "conj") and g.head != g:
        gg = syn.clause_head(g.head)
        _add(slots, "clause_loc", _clause_locatives(gg, exclude=own | {top.i}))


_CIRCUMSTANCE_CASES = frozenset({"dans", "lors de", "sous", "pendant", "au cours de", "à la suite de"})


def _cible(noun: Token, slots: Slots) -> None:
    """``X a été la cible de N``, ``X, cible de N``, ``X fait l'objet de N``: X."""
    if any(ch.dep_ == "cop" for ch in noun.children):
        subs = [ch for ch in noun.children if ch.dep_.startswith("nsubj")]
        if not subs and noun.head != noun and noun.head.pos_ in _VERB_POS:
            subs = syn.deep_subjects(noun.head)  # "elles dénoncent avoir été la cible de …"
        _add(slots, "cible", subs)
    elif noun.dep_ == "appos":
        _add(slots, "cible", [noun.head])
    elif noun.dep_ in ("obj",) and noun.head.lemma_.lower() == "faire":
        _add(slots, "cible", syn.deep_subjects(noun.head))
    elif noun.dep_ in ("nsubj",):
        pass
    else:
        h = noun.head
        if h != noun and h.pos_ in _VERB_POS and any(ch.dep_ == "cop" for ch in h.children):
            _add(slots, "cible", syn.deep_subjects(h))


# ---------------------------------------------------------------------------------------------
# Roles


@dataclass
class Roles:
    """Role fillers of one mention (entity keys in text order) and the tokens they came from."""

    agent: list[str] = field(default_factory=list)
    participant: list[str] = field(default_factory=list)
    target: list[str] = field(default_factory=list)
    place: list[str] = field(default_factory=list)
    tokens: dict[str, list[Token]] = field(default_factory=dict)

    def get(self, role: str) -> list[str]:
        return list(getattr(self, role))

    def filled(self, role: str) -> bool:
        return bool(getattr(self, role))

    @property
    def actors(self) -> bool:
        return bool(self.agent or self.participant or self.target)


def _slot_name(spec: str) -> str:
    """The slot a spec reads: ``de`` for ``de!`` or ``de=``, ``gov_subj`` for ``gov_subj?pp:avec``."""
    return spec.split("?", 1)[0].rstrip("!=")


def _slot_heads(slots: Slots, name: str) -> tuple[list[Token], bool]:
    """Heads of a slot spec (``"de!"``, ``"gov_subj?pp:avec"``) and whether metonyms are allowed."""
    metonym = True
    cond = None
    if "?" in name:
        name, cond = name.split("?", 1)
    if name.endswith("="):
        name = name[:-1]
        if cond is not None and not slots.get(cond):
            return [], metonym
        return [h for h in slots.get(name, []) if h.pos_ in ("PROPN", "NOUN", "PRON")], metonym
    if name.endswith("!"):
        name, metonym = name[:-1], False
    if cond is not None and not slots.get(cond):
        return [], metonym
    return list(slots.get(name, [])), metonym


def fill_roles(
    m: TriggerMatch,
    slots: Slots,
    frame: ClassFrame,
    ctx: DocContext,
    *,
    owner: list[Token] | None = None,
) -> Roles:
    """Fill a mention's roles from its slots, following the class frame (or the entry's override).

    Actor roles take actors, ``place`` takes places; a token fills one actor role only
    (agent first), except for reciprocal verbs (``s'accusent mutuellement``) where the
    agents are also the targets.

    Args:
        m: the trigger.
        slots: its slots (:func:`slots_for`).
        frame: the class frame.
        ctx: the document context.
        owner: heads of the phrase naming whose proposal or draft the object was (``owner`` slot).
    """
    spec_roles = m.spec.roles or {}
    # a slot the trigger's own entry gives to an actor role is not also read for another actor
    # role by the class frame ("invasion": its "de" complement is the invaded, not the invader)
    claimed = {_slot_name(slot) for role, groups in spec_roles.items() if role != "place"
               for group in groups for slot in group}
    roles = Roles()
    used: set[int] = set()
    full = dict(slots)
    if owner:
        full["owner"] = owner
    for role in ROLE_NAMES:
        if role in spec_roles or role == "place":
            groups = spec_roles.get(role, frame.roles.get(role, ()))
        else:
            groups = tuple(
                kept for group in frame.roles.get(role, ())
                if (kept := tuple(slot for slot in group if _slot_name(slot) not in claimed))
            )
        for group in groups:
            found: list[tuple[Entity, Token]] = []
            for slot in group:
                heads, metonym = _slot_heads(full, slot)
                for h in heads:
                    if role == "place":
                        if slot == "arg_loc" and h.i in used:
                            continue  # the state that acts is not where ("la Russie retire ses forces")
                        strict = slot.startswith("pp:contre")
                        found.extend(np_places(h, ctx, strict=strict))
                    elif slot in ("amod", "poss", "self") or slot.endswith("="):
                        words = _word_actors(h, ctx, metonym=metonym)
                        if not words and slot == "poss" and m.anchor.dep_ in _OBJECT_DEPS:
                            # "Moscou cesse son invasion": the possessive stands for the clause's subject
                            words = [x for g in full.get("gov_subj", [])
                                     for x in np_actors(g, ctx, metonym=metonym)]
                        found.extend(words)
                    elif slot == "victims" or (role == "target" and frame.name in _ATTACKS):
                        # civilians hit are victims (a toll), not the attacked party
                        found.extend(
                            x for x in np_actors(h, ctx, metonym=metonym) if not _civilian_entity(x[0], x[1])
                        )
                    else:
                        found.extend(np_actors(h, ctx, metonym=metonym))
            found = _dedupe(found)
            if role != "place":
                found = [(e, t) for e, t in found if t.i not in used]
            if found:
                keys = [e.key for e, _ in sorted(found, key=lambda x: x[1].i)]
                setattr(roles, role, list(dict.fromkeys(keys)))
                roles.tokens[role] = [t for _, t in found]
                if role != "place":
                    used |= {t.i for _, t in found}
                break
    if m.spec.reciprocal and _reciprocal(m.anchor):
        roles.target = list(roles.agent)
    if roles.place:
        # "dans le sud du Liban": the containing place named in the sentence belongs to the scene too
        named = {e.key for e in ctx.entities_in(sentence_of(m.token))}
        for key in list(roles.place):
            seen: set[str] = set()
            up = _entity_or_none(ctx, key)
            while up is not None and up.located_in and up.located_in not in seen:
                seen.add(up.located_in)
                if up.located_in in named and up.located_in not in roles.place:
                    roles.place.append(up.located_in)
                up = _entity_or_none(ctx, up.located_in)
    # Metonymic actors are not also the scene ("le veto de Moscou").
    if roles.place and roles.tokens.get("place"):
        actor_tokens = {t.i for r in ACTOR_ROLES for t in roles.tokens.get(r, [])}
        keep = [
            t for t in roles.tokens["place"] if t.i not in actor_tokens or ctx.actor_at(t) is ctx.place_at(t)
        ]
        kept_keys = {p.key for t in keep if (p := ctx.place_at(t)) is not None}
        roles.place = [k for k in dict.fromkeys(roles.place) if k in kept_keys]
    return roles


_ATTACKS = frozenset({"Attack", "AirStrike", "Shelling", "Bombing"})


def _entity_or_none(ctx: DocContext, key: str) -> Entity | None:
    try:
        return ctx.entity(key)
    except KeyError:
        return None


def _reciprocal(verb: Token) -> bool:
    c = cues()
    return syn.has_reflexive(verb) and any(ch.lower_ in c.reciprocal_adverbs for ch in verb.children)


def _civilian_entity(e: Entity, tok: Token) -> bool:
    c = cues()
    words = {w.lower() for w in (e.label, *e.aliases)}
    return e.kind == "Group" and (
        tok.lemma_.lower() in c.civilian_nouns or any(w.split()[0] in c.civilian_nouns for w in words if w)
    )


def is_civilian_phrase(head: Token) -> bool:
    """Whether a noun phrase names civilians (``les habitants``, ``des dizaines de familles``)."""
    c = cues()
    t = head
    for _ in range(3):
        if t.lemma_.lower() in c.civilian_nouns or t.lower_ in c.civilian_nouns:
            return True
        nxt = [ch for ch in t.children if ch.dep_ == "nmod" and syn.case_of(ch) == "de"]
        if not nxt or not (t.pos_ in _QUANTITY_POS or t.lemma_.lower() in _QUANTITY_NOUNS):
            return False
        t = nxt[0]
    return False


_QUANTITY_NOUNS = frozenset(
    {
        "dizaine",
        "centaine",
        "millier",
        "million",
        "plus",
        "moins",
        "nombre",
        "majorité",
        "partie",
        "groupe",
        "foule",
        "vague",
        "flot",
        "cinquantaine",
        "vingtaine",
        "trentaine",
        "quarantaine",
        "milliers",
        "dizaines",
        "centaines",
        "millions",
        "beaucoup",
        "certain",
        "plusieurs",
        "tous",
        "tout",
    }
)


# ---------------------------------------------------------------------------------------------
# Analysis


@dataclass
class _Draft:
    """A mention being built (mutable until it becomes an EventMention)."""

    match: TriggerMatch
    cls: str
    slots: Slots
    roles: Roles
    object_head: Token | None = None
    object_slot: str | None = None
    ordered: bool = False
    drop: str | None = None
    extra_tokens: list[Token] = field(default_factory=list)
    phase_token: Token | None = None
    object_places: list[str] = field(default_factory=list)

    @property
    def token(self) -> Token:
        return self.match.token

    @property
    def sent_start(self) -> int:
        return sentence_of(self.match.token).start


_CACHE: weakref.WeakKeyDictionary[Any, tuple[int, tuple[EventMention, ...]]] = weakref.WeakKeyDictionary()


def analyse(doc: Doc, ctx: DocContext) -> tuple[EventMention, ...]:
    """All event mentions of every family in a document, computed once per document.

    The result is cached on the context object, so the family extractors called one after
    the other on the same document share one analysis.

    Args:
        doc: the parsed dispatch (offsets into ``ctx.dispatch.body``).
        ctx: the document context.

    Returns:
        Mentions in text order, one per trigger and class (before :func:`kg.extract.merge.merge_events`).
    """
    try:
        cached = _CACHE.get(ctx)
    except TypeError:  # a context that cannot be weakly referenced
        cached = None
    if cached is not None and cached[0] == id(doc):
        return cached[1]
    try:
        result = tuple(_analyse(doc, ctx))
    except (KeyError, IndexError, AttributeError, ValueError) as e:
        raise ExtractionError(f"event analysis failed: {e}", where=ctx.dispatch.source_name) from e
    try:
        _CACHE[ctx] = (id(doc), result)
    except TypeError:
        pass
    return result


def _analyse(doc: Doc, ctx: DocContext) -> list[EventMention]:
    frames = all_classes()
    lexes = {f: lexicon(f) for f in FAMILIES}
    matches = match_triggers(doc, ctx)
    drafts: list[_Draft] = []
    for m in matches:
        frame = frames[m.cls]
        slots = slots_for(m, ctx)
        for cls in _refined_classes(m, slots, lexes[m.spec.family]):
            d = _Draft(match=m, cls=cls, slots=slots, roles=Roles())
            _choose_object(d, frames[cls], ctx)
            owner = _owner(d.object_head, ctx) if d.object_head is not None else []
            clause_owner = _owner_clause(m)
            if clause_owner:
                slots["owner_clause"] = clause_owner
                owner += clause_owner
            d.roles = fill_roles(m, slots, frames.get(cls, frame), ctx, owner=owner or None)
            if d.object_head is not None and any(
                d.object_head.i == t.i for toks in d.roles.tokens.values() for t in toks
            ):
                # "sommé le régime de retirer …": the addressee is a party, not what is asked
                _choose_object(d, frames[cls], ctx, exclude={d.object_head.i})
            _movement_class(d, ctx)
            d.object_places = [
                e.key
                for n in ("dobj", "de", "support_obj")
                for h in slots.get(n, [])
                for e, _ in np_places(h, ctx)
                if not (m.spec.place_object_not_state and e.kind == "State")  # "la chute de l'URSS"
            ]
            drafts.append(d)
    _filter(drafts, frames)
    return _to_mentions(drafts, doc, ctx)


def _refined_classes(m: TriggerMatch, slots: Slots, lex: Lexicon) -> list[str]:
    if m.cls not in lex.refine_applies_to or not lex.refine:
        return [m.cls]
    mods: list[Token] = []
    for ch in m.anchor.children:
        if ch.dep_ == "conj" and syn.case_of(ch) == "de":
            mods.append(ch)  # "bombardements aériens et d'artillerie"
        if ch.dep_ in ("amod", "nmod", "compound", "obl", "obl:mod", "obl:arg") and ch.i != m.anchor.i:
            mods.extend(syn.conjuncts(ch))
            mods.extend(g for g in ch.children if g.dep_ in ("nmod", "amod"))
    for s in slots.get("dsubj", []) if m.is_verbal else []:
        mods.append(s)
        mods.extend(g for g in s.children if g.dep_ == "nmod")
    found: list[str] = []
    for t in mods:
        lem = {t.lemma_.lower(), t.lower_}
        for cls, words in lex.refine:
            if lem & words and cls not in found:
                found.append(cls)
    if not found:
        return [m.cls]
    return found


def _choose_object(d: _Draft, frame: ClassFrame, ctx: DocContext, *, exclude: set[int] | None = None) -> None:
    """The phrase naming what is vetoed, rejected, proposed: the first object slot filled by
    something that is not itself a party (``le véto de Moscou``: Moscow vetoes, it is not vetoed)."""
    d.object_head = d.object_slot = None
    for slot in frame.object_slots:
        if slot == "xcomp":
            if d.slots.get("xcomp"):
                return  # the act asked for is the object (read by _object_ref), its addressee is not
            continue
        heads = [
            h
            for h in d.slots.get(slot, [])
            if (ctx.actor_at(h) is None or h.pos_ == "NOUN") and h.i not in (exclude or set())
        ]
        heads = [h for h in heads if not (slot == "de" and ctx.actor_at(h) is not None)]
        if heads:
            d.object_head = heads[0]
            d.object_slot = slot
            return


def _owner(obj: Token, ctx: DocContext) -> list[Token]:
    """Whose proposal or draft a phrase names: ``la proposition française``, ``le texte de la
    France``, ``le texte proposé par la France``; an intergovernmental body is where a draft
    is voted, not its owner."""
    c = cues()
    out: list[Token] = []
    t = syn.antecedent(obj) or obj
    for ch in t.children:
        if ch.dep_ == "amod" or (ch.dep_ == "nmod" and ch.pos_ == "ADJ"):
            out.extend(a for a in syn.conjuncts(ch) if ctx.actor_at(a) is not None)
        elif ch.dep_ == "nmod" and syn.case_of(ch) == "de":
            out.extend(
                x
                for _, x in np_actors(ch, ctx)
                if (
                    ctx.actor_at(x)
                    and ctx.actor_at(x).kind  # type: ignore[union-attr]
                    != "IntergovernmentalOrganization"
                )
            )
    if not out:
        # "le texte appelant à … proposé par la France": the participle may hang lower in the phrase
        for x in t.subtree:
            if x.dep_ == "acl" and x.lemma_.lower() in c.proposer_verbs and syn.is_passive(x):
                out.extend(g for g in x.children if g.dep_ == "obl:agent")
                break
    h = t.head
    if (
        not out
        and h != t
        and h.pos_ in _VERB_POS
        and h.lemma_.lower() in c.proposer_verbs
        and t in syn.deep_objects(h)
    ):
        out.extend(syn.deep_subjects(h))
    return out


def _owner_clause(m: TriggerMatch) -> list[Token]:
    """For ``…, une proposition immédiatement rejetée par …``: a summary noun after a comma
    stands for the preceding clause, whose subject proposed it."""
    a = m.anchor
    noun = a if a.pos_ in _NOUN_POS else (a.head if a.dep_ == "acl" else None)
    if noun is None or noun.i == 0:
        return []
    prev = noun.doc[noun.i - 1]
    if prev.text != "," and not (noun.i > 1 and noun.doc[noun.i - 2].text == "," and prev.dep_ == "det"):
        return []
    h = noun.head
    if h == noun or h.pos_ not in _VERB_POS:
        return []
    subs = syn.deep_subjects(h)
    if subs and all(s.pos_ == "PRON" for s in subs):
        up = syn.clause_head(h.head) if h.head != h else h
        subs = syn.deep_subjects(up) or subs
    return subs


def _movement_class(d: _Draft, ctx: DocContext) -> None:
    spec = d.match.spec
    if not spec.civilian_class:
        return
    movers = d.slots.get("dsubj", []) + d.slots.get("de", [])
    if spec.roles and "agent" in spec.roles:
        names = [s.rstrip("!") for g in spec.roles["agent"] for s in g]
        movers = [t for n in names for t in d.slots.get(n, [])]
    if not any(is_civilian_phrase(t) for t in movers):
        return
    ordered = _is_ordered(d.match.anchor)
    if ordered and spec.ordered_civilian_class:
        d.cls = spec.ordered_civilian_class
        d.ordered = True
        frame = all_classes()[d.cls]
        # the movers are the evacuated
        ents: list[str] = []
        for t in movers:
            ents.extend(e.key for e, _ in np_actors(t, ctx))
        d.roles.target = list(dict.fromkeys(ents))
        d.roles.agent = []
        if not d.roles.place:
            d.roles.place = fill_roles(d.match, d.slots, frame, ctx).place
    else:
        d.cls = spec.civilian_class


def _is_ordered(tok: Token) -> bool:
    c = cues()
    t = tok
    for _ in range(3):
        if t.head == t:
            return False
        h = t.head
        if h.lemma_.lower() in c.order_verbs and t.dep_ in (
            "xcomp",
            "ccomp",
            "obj",
            "obl:arg",
            "advcl",
            "acl",
        ):
            return True
        t = h
    return False


def _governs_directly(gov: Token, tok: Token, *, through: frozenset[str]) -> bool:
    """Whether ``tok`` is the object-like complement of ``gov``, possibly through container nouns."""
    t = tok
    for _ in range(4):
        if t.head == t:
            return False
        if t.head == gov:
            return (
                t.dep_ in ("obj", "obl:arg", "obl", "iobj", "xcomp", "ccomp", "nsubj:pass")
                or (t.dep_ == "nmod" and gov.pos_ in _NOUN_POS)
                or (
                    t.dep_ == "obl:mod" and not syn.case_of(t)
                )  # a bare object the parser took for an adjunct
            )
        if t.head.pos_ in _NOUN_POS and t.head.lemma_.lower() in through and syn.case_of(t) == "de":
            t = t.head
            continue
        return False
    return False


_OBJECT_TAKERS = frozenset({"Proposal", "Rejection", "Veto", "ResolutionAdoption"})


def _filter(drafts: list[_Draft], frames: Mapping[str, ClassFrame]) -> None:
    """Mark the drafts that are not events of their own (``draft.drop`` says why).

    First the tellings of one happening inside a sentence are folded (their roles go to the
    telling that stays), then acts that did not or need not happen as events are dropped.
    """
    at: dict[int, list[_Draft]] = {}
    for d in drafts:
        at.setdefault(d.match.anchor.i, []).append(d)
        if d.token.i != d.match.anchor.i:
            at.setdefault(d.token.i, []).append(d)
    _fold_verbs_into_nouns(drafts, at, frames)
    # a governor that was folded into another telling still governs its complements
    takers = [d for d in drafts if d.cls in _OBJECT_TAKERS or (d.cls == "Negotiation" and d.match.is_verbal)]
    accusers = [d for d in drafts if d.cls == "Accusation" and d.match.is_verbal]
    for d in drafts:
        if d.drop is None:
            d.drop = _drop_reason(d, drafts, takers, accusers, frames)
    _fold_same_sentence(drafts)


def _fold_verbs_into_nouns(
    drafts: list[_Draft], at: Mapping[int, list[_Draft]], frames: Mapping[str, ClassFrame]
) -> None:
    """``un raid a visé X``, ``l'accord négocié à Moscou``, ``soumis un projet de résolution``:
    the verb tells the noun's happening; its roles go to the noun's mention."""
    for d in drafts:
        m, a = d.match, d.match.anchor
        if m.is_verbal:
            frame = frames[d.cls]
            subs = [t for t in d.slots.get("dsubj", []) if t.i != a.i]
            if syn.is_passive(a):
                # "la ville a été visée par des missiles": the parser often reads the agent as an adjunct
                subs += [h for cs, h in syn.obliques(a) if cs == "par" and h not in subs]
            if a.dep_ == "acl" and not syn.is_passive(a):
                subs.append(a.head)
            if a.dep_ == "acl" and syn.is_passive(a):
                # "un projet de résolution présenté par la France": the participle tells the noun's act
                hosts_i = [a.head.i] + ([a.head.head.i] if a.head.dep_ == "nmod" else [])
                same = [
                    o
                    for i in hosts_i
                    for o in at.get(i, [])
                    if o is not d and o.cls == d.cls and not o.match.is_verbal
                ]
                if same:
                    d.drop = "told by the noun it describes"
                    for o in same:
                        _absorb(o, d)
                    continue
            hosts = [
                o
                for t in subs
                for o in at.get(t.i, [])
                if o is not d and o.cls in frame.absorbs_subject_classes
            ]
            if frame.absorbs_subject_classes and hosts:
                d.drop = "told by its subject"
                for h in hosts:
                    _absorb(h, d, roles=("target", "place"))
                continue
            wanted = m.spec.absorbed_by_object_classes
            if wanted:
                objs = [t for t in d.slots.get("dobj", [])]
                objs += [t.head for t in objs if t.dep_ == "nmod" and t.head != t]
                hosts = [o for t in objs for o in at.get(t.i, []) if o is not d and o.cls in wanted]
                if hosts:
                    d.drop = "told by its object"
                    best = min(
                        hosts, key=lambda o: (wanted.index(o.cls) if o.cls in wanted else 9, o.token.i)
                    )
                    _absorb(best, d, roles=("participant", "place"))
                    continue
        elif d.cls == "Proposal":
            # a proposal noun that a proposal verb governs is told by the verb
            gov = a.head
            verbs = [o for o in at.get(gov.i, []) if o.cls == "Proposal" and o is not d] if gov != a else []
            if verbs and a in syn.deep_objects(gov):
                d.drop = "told by its verb"
                for v in verbs:
                    _absorb(v, d)


def _drop_reason(
    d: _Draft,
    drafts: list[_Draft],
    takers: list[_Draft],
    accusers: list[_Draft],
    frames: Mapping[str, ClassFrame],
) -> str | None:
    c = cues()
    m, a = d.match, d.match.anchor
    frame = frames[d.cls]
    # prevented acts ("empêcher l'adoption", "empêcher les civils de quitter")
    t = a
    for _ in range(3):
        if t.head == t:
            break
        if t.head.lemma_.lower() in c.prevent_verbs and t.dep_ in (
            "obj",
            "xcomp",
            "obl:arg",
            "ccomp",
            "advcl",
        ):
            return "prevented"
        if t.head.pos_ in _NOUN_POS and t.head.lemma_.lower() in c.container_object:
            t = t.head
            continue
        break
    # statistics, not happenings ("4.000 tirs recensés", "237 attaques recensées en 2018")
    if not m.is_verbal:
        if any(ch.dep_ == "nummod" and _number(ch) >= c.aggregate_min for ch in a.children):
            return "a count of events"
        if (a.head.lemma_.lower() in c.count_verbs and a.dep_ in ("obj", "nsubj:pass")) or any(
            ch.dep_ == "acl" and ch.lemma_.lower() in c.count_verbs for ch in a.children
        ):
            return "a count of events"
        # "des tirs de roquettes": the weapon noun tells the same attack as its head
        h = a.head
        if (
            h != a
            and a.dep_ == "nmod"
            and syn.case_of(a) == "de"
            and any(o.cls in _family_of(d.cls) and o.match.token.i == h.i for o in drafts)
        ):
            return "told by its head noun"
    # conditions ("en cas de retrait"): nothing happened
    if not m.is_verbal and syn.case_of(a) == "de" and a.head.lemma_.lower() in c.hypothetical_heads:
        return "condition"
    # a nominal act that someone proposes or rejects is the object of that act, not an event
    if not m.is_verbal and d.cls != "Proposal":
        for tk in takers:
            if tk is d or tk.match.token.i == a.i:
                continue
            if tk.cls == "Negotiation" and d.cls in tk.match.spec.absorbed_by_object_classes:
                continue  # an agreement or truce negotiated is the talks' outcome, an event of its own
            if _governs_directly(tk.match.anchor, a, through=c.container_object) or (
                tk.match.light is not None
                and _governs_directly(tk.match.light, a, through=c.container_object)
            ):
                return f"object of {tk.cls}"
    # what someone is accused of is the accusation's object ("s'accusent de bombarder")
    for ac in accusers:
        if ac is not d and d.cls != "Accusation" and m.is_verbal and a.dep_ in ("xcomp", "ccomp", "advcl"):
            if _governs_directly(ac.match.anchor, a, through=frozenset()):
                return "accused act"
    # the goal of an offensive or a battle ("une offensive pour reprendre la ville")
    if (
        d.cls == "Capture"
        and m.is_verbal
        and any(ch.dep_ == "mark" and ch.lower_ == "pour" for ch in a.children)
    ):
        h = a.head
        clause = {t.i for t in syn.iter_clause(h)} | {h.i}
        goal_of = [
            o for o in drafts if o.cls in ("Offensive", "Clash") and o.match.anchor.i in clause and not o.drop
        ]
        if goal_of:
            for o in goal_of:
                if not o.roles.place:
                    o.roles.place = list(d.roles.place)
            return "goal of an offensive"
    # role requirements
    requires = m.spec.requires if m.spec.requires is not None else frame.requires
    if any(not d.roles.filled(r) for r in requires):
        return "missing " + ",".join(r for r in requires if not d.roles.filled(r))
    if m.spec.place_object and not d.object_places:
        return "no place taken"
    require_any = m.spec.require_any if m.spec.require_any is not None else frame.require_any
    if require_any and not any(_has(d, r) for r in require_any):
        return "no role"
    # hypotheticals with nobody acting ("un pays qui mettrait son veto")
    if _conditional_clause(a):
        if not d.roles.actors and d.cls != "Ceasefire":
            return "hypothetical"
        subj = d.slots.get("dsubj", []) + d.slots.get("support_subj", [])
        if subj and all(
            s.lemma_.lower() in c.generic_subjects and any(x.lower_ in ("un", "une") for x in s.children)
            for s in subj
        ):
            return "hypothetical"
    return None


def _number(tok: Token) -> float:
    text = tok.text.replace(".", "").replace(" ", "").replace(",", ".").replace("\u202f", "")
    try:
        return float(text)
    except ValueError:
        return 0.0


def _family_of(cls: str) -> frozenset[str]:
    return _ATTACKS if cls in _ATTACKS else frozenset({cls})


def _fold_same_sentence(drafts: list[_Draft]) -> None:
    """One happening told twice in a sentence: a noun and a verb of the same class sharing an
    actor (``l'offensive de l'armée … l'armée grignote``), an agentless proposal beside one with
    its author, two object-taking acts on the same draft (``un texte appelant à …, proposé par …``)."""
    kept = [d for d in drafts if d.drop is None]
    # "des frappes aériennes et des tirs d'artillerie du régime contre la Ghouta": coordinated
    # event nouns share the complements the parser gave to the last one
    for d in kept:
        if d.match.is_verbal:
            continue
        for e in kept:
            if e is d or e.match.is_verbal or e.sent_start != d.sent_start:
                continue
            ea, da = e.match.anchor, d.match.anchor
            if ea.i > da.i and ea.dep_ == "conj" and (ea.head == da or ea.head.head == da):
                for role in ROLE_NAMES:
                    if not d.roles.get(role) and e.roles.get(role):
                        setattr(d.roles, role, e.roles.get(role))
    for d in kept:
        if d.drop or d.match.is_verbal:
            continue
        for e in kept:
            if e is d or e.drop or not e.match.is_verbal or e.cls != d.cls or e.sent_start != d.sent_start:
                continue
            if (set(d.roles.agent) | set(d.roles.participant)) & (
                set(e.roles.agent) | set(e.roles.participant)
            ):
                _absorb(d, e)
                e.drop = "told by a noun of the same sentence"
    for d in kept:
        if d.drop or d.cls != "Proposal" or d.roles.actors:
            continue
        for e in kept:
            if (
                e is not d
                and not e.drop
                and e.cls == d.cls
                and e.sent_start == d.sent_start
                and e.roles.actors
            ):
                d.drop = "agentless retelling of a proposal of the same sentence"
                break
    for i, d in enumerate(kept):
        if d.drop or d.cls not in _OBJECT_TAKERS:
            continue
        theme = _theme(d)
        if theme is None:
            continue
        for e in kept[i + 1 :]:
            if e.drop or e.cls != d.cls or e.sent_start != d.sent_start:
                continue
            if _theme(e) == theme:
                _absorb(d, e)
                e.drop = "same theme"


def _theme(d: _Draft) -> int | None:
    c = cues()
    if d.object_head is not None:
        return d.object_head.i
    for s in d.slots.get("dsubj", []):
        if s.lemma_.lower() in c.draft_nouns:
            return s.i
    if d.match.anchor.dep_ == "acl":
        return d.match.anchor.head.i
    return None


def _absorb(d: _Draft, e: _Draft, *, roles: Sequence[str] = ROLE_NAMES) -> None:
    """Give ``e``'s role fillers to ``d`` (``e`` told the same happening)."""
    for role in roles:
        merged = list(dict.fromkeys(d.roles.get(role) + e.roles.get(role)))
        setattr(d.roles, role, merged)


def _has(d: _Draft, what: str) -> bool:
    if what in ROLE_NAMES:
        if what == "agent" and d.cls == "Displacement" and not d.roles.agent:
            # "2 800 personnes ont été déplacées": civilians are named even when no entity is
            return any(is_civilian_phrase(t) for n in ("dsubj", "dobj", "de") for t in d.slots.get(n, []))
        return d.roles.filled(what)
    if what == "object":
        return d.object_head is not None
    if what == "xcomp":
        return bool(d.slots.get("xcomp"))
    if what == "light":
        return d.match.light is not None
    if what == "strong_mod":
        return bool(d.match.spec.strong_mods & _child_lemmas(d.match.anchor, depth=2))
    return bool(d.slots.get(what))


def _conditional_clause(tok: Token) -> bool:
    from kg.extract.temporal import tense_of

    t = tok
    for _ in range(6):
        if t.pos_ in _VERB_POS and ("Cnd" in t.morph.get("Mood", []) or tense_of(t) == "conditional"):
            # "des pourparlers devraient débuter mardi": what is expected, not a hypothesis
            return not (t.lemma_.lower() == "devoir" and any(ch.dep_ == "xcomp" for ch in t.children))
        if any(ch.dep_.startswith("aux") and "Cnd" in ch.morph.get("Mood", []) for ch in t.children):
            return True
        if t.pos_ in _VERB_POS and syn.is_finite(t):
            return False
        if t.head == t:
            return False
        t = t.head
    return False


def _np_text(head: Token, ctx: DocContext) -> tuple[str, int, int]:
    # the noun phrase without its own preposition ("à un projet" -> "un projet")
    toks = [t for t in head.subtree if not _in_clause_below(t, head)
            and not (t.dep_ == "case" and t.head == head and t.i < head.i)] or [head]
    start = min(t.idx for t in toks)
    end = max(t.idx + len(t) for t in toks)
    body = ctx.dispatch.body
    text = body[start:end].strip(" ,")
    if len(text) > 160:
        text = text[:160].rsplit(" ", 1)[0]
    return text, start, start + len(text)


def _in_clause_below(t: Token, head: Token) -> bool:
    x = t
    while x != head and x.head != x:
        if x.dep_ in ("acl:relcl", "acl", "appos", "punct") and x.i > head.i:
            return True
        x = x.head
    return False


def phase_of(word: str) -> str | None:
    """The act a word names on a lasting state (``"extend"`` for *prolongé*, ``"start"`` for
    *vigueur*), or ``None``."""
    low = word.lower()
    for phase, stems in cues().phase_stems.items():
        if low.startswith(stems):
            return phase
    return None


def _phase_predicates(noun: Token) -> list[tuple[str, Token]]:
    """The acts a truce noun is told with: ``la prolongation du cessez-le-feu``, ``le cessez-le-feu,
    en vigueur depuis le 9 mai, … prolongé``, ``la trêve en vigueur``, ``prolonger la trêve``."""
    cands: list[Token] = list(_container_chain(noun))
    cands += [x for cn in list(cands) for x in cn.children if x.dep_ in ("nmod", "amod", "acl")]
    up = noun
    for _ in range(2):  # "la reconduction pour trois semaines de la trêve"
        if up.head == up or up.head.pos_ not in _NOUN_POS or up.dep_ not in ("nmod", "obl"):
            break
        up = up.head
        cands.append(up)
    h = noun.head
    if h != noun and h.pos_ in _VERB_POS and noun.dep_ in ("obj", "nsubj", "nsubj:pass", "obl:arg"):
        cands.append(h)
        cands.extend(
            x for x in h.children if x.dep_ in ("obl", "obl:arg", "obl:mod", "xcomp") and x.i != noun.i
        )
    for ch in noun.children:
        if ch.dep_ in ("acl", "amod", "nmod") and ch.pos_ in (*_VERB_POS, "ADJ", "NOUN"):
            cands.append(ch)
            cands.extend(
                x for x in ch.children if x.dep_ in ("obl", "obl:arg", "obl:mod", "xcomp", "nmod", "conj")
            )
            for cj in syn.conjuncts(ch)[1:]:
                cands.append(cj)
    out: list[tuple[str, Token]] = []
    for t in sorted(cands, key=lambda t: t.i):
        ph = phase_of(t.text) or phase_of(t.lemma_)
        if ph and ph not in [p for p, _ in out]:
            out.append((ph, t))
    return out


def _split_phases(drafts: list[_Draft]) -> list[_Draft]:
    """A truce told with two acts (entered into force …, then extended) is two events."""
    c = cues()
    out: list[_Draft] = []
    for d in drafts:
        out.append(d)
        if d.drop or d.cls not in c.phased_classes or d.match.is_verbal:
            continue
        preds = _phase_predicates(d.match.anchor)
        if not preds:
            continue
        d.phase_token = preds[0][1]
        for _, tok in preds[1:]:
            extra = _Draft(
                match=d.match,
                cls=d.cls,
                slots=d.slots,
                roles=d.roles,
                object_head=d.object_head,
                object_slot=d.object_slot,
            )
            extra.phase_token = tok
            extra.extra_tokens = [tok]
            out.append(extra)
    return out


def _trigger_tokens(d: _Draft) -> list[Token]:
    """The words of a trigger: the word, its light verb, its phase predicate, its collective
    container (``un cycle de négociations``); an extra act of a truce is its own word."""
    if d.extra_tokens:
        return list(d.extra_tokens)
    m = d.match
    toks = [m.token] + ([m.light] if m.light is not None else [])
    if d.phase_token is not None and abs(d.phase_token.i - m.token.i) <= 8:
        toks.append(d.phase_token)
    if not m.is_verbal:
        chain = _container_chain(m.anchor)
        if chain and chain[0].lemma_.lower() in cues().phrase_containers:
            toks.append(chain[0])
    return toks


def _to_mentions(drafts: list[_Draft], doc: Doc, ctx: DocContext) -> list[EventMention]:
    from kg.extract import temporal

    c = cues()
    frames = all_classes()
    for d in drafts:
        if d.drop:
            log.debug("dropped %s %r: %s", d.cls, d.token.text, d.drop)
    kept = _split_phases([d for d in drafts if d.drop is None])
    ids: dict[int, str] = {id(d): _local_id(d) for d in kept}
    by_tok: dict[int, list[_Draft]] = {}
    for d in kept:
        by_tok.setdefault(d.token.i, []).append(d)
        by_tok.setdefault(d.match.anchor.i, []).append(d)
    objects = {id(d): _object_ref(d, by_tok, ctx) for d in kept}
    # what a proposal demands is planned ("appelant les militaires à se rendre")
    demanded = {
        o.event_id for d in kept if d.cls == "Proposal" and (o := objects[id(d)]) is not None and o.event_id
    }
    out: list[EventMention] = []
    for d in kept:
        m = d.match
        sent: Span = sentence_of(m.token)
        toks = _trigger_tokens(d)
        a, b = min(t.i for t in toks), max(t.i for t in toks) + 1
        trigger = ctx.evidence(doc[a:b])
        timed = d.phase_token if d.phase_token is not None and d.phase_token.pos_ in _VERB_POS else m.anchor
        dates, date_text = _event_time(timed, ctx, doc)
        status = temporal.event_status(m.anchor, ctx)
        if d.ordered and status is Status.OCCURRED:
            status = Status.PLANNED
        if status is Status.PLANNED and d.cls in _SPEECH_ACTS and m.is_verbal and not _own_modality(m.anchor):
            status = Status.OCCURRED
        if (
            status is Status.NEGATED
            and d.cls in _SPEECH_ACTS
            and m.anchor.dep_ == "acl"
            and not syn.is_negated(m.anchor)
        ):
            # "échoué à s'accorder sur une déclaration appelant à …": the draft's call was made
            status = Status.OCCURRED
        if status is Status.OCCURRED and ids[id(d)] in demanded:
            status = Status.PLANNED
        obj = objects[id(d)]
        conf = _confidence(d, frames[d.cls], c)
        out.append(
            EventMention(
                local_id=ids[id(d)],
                event_class=d.cls,
                trigger=trigger,
                evidence=(ctx.evidence(sent),),
                agent=tuple(d.roles.agent),
                target=tuple(d.roles.target),
                participant=tuple(d.roles.participant),
                place=tuple(d.roles.place),
                date=tuple(dates),
                date_text=date_text,
                status=status,
                object=obj,
                confidence=conf,
                extractor=f"kg.{_EXTRACTOR_OF[d.cls]}.v1",
            )
        )
    return sorted(out, key=lambda e: (e.trigger.start, e.event_class))


def _event_time(trigger: Token, ctx: DocContext, doc: Doc) -> tuple[tuple[Any, ...], str | None]:
    """The date of an event: :func:`kg.extract.temporal.event_time`, except for a noun.

    A noun phrase that carries its own time expression (``l'offensive lancée le 15
    novembre``) is dated by it; a noun in a background phrase (``au deuxième jour d'une
    trêve``, ``en dépit de la trêve``, ``depuis le début de l'offensive``) is not dated by the
    clause it sits in.
    """
    from kg.extract import temporal

    if trigger.pos_ in _VERB_POS:
        return temporal.event_time(trigger, ctx)
    c = cues()
    chain = [trigger, *_container_chain(trigger)]
    top = chain[-1]
    toks = [t for t in top.subtree if not (t.dep_ == "acl:relcl" and t.head == top)]
    lo, hi = min(t.i for t in toks), max(t.i for t in toks) + 1
    # an absolute date inside the phrase ("lancée le 15 novembre"); weekdays are left to the clause
    if hi + 1 < len(doc) and doc[hi].text == "," and doc[hi].sent.start == trigger.sent.start:
        hi = min(hi + 6, trigger.sent.end)  # "l'entrée en vigueur de la trêve, jeudi 3 mars"
    own = [x for x in ctx.times_in(doc[lo:hi]) if x.values and any(ch.isdigit() for ch in x.text)]
    if own:
        return tuple(own[0].values), own[0].text
    background = syn.case_of(top) in c.background_cases or any(
        n.lemma_.lower() in c.background_containers for n in chain[1:]
    )
    if background:
        # "depuis le début de l'offensive le 3 mars": a date right after the phrase is the
        # phrase's own, however the parser hung it (the clause tells a span since then)
        after = doc[hi:min(hi + 6, trigger.sent.end)] if hi < trigger.sent.end else None
        nxt = [x for x in ctx.times_in(after) if x.start == doc[hi].idx] if after is not None else []
        if nxt and nxt[0].values and any(ch.isdigit() for ch in nxt[0].text):
            return tuple(nxt[0].values), nxt[0].text
        return (), None
    return temporal.event_time(top, ctx)


_SPEECH_ACTS = frozenset({"Proposal", "Rejection", "Veto", "Accusation"})


def _own_modality(verb: Token) -> bool:
    """Whether a verb is itself future, conditional or under a modal (``demanderons``, ``devrait
    proposer``): a demand is planned only then, not because a planning word governs it."""
    from kg.extract.temporal import tense_of

    if tense_of(verb) in ("future", "conditional"):
        return True
    h = verb.head
    return (
        verb.dep_ == "xcomp" and h != verb and h.lemma_.lower() in ("devoir", "aller", "vouloir", "pouvoir")
    )


def sentence_of(tok: Token) -> Span:
    """The sentence a token is read in: the parser's sentence, cut at line breaks.

    Headings and paragraphs are separated by line breaks in dispatches; the statistical
    sentence splitter does not always see them, and an evidence sentence must not run
    across two paragraphs. The cuts of a document are computed once and kept while it lives.
    """
    doc = tok.doc
    bounds = _SENTENCE_BOUNDS.get(doc)
    if bounds is None or len(bounds) != len(doc):
        bounds = _SENTENCE_BOUNDS[doc] = _sentence_bounds(doc)
    start, end = bounds[tok.i]
    return doc[start:end]


_SENTENCE_BOUNDS: weakref.WeakKeyDictionary[Doc, list[tuple[int, int]]] = weakref.WeakKeyDictionary()


def _sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """(start, end) of the sentence of each token: a piece ends with a token holding a line
    break (in its text or the space after it), and loses its trailing space tokens."""
    breaks = ["\n" in t.text or "\n" in t.whitespace_ for t in doc]
    spaces = [t.is_space for t in doc]
    out: list[tuple[int, int]] = [(0, 0)] * len(doc)
    for sent in doc.sents:
        start = sent.start
        for i in range(sent.start, sent.end):
            if breaks[i] or i == sent.end - 1:
                end = i + 1
                trimmed = end
                while trimmed > start and spaces[trimmed - 1]:
                    trimmed -= 1
                out[start:end] = [(start, trimmed)] * (end - start)
                start = end
    return out


def _local_id(d: _Draft) -> str:
    return f"{d.cls.lower()}-{min(t.idx for t in _trigger_tokens(d))}"


_EXTRACTOR_OF = {
    "Proposal": "proposal",
    "Rejection": "rejection",
    "Veto": "veto",
    "ResolutionAdoption": "adoption",
    "Negotiation": "negotiation",
    "Agreement": "agreement",
    "Ceasefire": "ceasefire",
    "Accusation": "accusation",
    "Attack": "attack",
    "AirStrike": "attack",
    "Shelling": "attack",
    "Bombing": "attack",
    "Clash": "clash",
    "Offensive": "offensive",
    "Capture": "capture",
    "Withdrawal": "withdrawal",
    "Evacuation": "evacuation",
    "Release": "release",
    "Displacement": "displacement",
}


def extractor_name(cls: str) -> str:
    """The registered extractor name that emits a class (``"AirStrike"`` -> ``"kg.attack.v1"``)."""
    return f"kg.{_EXTRACTOR_OF[cls]}.v1"


def _object_ref(d: _Draft, by_tok: Mapping[int, list[_Draft]], ctx: DocContext) -> ObjectRef | None:
    c = cues()
    head = d.object_head
    if head is None and d.slots.get("xcomp") and "xcomp" in all_classes()[d.cls].object_slots:
        head = d.slots["xcomp"][0]
    if head is None:
        return None
    text, start, end = _np_text(head, ctx) if head.pos_ not in _VERB_POS else ("", 0, 0)
    if text and any(w in text.lower() for w in c.resolution_words):
        return ObjectRef(kind="Resolution", label=text, start=start, end=end)
    # the object is another event of the same sentence ("sommé le régime de retirer ses forces")
    cand = head
    for _ in range(3):
        others = [o for o in by_tok.get(cand.i, []) if o is not d]
        if others:
            o = others[0]
            return ObjectRef(kind="Event", event_id=_local_id(o))
        nxt = [
            ch
            for ch in cand.children
            if ch.dep_ in ("nmod", "xcomp", "obj") and ch.pos_ in (*_NOUN_POS, *_VERB_POS)
        ]
        if (
            not nxt
            or cand.lemma_.lower() not in (c.container_object | c.draft_nouns)
            and cand.pos_ not in _VERB_POS
        ):
            break
        cand = nxt[0]
    if head.pos_ in _VERB_POS:
        return None
    text, start, end = _np_text(head, ctx)
    low = text.lower()
    kind = (
        "Resolution"
        if any(w in low for w in c.resolution_words) or head.lemma_.lower() in ("texte", "projet")
        else "Thing"
    )
    return ObjectRef(kind=kind, label=text, start=start, end=end)


def _confidence(d: _Draft, frame: ClassFrame, c: Cues) -> float:
    conf = d.match.spec.strength
    core = [r for r in ("agent", "participant", "target") if frame.roles.get(r)]
    filled = sum(1 for r in core if d.roles.filled(r))
    conf += 0.05 * min(filled, 2)
    if core and not filled:
        conf -= 0.1
    if d.roles.place:
        conf += 0.02
    mods = _child_lemmas(d.match.anchor, depth=1)
    if mods & c.hedges or _conditional_clause(d.match.anchor):
        conf -= 0.1
    return round(max(0.05, min(0.99, conf)), 2)


# ---------------------------------------------------------------------------------------------
# The extractor objects the families register


@dataclass(frozen=True)
class FrameExtractor:
    """An event extractor over the shared frame analysis, keeping some classes.

    Satisfies :class:`kg.types.EventExtractor`. Several extractors called on the same
    document share one analysis (:func:`analyse` caches it on the context).

    Attributes:
        name: registered name, e.g. ``"kg.veto.v1"``.
        event_classes: the classes it emits.
    """

    name: str
    event_classes: tuple[str, ...]

    def __post_init__(self) -> None:
        known = all_classes()
        unknown = [c for c in self.event_classes if c not in known]
        if unknown:
            raise ExtractionError(f"no frame for classes {unknown}", where=self.name)

    def __call__(self, doc: Doc, ctx: DocContext) -> list[EventMention]:
        """The mentions of this extractor's classes in a parsed dispatch, in text order."""
        return [e for e in analyse(doc, ctx) if e.event_class in self.event_classes]


def family_extractor(
    family: str, family_classes: tuple[str, ...], classes: tuple[str, ...]
) -> FrameExtractor:
    """An extractor for some classes of one family, under the name registered for them.

    Args:
        family: the family (its lexicon is ``kg/data/lexicons/<family>.v1.json``).
        family_classes: every class the family reads.
        classes: the classes wanted; the first one names the extractor
            (``"AirStrike"`` belongs to ``kg.attack.v1``).

    Raises:
        ExtractionError: no class given, or a class is not one of the family's.
    """
    if not classes:
        raise ExtractionError("no class given", where=family)
    unknown = [c for c in classes if c not in family_classes]
    if unknown:
        raise ExtractionError(
            f"not a {family} class: {unknown}", where=family, hint=f"one of {family_classes}"
        )
    lexicon(family)  # fail early on a broken lexicon
    return FrameExtractor(name=extractor_name(classes[0]), event_classes=tuple(classes))
