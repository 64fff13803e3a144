"""Statements: who said what, read from reporting verbs and quotations.

A :class:`Report` is a reporting verb ("a affirmé", "indique", "a-t-il dit", "a fait état
de") with its speaker(s) and quotation; :class:`StatementExtractor` turns every report
with a named speaker into a ``Statement`` event. The casualty extractor reads the same
reports to know who gives a toll ("a indiqué le ministère").

Speakers, in order of preference:

* the deep subject of the verb, before it ("La Russie a affirmé") or inverted after it
  ("a affirmé à l'AFP Abou X, un responsable du groupe Y" -> Abou X; the addressee "à l'AFP"
  is skipped); a named person in the subject phrase wins over the body he speaks for
  ("le porte-parole de l'armée, le général X" -> X), an unnamed spokesperson gives
  the body ("le porte-parole du ministère" -> the ministry);
* a pronoun subject ("a-t-il dit", "Elle a ajouté") takes the speaker of the previous
  statement, or the actor subject of the previous sentence;
* anonymous sources ("une source sécuritaire", "des sources de sécurité") and the agency's
  own staff ("un correspondant de l'AFP") give no speaker, hence no Statement; "selon X"
  alone is a source, not a statement, and is not read here.

One Statement is made per sentence and speaker: a second reporting verb of the same
speaker in the same sentence adds nothing.

The vocabulary lives in ``kg/data/lexicons/statement.v1.json``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kg.extract import _syntax as syn
from kg.extract.temporal import event_status, event_time
from kg.resources import load_lexicon
from kg.types import DocContext, Entity, EventMention

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["NAME", "Report", "StatementExtractor", "find_reports", "quotes_in", "speakers_of_phrase"]

log = logging.getLogger(__name__)

NAME = "kg.statement.v1"
_LEXICON = "statement.v1.json"

# Kinds that can speak publicly; collectives ("les habitants", "les rebelles") cannot.
_SPEAKER_KINDS = frozenset(
    {"Person", "State", "IntergovernmentalOrganization", "ArmedGroup", "ArmedForces", "Organization"}
)
_PLACE_KINDS = frozenset({"City", "Region", "Country", "District", "Place"})
_QUOTE_RX = re.compile(r"«\s*(.+?)\s*»|\"\s*([^\"]+?)\s*\"", re.DOTALL)
_MAX_QUOTE_GAP = 600  # characters: a quote this far from the verb is not its content
_LOOKBACK_CHARS = 600  # a pronoun speaker is looked for this far back
_FEMININE_ENDINGS = ("trice", "esse", "euse", "ière", "ienne", "onne", "ée")
_CLITICS = frozenset({"il", "elle", "ils", "elles", "on"})
_SKIPPABLE = frozenset(
    {
        "ne",
        "n'",
        "pas",
        "également",
        "aussi",
        "encore",
        "-t",
        "t",
        "-il",
        "-elle",
        "-ils",
        "-elles",
        "-on",
        "pour",
        "sa",
        "part",
        "lui",
        "elle",
        "eux",
        "de",
        "son",
        "côté",
        "y",
    }
)


def _lex() -> dict[str, Any]:
    return load_lexicon(_LEXICON)


@dataclass(frozen=True)
class Report:
    """A reporting verb and what it tells about the speaker.

    Attributes:
        verb: the reporting verb token.
        speakers: entity keys of the speaker(s); empty when anonymous or unknown.
        anonymous: the speaker is an anonymous source ("une source militaire").
        quote: the quoted words belonging to the report, if any.
    """

    verb: Token
    speakers: tuple[str, ...]
    anonymous: bool
    quote: str | None


# ---------------------------------------------------------------------------------------------
# Quotes


def quotes_in(text: str) -> list[tuple[int, int, str]]:
    """Quotations in a text: ``(start, end, words)`` for each « … » or "…" pair.

    >>> quotes_in('Il a dit « non » puis "oui".')
    [(9, 16, 'non'), (22, 27, 'oui')]
    """
    out = []
    for m in _QUOTE_RX.finditer(text):
        words = (m.group(1) or m.group(2) or "").strip()
        if words:
            out.append((m.start(), m.end(), re.sub(r"\s+", " ", words)))
    return out


def _quote_for(verb: Token, sent: Span, quotes: list[tuple[int, int, str]], text: str) -> str | None:
    """The quotations of the sentence a reporting verb is in (a quote may open in an earlier sentence)."""
    start, end = sent.start_char, sent.end_char
    lead = text[start : verb.idx].strip(" ,\n")
    if not lead or lead.lower() in ("a", "avait", "ont", "avaient"):
        # The segmenter cut right after the quote: take the quote that ends just before.
        start = max((q[0] for q in quotes if q[1] <= start and start - q[1] <= 3), default=start)
    picked = [q for q in quotes if q[0] < end and q[1] > start and abs(q[0] - verb.idx) < _MAX_QUOTE_GAP]
    if not picked:
        return None
    return " … ".join(q[2] for q in picked)


# ---------------------------------------------------------------------------------------------
# Reporting verbs


def _is_multiword_report(tok: Token) -> bool:
    for mw in _lex()["multiword"]:
        if tok.lemma_.lower() == mw["lemma"] and any(
            c.lower_ == mw["with"] and c.dep_ == mw["dep"] for c in tok.children
        ):
            return True
    return False


def _is_clitic_subject(tok: Token) -> bool:
    """The subject clitic of an inverted verb ("a-t-il dit": ``-il``; the parser may call it anything)."""
    return tok.pos_ == "PRON" and tok.text.startswith("-") and tok.lower_.lstrip("-t") in _CLITICS


def _clitic_of(verb: Token) -> Token | None:
    """The subject clitic next to an inverted verb ("a-t-elle lancé", "crie-t-il").

    The parser attaches it anywhere, so it is looked for by position.
    """
    doc = verb.doc
    lo, hi = max(verb.sent.start, verb.i - 3), min(verb.sent.end, verb.i + 3)
    for k in range(lo, hi):
        t = doc[k]
        if k != verb.i and _is_clitic_subject(t) and t.lower_ not in ("-t", "t"):
            between = doc[min(k, verb.i) + 1 : max(k, verb.i)]
            if all(
                x.dep_.startswith("aux") or x.lower_ in ("-t", "t") or _is_clitic_subject(x) for x in between
            ):
                return t
    return None


def _in_incise(verb: Token) -> bool:
    """The verb follows what it reports: «…», a-t-il dit / …, a indiqué la présidence."""
    doc = verb.doc
    for c in verb.children:
        if c.dep_ in ("nsubj", "nsubj:pass") and c.i < verb.i and not c.text.startswith("-"):
            # A subject before the verb, unless it is inside the quotation the verb closes.
            if not any(doc[k].text in ("»", '"') for k in range(c.i + 1, verb.i)):
                return False
    k = verb.i - 1
    start = verb.sent.start
    while k >= start and (
        verb.doc[k].dep_.startswith("aux") or verb.doc[k].lower_ in _SKIPPABLE or verb.doc[k].is_space
    ):
        k -= 1
    if k < start:
        # Sentence-initial (the segmenter cut after the quote): incise if a quote closes just before.
        return k >= 0 and verb.doc[k].text in ("»", '"', ",") or (k < 0)
    return verb.doc[k].text in (",", "»", '"', "«", ":") or _clitic_of(verb) is not None


def _verb_lemma(tok: Token) -> str:
    """The lemma, repaired when the lemmatiser left an inflected form ("indique" for "indiquer")
    or the tagger took the verb for another word ("dément")."""
    lemma = tok.lemma_.lower()
    verbs = _lex()["reporting_verbs"]
    if lemma in verbs:
        return lemma
    if _mistagged(tok):
        return str(_lex()["mistagged_forms"]["forms"][tok.lower_])
    for cand in (
        lemma + "r",
        lemma[:-1] + "er" if lemma.endswith("ent") else "",
        lemma.removesuffix("nt") + "r",
    ):
        if cand in verbs:
            return cand
    return lemma


def _mistagged(tok: Token) -> bool:
    """A reporting verb the tagger read as another word, right after its subject ("Kigali dément …")."""
    return (
        tok.pos_ not in ("VERB", "AUX")
        and tok.lower_ in _lex()["mistagged_forms"]["forms"]
        and tok.i > 0
        and tok.doc[tok.i - 1].pos_ in ("PROPN", "NOUN", "PRON")
    )


def _is_reporting(tok: Token, quotes_near: bool) -> bool:
    lex = _lex()
    lemma = _verb_lemma(tok)
    if _mistagged(tok):
        return True
    if tok.pos_ not in ("VERB", "AUX"):
        return False
    multi = _is_multiword_report(tok)
    if lemma not in lex["reporting_verbs"] and not multi:
        return False
    form = tok.morph.get("VerbForm", [])
    has_aux = any(c.dep_.startswith("aux") for c in tok.children)
    if form == ["Part"] and not has_aux:
        return False  # "le chiffre avancé par…", "dénonçant une attaque": not a statement of its own
    if lemma in lex["reflexive_only"] and not syn.has_reflexive(tok):
        return False
    if lemma in lex["quote_only_verbs"] and not (quotes_near and _in_incise(tok)):
        return False
    if form == ["Inf"] and not has_aux:
        return False  # "demander à l'Assemblée de dire…": a demanded act; "après avoir dit…" is kept
    if tok.dep_ == "acl:relcl":
        # "ce qu'il dit être…" reports nothing; "l'ONU, qui les qualifie de…" and "ce que l'ONU qualifie
        # de…" do.
        subj = [c for c in tok.children if c.dep_ == "nsubj"]
        if not subj or (subj[0].pos_ == "PRON" and subj[0].lower_ != "qui"):
            return False
    if multi:
        return True
    has_content = any(
        c.dep_ in ("ccomp", "xcomp", "obj", "obl:arg", "parataxis", "csubj") for c in tok.children
    ) or (tok.dep_ == "parataxis")
    return has_content or _in_incise(tok) or quotes_near or lemma in lex["absolute_verbs"]["words"]


# ---------------------------------------------------------------------------------------------
# Speakers


def _np_tokens(head: Token) -> list[Token]:
    """The noun phrase of a head, without its relative clauses and clausal modifiers."""
    out = []
    stack = [head]
    while stack:
        t = stack.pop()
        out.append(t)
        for c in t.children:
            if c.dep_ in ("acl:relcl", "acl", "advcl", "ccomp", "parataxis", "punct") and c.pos_ != "PROPN":
                continue
            if c.dep_ == "conj":
                continue  # coordinated speakers are read separately
            stack.append(c)
    return sorted(out, key=lambda t: t.i)


def _pp_between(tok: Token, head: Token) -> bool:
    """A preposition lies on the path from a token up to the phrase head ("l'allié du régime de X")."""
    t = tok
    for _ in range(8):
        if t == head:
            return False
        if any(c.dep_ == "case" for c in t.children):
            return True
        if t.head == t:
            return True
        t = t.head
    return True


def _is_non_speaker(ent: Entity, ctx: DocContext) -> bool:
    lex = _lex()
    names = {ent.label.lower(), *(a.lower() for a in ent.aliases)}
    publisher = (ctx.dispatch.publisher or "").lower()
    return bool(names & lex["non_speakers"]) or (bool(publisher) and publisher in names)


def speakers_of_phrase(head: Token, ctx: DocContext) -> tuple[tuple[str, ...], bool]:
    """Who a noun phrase names as a speaker or source, and whether it is an anonymous source.

    A named person in the phrase (not inside a prepositional complement) wins ("le porte-parole
    de l'armée, le général X" -> X); else the entity of the head ("la Russie", "l'OSDH");
    an unnamed spokesperson or document gives the body it belongs to ("le porte-parole du
    ministère" -> the ministry); an indefinite or anonymous head ("une source militaire
    malienne", "un médiateur égyptien") gives no key and ``anonymous=True``.

    Args:
        head: the head token of the phrase.
        ctx: the document context.

    Returns:
        ``(keys, anonymous)``.
    """
    lex = _lex()
    head_word = head.lower_
    if head_word in lex["non_speakers"] or head.lemma_.lower() in lex["non_speakers"]:
        return (), False
    toks = _np_tokens(head)
    persons: list[str] = []
    actors: list[str] = []
    named: list[bool] = []
    posted: list[bool] = []  # named where the speaker is posted: "l'ambassadeur russe à l'ONU"
    # "le porte-parole du ministère de l'Intérieur, X": the holder of a role is named in apposition,
    # wherever the parser hangs it.
    role_head = head.lemma_.lower() in lex["person_roles"] or head_word in lex["person_roles"]
    held_by: list[str] = []
    for t in toks:
        e = ctx.actor_at(t)
        if e is None or e.kind not in _SPEAKER_KINDS or _is_non_speaker(e, ctx):
            continue
        if e.kind == "Person" and e.key not in persons:
            if ctx.actor_at(head) == e or not _pp_between(t, head):
                persons.append(e.key)
            elif role_head and e.key not in held_by:
                held_by.append(e.key)
        if e.key not in actors:
            actors.append(e.key)
            named.append(t.pos_ == "PROPN")
            posted.append(t.i > head.i and syn.case_of(t) in ("à", "auprès de"))
    # Named bodies before demonyms ("l'agence de presse libanaise Ani" -> Ani, not Lebanon), but
    # whom a representative is posted to last ("l'ambassadeur russe à l'ONU" -> Russia).
    order = sorted(range(len(actors)), key=lambda k: (posted[k], not named[k]))
    actors = [actors[k] for k in order]
    if persons:
        return (persons[0],), False
    if held_by:
        return (held_by[-1],), False  # the apposition closes the phrase: "le porte-parole de X, Y" -> Y
    head_ent = ctx.actor_at(head)
    if head_ent is not None and head_ent.kind in _SPEAKER_KINDS and not _is_non_speaker(head_ent, ctx):
        return (head_ent.key,), False
    indefinite = any(c.dep_ == "det" and c.lower_ in ("un", "une", "des", "plusieurs") for c in head.children)
    anonymous = (
        head.lemma_.lower() in lex["anonymous_heads"]
        or head_word in lex["anonymous_heads"]
        or (indefinite and head.pos_ == "NOUN")
    )
    if anonymous and head.lemma_.lower() not in lex["spokesperson_heads"]:
        return (), True
    if head.lemma_.lower() in lex["spokesperson_heads"] or head_word in lex["spokesperson_heads"]:
        return (tuple(actors[:1]), False) if actors else ((), False)
    if head.pos_ == "PROPN" and actors:
        return (actors[0],), False
    if actors and head.pos_ == "NOUN" and not any(t.i < head.i for t in toks if ctx.actor_at(t)):
        # "le ministère de l'Intérieur des rebelles" with only the owner known: the owner speaks.
        return (actors[0],), False
    return (), False


def _is_pronoun(tok: Token) -> bool:
    return tok.pos_ == "PRON" and tok.lower_.lstrip("-t").lstrip("-") in (
        "il",
        "elle",
        "ils",
        "elles",
        "celui-ci",
        "celle-ci",
    )


def _mention_start(tok: Token, ctx: DocContext) -> int:
    m = ctx.mention_at(tok) if hasattr(ctx, "mention_at") else None
    return m.start if m is not None else tok.idx


def _after_preposition(tok: Token, ctx: DocContext) -> bool:
    """The name begins right after a preposition (and its article): "à l'AFP", "sur Telegram"."""
    doc = tok.doc
    start = _mention_start(tok, ctx)
    k = tok.i
    while k > 0 and doc[k].idx > start:
        k -= 1
    k -= 1
    while k >= 0 and doc[k].pos_ == "DET":
        k -= 1
    return k >= 0 and doc[k].pos_ == "ADP"


def _in_pp(tok: Token, verb: Token) -> bool:
    t = tok
    for _ in range(6):
        if any(c.dep_ == "case" for c in t.children) or t.dep_ in ("obl:mod", "advmod"):
            return True
        if t.head == verb or t.head == t:
            return False
        t = t.head
    return True


def _inverted_subject(verb: Token, ctx: DocContext) -> Token | None:
    """The subject written after the verb: the first name or noun that is not in a prepositional phrase.

    Addressees and other complements ("à l'AFP", "sur Telegram", "dans un communiqué") and
    time expressions ("quelques minutes plus tard") are skipped; the scan stops at the
    reported clause.
    """
    sent = verb.sent
    times = [(t.start, t.end) for t in ctx.times_in(sent)]
    for t in verb.doc[verb.i + 1 : sent.end]:
        e = ctx.actor_at(t)
        if e is not None and e.kind in _SPEAKER_KINDS and not _is_non_speaker(e, ctx):
            if not _after_preposition(t, ctx):
                return t
            continue
        if t.dep_ in ("ccomp", "xcomp") and t.pos_ in ("VERB", "AUX") or t.text in ("«", '"', ":"):
            return None
        if t.lower_ in ("que", "qu'"):
            return None
        if any(s <= t.idx < e for s, e in times):
            continue
        if t.pos_ in ("NOUN", "PROPN") and ctx.entity_at(t) is None and not _in_pp(t, verb):
            return t
    return None


def _last_actor_before(tok: Token, ctx: DocContext) -> Token | None:
    k = tok.i - 1
    while k >= 0 and (tok.doc[k].is_space or tok.doc[k].is_punct and tok.doc[k].text not in ("»", '"')):
        k -= 1
    if k < 0:
        return None
    e = ctx.actor_at(tok.doc[k])
    return tok.doc[k] if e is not None and e.kind in _SPEAKER_KINDS else None


def _fronted_actor(verb: Token, ctx: DocContext) -> tuple[str, ...]:
    """The last speaker-like name before the verb in its sentence, outside quotes and prepositional phrases.

    A fallback for parses that lose the subject ("Un peu plus tôt, X, en déplacement, avait estimé").
    """
    doc = verb.doc
    quoted = False
    for k in range(verb.i - 1, verb.sent.start - 1, -1):
        t = doc[k]
        if t.text in ("»", '"'):
            quoted = not quoted
        if quoted:
            continue
        e = ctx.actor_at(t)
        if (
            e is not None
            and e.kind in _SPEAKER_KINDS
            and not _is_non_speaker(e, ctx)
            and not _after_preposition(t, ctx)
            and e.kind == "Person"
        ):
            return (e.key,)
    return ()


def _subject_heads(verb: Token, ctx: DocContext) -> list[Token]:
    subs: list[Token] = []
    clitic = _clitic_of(verb)
    if clitic is not None:
        return [clitic]
    if _mistagged(verb):  # "Kigali dément …": the parse hangs the subject elsewhere; it is the word before
        return [verb.doc[verb.i - 1]]
    first = verb.sent[0]
    if first.text == "," and not any(
        t.pos_ in ("VERB", "AUX") and t.i != verb.i and not t.dep_.startswith("aux")
        for t in verb.doc[first.i : verb.i]
    ):
        # The segmenter cut the subject off ("Pékin | , officiellement neutre, a répété…").
        before = _last_actor_before(first, ctx)
        if before is not None:
            return [before]
    if _in_incise(verb):
        inv = _inverted_subject(verb, ctx)
        if inv is not None:
            subs = [inv]
    if not subs:
        subs = [s for s in syn.deep_subjects(verb) if s.lower_ not in ("-t", "t")]
    infinitive = verb.morph.get("VerbForm", []) == ["Inf"] or any(
        c.dep_.startswith("aux") and c.morph.get("VerbForm", []) == ["Inf"] for c in verb.children
    )
    if not subs and infinitive and verb.head != verb:
        # "après avoir dit…": the subject of the clause it hangs from.
        subs = [s for s in syn.deep_subjects(verb.head) if s.i != verb.i]
    out: list[Token] = []
    for s in subs:
        for c in syn.conjuncts(s):
            if c not in out and (c == s or c.pos_ in ("NOUN", "PROPN")):
                out.append(c)
    return out


def _gender(tok: Token) -> str | None:
    if tok.lower_.endswith(_FEMININE_ENDINGS):
        return "Fem"  # the tagger often calls "ambassadrice" masculine
    g = tok.morph.get("Gender", [])
    return g[0] if g else None


def _agrees(pronoun: Token, antecedent: Token | None) -> bool:
    """A pronoun and the head of its candidate antecedent agree in gender (unknown agrees)."""
    if antecedent is None:
        return True
    word = pronoun.lower_.lstrip("-t").lstrip("-")
    want = "Fem" if word.startswith("elle") else "Masc" if word.startswith("il") else None
    have = _gender(antecedent)
    return want is None or have is None or antecedent.pos_ == "PROPN" or want == have


def _previous_actor_subject(sent: Span, ctx: DocContext, pronoun: Token) -> tuple[str, ...]:
    """The actor subject of the root of the sentence before ``sent``."""
    doc = sent.doc
    if sent.start == 0:
        return ()
    prev = doc[sent.start - 1].sent
    root = prev.root
    for s in [c for c in root.children if c.dep_ in ("nsubj", "nsubj:pass")]:
        keys, _ = speakers_of_phrase(s, ctx)
        if keys and _agrees(pronoun, s):
            return keys
    return ()


def _collective_antecedents(head: Token, ctx: DocContext) -> tuple[str, ...]:
    """ "les deux dirigeants" after naming two leaders: the persons (or else states) named before it."""
    if (
        head.lemma_.lower() not in _lex()["collective_heads"]
        and head.lower_ not in _lex()["collective_heads"]
    ):
        return ()
    if not any(c.lower_ in ("les", "deux", "ces") for c in head.children):
        return ()
    persons: list[str] = []
    others: list[str] = []
    region = _sentence_start(head.doc.text, head.idx, 0)
    for t in head.doc[: head.i]:
        if t.idx < region:
            continue
        e = ctx.actor_at(t)
        if e is None or e.kind not in _SPEAKER_KINDS:
            continue
        bucket = persons if e.kind == "Person" else others
        if e.key not in bucket:
            bucket.append(e.key)
    found = persons if len(persons) >= 2 else others if len(others) >= 2 else []
    return tuple(found[:4])


@dataclass(frozen=True)
class _Said:
    """An earlier report, for resolving a later pronoun speaker."""

    start: int
    speakers: tuple[str, ...]
    anonymous: bool
    head: Token | None


def _speakers(
    verb: Token, ctx: DocContext, history: list[_Said]
) -> tuple[tuple[str, ...], bool, Token | None]:
    keys: list[str] = []
    anonymous = False
    heads = _subject_heads(verb, ctx)
    head_tok: Token | None = heads[0] if heads else None
    for h in heads:
        if _is_pronoun(h) or _is_clitic_subject(h):
            window = [x for x in history if verb.idx - x.start <= _LOOKBACK_CHARS]
            agreeing = [x for x in window if _agrees(h, x.head)]
            found: tuple[str, ...] = ()
            if agreeing:
                found, anonymous, head_tok = agreeing[-1].speakers, agreeing[-1].anonymous, agreeing[-1].head
            else:
                found = _previous_actor_subject(verb.sent, ctx, h)
                if not found and window:  # agreement is only a preference: the tagger's gender is unreliable
                    found, anonymous, head_tok = window[-1].speakers, window[-1].anonymous, window[-1].head
            keys.extend(k for k in found if k not in keys)
            continue
        if h.lower_ == "on":
            anonymous = True
            continue
        hk, anon = speakers_of_phrase(h, ctx)
        if not hk and not anon:
            hk = _collective_antecedents(h, ctx)
        anonymous = anonymous or anon
        keys.extend(k for k in hk if k not in keys)
    if not keys and not anonymous:
        keys.extend(_fronted_actor(verb, ctx))
    if keys:
        anonymous = False
    return tuple(keys), anonymous, head_tok


# ---------------------------------------------------------------------------------------------
# Reports and statements


# The statement and casualty extractors both read the reports of a document: keep the last ones.
_last_reports: tuple[Doc, DocContext, tuple[Report, ...]] | None = None


def find_reports(doc: Doc, ctx: DocContext) -> list[Report]:
    """Every reporting verb of a document, with its speakers and quotation.

    Args:
        doc: the parsed dispatch.
        ctx: the document context (entities of tokens).

    Returns:
        Reports in text order; anonymous or unresolved ones have no speakers.
    """
    global _last_reports
    if _last_reports is not None and _last_reports[0] is doc and _last_reports[1] is ctx:
        return list(_last_reports[2])
    text = doc.text
    quotes = quotes_in(text)
    out: list[Report] = []
    history: list[_Said] = []
    for sent in doc.sents:
        near = any(q[0] < sent.end_char and q[1] > sent.start_char for q in quotes)
        for tok in sent:
            if not _is_reporting(tok, near):
                continue
            speakers, anonymous, head = _speakers(tok, ctx, history)
            rep = Report(
                verb=tok, speakers=speakers, anonymous=anonymous, quote=_quote_for(tok, sent, quotes, text)
            )
            out.append(rep)
            if speakers or anonymous:
                history.append(_Said(tok.idx, speakers, anonymous, head))
    _last_reports = (doc, ctx, tuple(out))
    return out


def _place_of(verb: Token, ctx: DocContext) -> tuple[str, ...]:
    """Where the statement was made: a place complement of the verb ("A New York, X a affirmé")."""
    cases = _lex()["place_cases"] | {"a"}  # "A New York": the capital A lost its accent
    out: list[str] = []
    for c in verb.children:
        if c.dep_ not in ("obl", "obl:mod"):
            continue
        if c.lower_ in cases:  # the parser made the preposition the head ("A" <- "New York")
            heads = [x for x in c.children if x.dep_ in ("nmod", "flat:foreign", "flat:name", "obj")] + [c]
        elif any(x.dep_ == "case" and x.lower_ in cases for x in c.children):
            heads = [c]
        else:
            continue
        for h in heads:
            p = ctx.place_at(h)
            if p is not None and p.kind in _PLACE_KINDS and p.key not in out:
                out.append(p.key)
    return tuple(out)


_SENTENCE_BREAK = re.compile(r"(?:[.!?]\s+(?=[«\"A-ZÀ-Ý])|\n)")


def _sentence_start(text: str, idx: int, floor: int) -> int:
    """Where the sentence of ``idx`` begins, by punctuation and line breaks (the parser's
    segmentation sometimes joins paragraphs), never before ``floor``."""
    start = floor
    for m in _SENTENCE_BREAK.finditer(text, floor, idx):
        start = m.end()
    return start


def _words(text: str | None) -> list[str]:
    return re.findall(r"\w+", (text or "").lower())


def _same_statement(
    start: int, who: frozenset[str], quote: str | None, start2: int, who2: frozenset[str], quote2: str | None
) -> bool:
    """Same sentence and speaker, or the same speaker repeating the same quoted words."""
    if not who & who2:
        return False
    if start == start2:
        return True
    a, b = _words(quote), _words(quote2)
    if len(a) < 4 or len(b) < 4:
        return False
    grams_a = {tuple(a[i : i + 4]) for i in range(len(a) - 3)}
    grams_b = {tuple(b[i : i + 4]) for i in range(len(b) - 3)}
    return len(grams_a & grams_b) >= 2


@dataclass(frozen=True)
class StatementExtractor:
    """``kg.statement.v1``: ``Statement`` events from reporting verbs with a named speaker."""

    name: str = NAME
    event_classes: tuple[str, ...] = ("Statement",)

    def __call__(self, doc: Doc, ctx: DocContext) -> Iterable[EventMention]:
        """Statements of a parsed dispatch, in text order.

        Args:
            doc: the parsed dispatch (``doc.text`` is the body).
            ctx: the document context.

        Returns:
            One ``Statement`` per sentence and speaker.
        """
        return list(self._mentions(doc, ctx))

    def _mentions(self, doc: Doc, ctx: DocContext) -> Iterator[EventMention]:
        said: list[tuple[int, frozenset[str], str | None]] = []
        text = doc.text
        for rep in find_reports(doc, ctx):
            if not rep.speakers:
                continue
            sent = rep.verb.sent
            who = frozenset(rep.speakers)
            region = _sentence_start(text, rep.verb.idx, sent.start_char)
            if any(_same_statement(region, who, rep.quote, s, w, q) for s, w, q in said):
                continue
            said.append((region, who, rep.quote))
            dates, date_text = event_time(rep.verb, ctx)
            trigger = ctx.evidence(doc[rep.verb.i : rep.verb.i + 1])
            yield EventMention(
                local_id=f"statement-{trigger.start}",
                event_class="Statement",
                trigger=trigger,
                evidence=(ctx.evidence(sent),),
                agent=rep.speakers,
                place=_place_of(rep.verb, ctx),
                date=tuple(dates),
                date_text=date_text,
                status=event_status(rep.verb, ctx),
                quote=rep.quote,
                confidence=0.8 if rep.quote else 0.7,
                extractor=self.name,
            )
